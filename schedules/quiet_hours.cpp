// SPDX-License-Identifier: Apache-2.0
#include "schedules/quiet_hours.hpp"

#include <date/tz.h>

namespace sb::schedules {

Instant quiet_until(QuietHours const& quiet, Instant at) {
    if (quiet.start == quiet.end)
        return at;
    auto const* zone = date::locate_zone(quiet.zone);
    auto local = zone->to_local(at);
    auto day = date::floor<date::days>(local);
    auto minute = std::chrono::duration_cast<std::chrono::minutes>(local - day);
    auto to_instant = [zone](date::local_seconds when) {
        return zone->to_sys(when, date::choose::earliest);
    };
    if (quiet.start < quiet.end) {
        if (minute >= quiet.start && minute < quiet.end)
            return std::max(at, to_instant(day + quiet.end));
        return at;
    }
    // Across midnight: quiet from start to midnight, and from midnight to end.
    if (minute >= quiet.start)
        return std::max(at, to_instant(day + date::days{1} + quiet.end));
    if (minute < quiet.end)
        return std::max(at, to_instant(day + quiet.end));
    return at;
}

} // namespace sb::schedules
