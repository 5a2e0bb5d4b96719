// SPDX-License-Identifier: Apache-2.0
// Instants, durations and their text forms (ISO 8601 and "1h30m"), through date/tz.
#pragma once

#include "base/result.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace sb {

// Every instant in switchboard is UTC with second resolution; zones apply only at the edges.
using Instant = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;

// Parses "2026-12-24T19:30+01:00", "2026-12-24T18:30:00Z", "2026-12-24T19:30 Europe/Berlin"
// and, with default_zone, a bare local "2026-12-24T19:30" or a date "2026-12-24" (its midnight).
Result<Instant> parse_instant(std::string_view text, std::string_view default_zone = {});

// "2026-12-24T19:30:00+01:00" in the given IANA zone ("UTC" gives "Z").
std::string format_instant(Instant at, std::string_view zone = "UTC");

// Parses "90s", "10m", "1h30m", "2d", "1w" (units s, m, h, d, w; at least one part).
Result<Seconds> parse_duration(std::string_view text);

// "1h 30m", "2d 3h", "45s": short and readable, for cards and chat replies.
std::string format_duration(Seconds duration);

// True when name is a zone in the system's IANA database.
bool is_known_zone(std::string_view name);

// How the store keeps instants: whole seconds since the Unix epoch.
inline std::int64_t seconds_of(Instant at) {
    return at.time_since_epoch().count();
}
inline Instant instant_of(std::int64_t seconds) {
    return Instant{Seconds{seconds}};
}

} // namespace sb
