// SPDX-License-Identifier: Apache-2.0
// A person's absence calendar (an HR export with RRULE and EXDATE) takes them off the rota.
#include "bot/rota/config_rota.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

using namespace std::chrono_literals;

sb::config::Config weekend_team(std::string const& config_path) {
    sb::config::Config config;
    config.path = config_path;
    for (auto const* id : {"bob", "carol"}) {
        sb::config::Person person;
        person.id = id;
        person.name = id;
        person.timezone = "Europe/Berlin";
        config.people[id] = person;
    }
    sb::config::Team team;
    team.id = "care";
    team.timezone = "Europe/Berlin";
    team.business_hours = {{1, 2, 3, 4, 5}, 9h, 18h};
    team.coverage = {{"weekend", {6, 0}, false, 9h, 21h}};
    sb::config::Layer primary;
    primary.name = "primary";
    primary.members = {"bob", "carol"};
    primary.shift_length = 52; // bob's turn all year, so only his absences change anything
    primary.start_date = "2026-01-05";
    team.layers = {primary};
    config.teams["care"] = team;
    return config;
}

std::string on_call(sb::rota::ConfigRota const& rota, std::string const& when) {
    auto answer = rota.who("care", sb::parse_instant(when).value());
    if (answer.layers.empty() || !answer.layers[0].person)
        return "nobody";
    return *answer.layers[0].person;
}

TEST(AbsenceCalendar, RecurringVacationWithAnExceptionTakesThePersonOff) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "switchboard-ics-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    std::filesystem::path dir = pattern;
    // Every Saturday in December 2026 all day, except 12 December.
    std::ofstream(dir / "bob.ics") << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HR//EN\r\n"
                                      "BEGIN:VEVENT\r\nUID:bob-saturdays@hr\r\n"
                                      "DTSTAMP:20261101T000000Z\r\n"
                                      "DTSTART;VALUE=DATE:20261205\r\n"
                                      "DTEND;VALUE=DATE:20261206\r\n"
                                      "RRULE:FREQ=WEEKLY;COUNT=4\r\n"
                                      "EXDATE;VALUE=DATE:20261212\r\n"
                                      "SUMMARY:Vacation\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    auto config = weekend_team((dir / "switchboard.jsonc").string());
    config.people["bob"].absences_ical = "bob.ics";
    auto rota = sb::rota::ConfigRota::create(config);
    ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
    EXPECT_EQ(on_call(*rota, "2026-12-05T12:00+01:00"), "carol");
    EXPECT_EQ(on_call(*rota, "2026-12-06T12:00+01:00"), "bob");
    EXPECT_EQ(on_call(*rota, "2026-12-12T12:00+01:00"), "bob"); // the EXDATE
    EXPECT_EQ(on_call(*rota, "2026-12-19T12:00+01:00"), "carol");
    std::filesystem::remove_all(dir);
}

// Calendars named by URL are fetched by the daemon and the command line:
// tests/core/calendar_test.cpp.

TEST(AbsenceCalendar, MissingFileIsAnErrorNamingThePerson) {
    auto config = weekend_team("/nonexistent/switchboard.jsonc");
    config.people["bob"].absences_ical = "bob.ics";
    auto rota = sb::rota::ConfigRota::create(config);
    ASSERT_FALSE(rota.has_value());
    EXPECT_NE(rota.error().to_string().find("/people/bob/absences_ical"), std::string::npos)
        << rota.error().to_string();
}

} // namespace
