// SPDX-License-Identifier: Apache-2.0
// Shifts as an RFC 5545 calendar: one VEVENT per shift, stable UIDs, local times with VTIMEZONE.
#pragma once

#include "schedules/resolver.hpp"

#include <string>
#include <vector>

namespace sb::schedules {

struct CalendarShifts {
    std::string team;
    date::time_zone const* zone = nullptr;
    std::vector<Assignment> shifts; // spans with a person; others are skipped
};

// The UID of a shift is derived from team, layer, person and start, so exporting the same range
// twice yields the same events and calendar clients update instead of duplicating. DTSTAMP is
// the shift's start, which keeps the output a pure function of its inputs.
std::string export_ical(std::vector<CalendarShifts> const& calendars,
                        std::string const& calendar_name);

} // namespace sb::schedules
