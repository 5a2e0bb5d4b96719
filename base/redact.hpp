// SPDX-License-Identifier: Apache-2.0
// Log lines never carry a secret: request targets lose their claim and sign-in tokens, query
// values and API tokens before they are logged.
#pragma once

#include <string>
#include <string_view>

namespace sb {

// The request target as a log may show it: the path segment after /claim/ becomes "[redacted]",
// every query value becomes "[redacted]" (names stay, so "?t=[redacted]"), and anything that
// looks like an API token (sbt_…) becomes "sbt_[redacted]". Control characters are escaped so a
// hostile target cannot forge log lines.
std::string redact_target(std::string_view target);

// Any text for a log line (an error, a URL): API tokens and "access_token=" values go.
std::string redact_secrets(std::string_view text);

} // namespace sb
