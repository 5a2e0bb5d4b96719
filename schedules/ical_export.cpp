// SPDX-License-Identifier: Apache-2.0
// Calendar export through libical, which also supplies each zone's VTIMEZONE.
#include "schedules/ical_export.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <memory>
#include <set>

namespace sb::schedules {
namespace {

struct ComponentDeleter {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using ComponentPointer = std::unique_ptr<icalcomponent, ComponentDeleter>;

icaltimetype local_time(Instant at, date::time_zone const* zone) {
    auto local = zone->to_local(at);
    auto day = date::floor<date::days>(local);
    date::year_month_day ymd{day};
    date::hh_mm_ss<std::chrono::seconds> clock{local - day};
    icaltimetype out = icaltime_null_time();
    out.year = static_cast<int>(ymd.year());
    out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    out.hour = static_cast<int>(clock.hours().count());
    out.minute = static_cast<int>(clock.minutes().count());
    out.second = static_cast<int>(clock.seconds().count());
    out.is_date = 0;
    return out;
}

icaltimetype utc_time(Instant at) {
    icaltimetype out = icaltime_from_timet_with_zone(
        static_cast<time_t>(at.time_since_epoch().count()), 0, icaltimezone_get_utc_timezone());
    return out;
}

icalproperty* with_zone(icalproperty* property, std::string const& zone) {
    icalproperty_add_parameter(property, icalparameter_new_tzid(zone.c_str()));
    return property;
}

} // namespace

std::string export_ical(std::vector<CalendarShifts> const& calendars,
                        std::string const& calendar_name) {
    ComponentPointer calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//switchboard//rota//EN"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_x(calendar_name.c_str()));
    icalproperty_set_x_name(icalcomponent_get_first_property(calendar.get(), ICAL_X_PROPERTY),
                            "X-WR-CALNAME");

    std::set<std::string> zones;
    auto earliest = Instant::max();
    for (auto const& entry : calendars) {
        if (entry.zone == nullptr || entry.shifts.empty())
            continue;
        zones.insert(std::string(entry.zone->name()));
        for (auto const& shift : entry.shifts)
            earliest = std::min(earliest, shift.start);
    }
    for (auto const& zone : zones) {
        auto* builtin = icaltimezone_get_builtin_timezone(zone.c_str());
        if (builtin == nullptr)
            continue;
        auto* component = icaltimezone_get_component(builtin);
        if (component == nullptr)
            continue;
        auto* copy = icalcomponent_new_clone(component);
        // libical names builtin zones with its own prefix; the export uses the plain IANA name
        // that DTSTART refers to.
        if (auto* tzid = icalcomponent_get_first_property(copy, ICAL_TZID_PROPERTY))
            icalproperty_set_tzid(tzid, zone.c_str());
        // The full history goes back to the 19th century; clients need only the rules in force
        // from the first shift on.
        icaltimezone_truncate_vtimezone(copy, utc_time(earliest - date::days{366}),
                                        icaltime_null_time(), 0);
        icalcomponent_add_component(calendar.get(), copy);
    }

    for (auto const& entry : calendars) {
        if (entry.zone == nullptr)
            continue;
        std::string zone(entry.zone->name());
        for (auto const& shift : entry.shifts) {
            if (!shift.person)
                continue;
            auto* event = icalcomponent_new(ICAL_VEVENT_COMPONENT);
            auto uid = entry.team + "-" + shift.layer + "-" + *shift.person + "-" +
                       std::to_string(shift.start.time_since_epoch().count()) + "@switchboard";
            icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
            icalcomponent_add_property(event, icalproperty_new_dtstamp(utc_time(shift.start)));
            icalcomponent_add_property(
                event,
                with_zone(icalproperty_new_dtstart(local_time(shift.start, entry.zone)), zone));
            icalcomponent_add_property(
                event, with_zone(icalproperty_new_dtend(local_time(shift.end, entry.zone)), zone));
            auto summary = "On call: " + *shift.person + ", " + entry.team + " " + shift.layer +
                           (shift.window ? " (" + *shift.window + ")" : std::string());
            icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
            std::string description = std::string("reason: ") + to_string(shift.reason);
            if (!shift.substitutes_for.empty())
                description += ", for " + shift.substitutes_for;
            icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
            icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
            icalcomponent_add_component(calendar.get(), event);
        }
    }
    char* text = icalcomponent_as_ical_string_r(calendar.get());
    std::string out(text);
    free(text);
    return out;
}

} // namespace sb::schedules
