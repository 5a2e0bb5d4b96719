// SPDX-License-Identifier: Apache-2.0
// RFC 3339 times as vendors send them, read into whole-second instants.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <string_view>

namespace sb {

// Parses a time such as "2026-11-20T10:00:00.123456789Z" as parse_instant does. Instants are
// whole seconds, so a fraction of any length right after the seconds is dropped; a dot without
// digits, a second fraction or a dot anywhere else makes it fail like any other garbage.
Result<Instant> parse_rfc3339(std::string_view text);

} // namespace sb
