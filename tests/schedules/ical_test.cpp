// SPDX-License-Identifier: Apache-2.0
// iCalendar import (RRULE, EXDATE, all-day, zones) and export (VTIMEZONE, stable UIDs).
#include "base/time.hpp"
#include "schedules/ical_export.hpp"
#include "schedules/ical_import.hpp"

#include <gtest/gtest.h>

namespace {

using namespace sb::schedules;
using namespace std::chrono_literals;

date::time_zone const* berlin() {
    return date::locate_zone("Europe/Berlin");
}

sb::Instant at(std::string const& text) {
    return sb::parse_instant(text, "Europe/Berlin").value();
}

std::string local(sb::Instant instant) {
    return sb::format_instant(instant, "Europe/Berlin");
}

constexpr char weekly_feed[] = "BEGIN:VCALENDAR\r\n"
                               "VERSION:2.0\r\n"
                               "PRODID:-//test//EN\r\n"
                               "BEGIN:VEVENT\r\n"
                               "UID:course@example.org\r\n"
                               "SUMMARY:Course\r\n"
                               "DTSTART;TZID=Europe/Berlin:20270315T180000\r\n"
                               "DTEND;TZID=Europe/Berlin:20270315T200000\r\n"
                               "RRULE:FREQ=WEEKLY;COUNT=4\r\n"
                               "EXDATE;TZID=Europe/Berlin:20270322T180000\r\n"
                               "END:VEVENT\r\n"
                               "END:VCALENDAR\r\n";

TEST(IcalImport, WeeklyRuleExpandsWithExdateRemovedAndLocalTimeKeptOverDst) {
    auto events =
        import_ical(weekly_feed, at("2027-03-01T00:00"), at("2027-05-01T00:00"), berlin());
    ASSERT_TRUE(events.has_value()) << events.error().to_string();
    ASSERT_EQ(events->size(), 3U);
    EXPECT_EQ(local((*events)[0].start), "2027-03-15T18:00:00+01:00");
    // 22 March is excluded; 29 March is after the change to summer time and stays at 18:00.
    EXPECT_EQ(local((*events)[1].start), "2027-03-29T18:00:00+02:00");
    EXPECT_EQ(local((*events)[2].start), "2027-04-05T18:00:00+02:00");
    EXPECT_EQ((*events)[2].end - (*events)[2].start, 2h);
    EXPECT_EQ((*events)[0].uid, "course@example.org");
    EXPECT_FALSE((*events)[0].all_day);
}

TEST(IcalImport, RangeLimitsTheOccurrences) {
    auto events =
        import_ical(weekly_feed, at("2027-03-28T00:00"), at("2027-04-01T00:00"), berlin());
    ASSERT_TRUE(events.has_value());
    ASSERT_EQ(events->size(), 1U);
    EXPECT_EQ(local((*events)[0].start), "2027-03-29T18:00:00+02:00");
}

TEST(IcalImport, AllDayEventsBecomeLocalDaysAndHolidays) {
    constexpr char feed[] = "BEGIN:VCALENDAR\r\n"
                            "VERSION:2.0\r\n"
                            "PRODID:-//test//EN\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:ski@example.org\r\n"
                            "SUMMARY:Ski trip\r\n"
                            "DTSTART;VALUE=DATE:20271230\r\n"
                            "DTEND;VALUE=DATE:20280102\r\n"
                            "END:VEVENT\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:founders@example.org\r\n"
                            "SUMMARY:Founders day\r\n"
                            "DTSTART;VALUE=DATE:20270601\r\n"
                            "RRULE:FREQ=YEARLY\r\n"
                            "EXDATE;VALUE=DATE:20280601\r\n"
                            "END:VEVENT\r\n"
                            "END:VCALENDAR\r\n";
    auto events = import_ical(feed, at("2027-01-01T00:00"), at("2030-01-01T00:00"), berlin());
    ASSERT_TRUE(events.has_value()) << events.error().to_string();
    ASSERT_EQ(events->size(), 3U); // 2027 and 2029 founders days and the trip; 2028 excluded
    EXPECT_EQ(local((*events)[0].start), "2027-06-01T00:00:00+02:00");
    EXPECT_EQ(local((*events)[0].end), "2027-06-02T00:00:00+02:00");
    EXPECT_EQ(local((*events)[1].start), "2027-12-30T00:00:00+01:00");
    EXPECT_EQ(local((*events)[1].end), "2028-01-02T00:00:00+01:00");
    EXPECT_EQ(local((*events)[2].start), "2029-06-01T00:00:00+02:00");

    auto holidays = holidays_from_events(*events);
    ASSERT_EQ(holidays.size(), 5U);
    EXPECT_EQ(date::format("%F", date::sys_days(holidays[1].date)), "2027-12-30");
    EXPECT_EQ(date::format("%F", date::sys_days(holidays[3].date)), "2028-01-01");
    EXPECT_EQ(holidays[3].name, "Ski trip");

    auto absences = absences_from_events(*events, "ada", AbsenceKind::vacation);
    ASSERT_EQ(absences.size(), 3U);
    EXPECT_EQ(absences[1].person, "ada");
    EXPECT_EQ(absences[1].end - absences[1].start, 72h);
}

TEST(IcalImport, FloatingAndUtcTimes) {
    constexpr char feed[] = "BEGIN:VCALENDAR\r\n"
                            "VERSION:2.0\r\n"
                            "PRODID:-//test//EN\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:floating@example.org\r\n"
                            "DTSTART:20270705T090000\r\n"
                            "DTEND:20270705T100000\r\n"
                            "END:VEVENT\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:utc@example.org\r\n"
                            "DTSTART:20270705T090000Z\r\n"
                            "DURATION:PT30M\r\n"
                            "END:VEVENT\r\n"
                            "END:VCALENDAR\r\n";
    auto events = import_ical(feed, at("2027-07-01T00:00"), at("2027-08-01T00:00"), berlin());
    ASSERT_TRUE(events.has_value()) << events.error().to_string();
    ASSERT_EQ(events->size(), 2U);
    EXPECT_EQ(local((*events)[0].start), "2027-07-05T09:00:00+02:00");
    EXPECT_EQ(local((*events)[1].start), "2027-07-05T11:00:00+02:00");
    EXPECT_EQ((*events)[1].end - (*events)[1].start, 30min);
}

TEST(IcalImport, TextThatIsNoCalendarIsRefused) {
    auto events = import_ical("hello", at("2027-01-01T00:00"), at("2027-02-01T00:00"), berlin());
    EXPECT_FALSE(events.has_value());
}

TEST(IcalExport, ShiftsBecomeEventsInTheTeamZoneWithStableUids) {
    Assignment shift;
    shift.layer = "primary";
    shift.person = "ada";
    shift.reason = Reason::substitute;
    shift.substitutes_for = "ben";
    shift.window = "evening";
    shift.start = at("2027-03-29T18:00");
    shift.end = at("2027-03-29T22:00");
    std::vector<CalendarShifts> calendars{{"care", berlin(), {shift}}};
    auto text = export_ical(calendars, "switchboard shifts of ada");
    EXPECT_NE(text.find("BEGIN:VTIMEZONE"), std::string::npos) << text;
    EXPECT_NE(text.find("TZID:Europe/Berlin"), std::string::npos) << text;
    EXPECT_NE(text.find("DTSTART;TZID=Europe/Berlin:20270329T180000"), std::string::npos) << text;
    EXPECT_NE(text.find("DTEND;TZID=Europe/Berlin:20270329T220000"), std::string::npos) << text;
    EXPECT_NE(text.find("UID:care-primary-ada-"), std::string::npos) << text;
    EXPECT_EQ(text, export_ical(calendars, "switchboard shifts of ada"));

    // What the export says, the import reads back to the same instants.
    auto events = import_ical(text, at("2027-03-01T00:00"), at("2027-04-01T00:00"), berlin());
    ASSERT_TRUE(events.has_value()) << events.error().to_string();
    ASSERT_EQ(events->size(), 1U);
    EXPECT_EQ((*events)[0].start, shift.start);
    EXPECT_EQ((*events)[0].end, shift.end);
}

} // namespace
