// SPDX-License-Identifier: Apache-2.0
// Calendar import through libical's parser and recurrence expansion.
#include "schedules/ical_import.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <memory>

namespace sb::schedules {
namespace {

struct ComponentDeleter {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using ComponentPointer = std::unique_ptr<icalcomponent, ComponentDeleter>;

icaltimetype utc_time(Instant at) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(at.time_since_epoch().count()), 0,
                                         icaltimezone_get_utc_timezone());
}

struct Expansion {
    icalcomponent* event = nullptr;
    date::time_zone const* zone = nullptr;
    bool all_day = false;
    bool floating = false;
    date::days length{1}; // all-day events
    Instant from{};
    Instant to{};
    std::vector<CalendarEvent>* out = nullptr;
};

void on_occurrence(icalcomponent* /*component*/, icaltime_span* span, void* data) {
    auto& expansion = *static_cast<Expansion*>(data);
    CalendarEvent event;
    if (auto const* uid = icalcomponent_get_uid(expansion.event))
        event.uid = uid;
    if (auto const* summary = icalcomponent_get_summary(expansion.event))
        event.summary = summary;
    event.all_day = expansion.all_day;
    Instant start{std::chrono::seconds(span->start)};
    Instant end{std::chrono::seconds(span->end)};
    if (expansion.all_day) {
        // libical places a date at midnight UTC; the date itself is what counts.
        event.first_day = date::local_days(date::floor<date::days>(start).time_since_epoch());
        event.end_day = event.first_day + expansion.length;
        event.start =
            expansion.zone->to_sys(date::local_seconds(event.first_day), date::choose::earliest);
        event.end =
            expansion.zone->to_sys(date::local_seconds(event.end_day), date::choose::earliest);
    } else if (expansion.floating) {
        // A time without zone is wall-clock time wherever the reader is: the team's zone.
        event.start = expansion.zone->to_sys(date::local_seconds(start.time_since_epoch()),
                                             date::choose::earliest);
        event.end = expansion.zone->to_sys(date::local_seconds(end.time_since_epoch()),
                                           date::choose::earliest);
    } else {
        event.start = start;
        event.end = end;
    }
    if (event.end > expansion.from && event.start < expansion.to)
        expansion.out->push_back(std::move(event));
}

} // namespace

Result<std::vector<CalendarEvent>> import_ical(std::string_view text, Instant from, Instant to,
                                               date::time_zone const* zone) {
    if (zone == nullptr)
        return unexpected(ErrorCode::invalid_argument, "no time zone to read the calendar in",
                          "ical");
    std::string copy(text);
    ComponentPointer root(icalparser_parse_string(copy.c_str()));
    if (!root)
        return unexpected(ErrorCode::invalid_argument,
                          "not an iCalendar text (no BEGIN:VCALENDAR found)", "ical");
    icalcomponent* calendar = root.get();
    if (icalcomponent_isa(calendar) == ICAL_XROOT_COMPONENT)
        calendar = icalcomponent_get_first_component(calendar, ICAL_VCALENDAR_COMPONENT);
    if (calendar == nullptr || icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
        return unexpected(ErrorCode::invalid_argument, "the text holds no VCALENDAR", "ical");

    std::vector<CalendarEvent> out;
    // A day of margin each side: all-day and floating occurrences are placed in UTC first.
    auto range_start = utc_time(from - date::days{2});
    auto range_end = utc_time(to + date::days{2});
    for (auto* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         event != nullptr;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        auto start = icalcomponent_get_dtstart(event);
        if (icaltime_is_null_time(start)) {
            std::string uid = icalcomponent_get_uid(event) ? icalcomponent_get_uid(event) : "?";
            return unexpected(ErrorCode::invalid_argument, "event has no DTSTART",
                              "ical event " + uid);
        }
        Expansion expansion;
        expansion.event = event;
        expansion.zone = zone;
        expansion.all_day = icaltime_is_date(start) != 0;
        expansion.floating =
            !expansion.all_day && start.zone == nullptr && icaltime_is_utc(start) == 0;
        expansion.from = from;
        expansion.to = to;
        expansion.out = &out;
        if (expansion.all_day) {
            auto end = icalcomponent_get_dtend(event);
            if (!icaltime_is_null_time(end) && icaltime_is_date(end)) {
                auto first = date::year{start.year} / static_cast<unsigned>(start.month) /
                             static_cast<unsigned>(start.day);
                auto last = date::year{end.year} / static_cast<unsigned>(end.month) /
                            static_cast<unsigned>(end.day);
                auto days =
                    static_cast<int>((date::sys_days(last) - date::sys_days(first)).count());
                expansion.length = date::days{std::max(days, 1)};
            }
        }
        icalcomponent_foreach_recurrence(event, range_start, range_end, on_occurrence, &expansion);
    }
    std::stable_sort(out.begin(), out.end(), [](CalendarEvent const& a, CalendarEvent const& b) {
        return a.start < b.start;
    });
    return out;
}

std::vector<Absence> absences_from_events(std::vector<CalendarEvent> const& events,
                                          std::string const& person, AbsenceKind kind) {
    std::vector<Absence> out;
    for (auto const& event : events)
        out.push_back({person, kind, event.start, event.end});
    return out;
}

std::vector<Holiday> holidays_from_events(std::vector<CalendarEvent> const& events) {
    std::vector<Holiday> out;
    for (auto const& event : events) {
        if (!event.all_day)
            continue;
        for (auto day = event.first_day; day < event.end_day; day += date::days{1})
            out.push_back({date::year_month_day{day}, event.summary});
    }
    return out;
}

} // namespace sb::schedules
