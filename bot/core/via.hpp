// SPDX-License-Identifier: Apache-2.0
// Through which interface a change came; chat adapters set it, the audit log records it.
#pragma once

#include <optional>
#include <string_view>

namespace sb {

enum class Via { system, webhook, source, console, slack, matrix, push, api, web, cli, config };

char const* to_string(Via via);
std::optional<Via> via_from_string(std::string_view text);

} // namespace sb
