// SPDX-License-Identifier: Apache-2.0
// Reads absences and holidays from iCalendar text, expanding RRULE, RDATE and EXDATE.
#pragma once

#include "base/result.hpp"
#include "schedules/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sb::schedules {

struct CalendarEvent {
    std::string uid;
    std::string summary;
    bool all_day = false;
    Instant start{}; // all-day events: local midnight of the first day in the given zone
    Instant end{};
    date::local_days first_day{}; // all-day events: the days [first_day, end_day)
    date::local_days end_day{};
};

// Every occurrence of every VEVENT overlapping [from, to), sorted by start. Times without a
// zone and all-day dates are read in `zone`.
Result<std::vector<CalendarEvent>> import_ical(std::string_view text, Instant from, Instant to,
                                               date::time_zone const* zone);

// One absence per occurrence.
std::vector<Absence> absences_from_events(std::vector<CalendarEvent> const& events,
                                          std::string const& person, AbsenceKind kind);

// One holiday per day of each all-day occurrence, named by its summary; timed events are not
// holidays and are skipped.
std::vector<Holiday> holidays_from_events(std::vector<CalendarEvent> const& events);

} // namespace sb::schedules
