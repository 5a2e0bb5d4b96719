// SPDX-License-Identifier: Apache-2.0
// The bridge from config to rota: input building, the daemon's resolver and the CLI output.
#include "bot/rota/config_rota.hpp"
#include "bot/rota/rota_cli.hpp"
#include "bot/rota/rota_inputs.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

sb::Instant at(std::string const& text) {
    return sb::parse_instant(text, "Europe/Berlin").value();
}

// The default config's care team: weekly primary and secondary over evenings, weekends and
// Bavarian holidays.
sb::config::Config care_config() {
    sb::config::Config config;
    for (auto const* id : {"alice", "bob", "carol"}) {
        sb::config::Person person;
        person.id = id;
        person.name = id;
        person.timezone = "Europe/Berlin";
        config.people[id] = person;
    }
    sb::config::Team team;
    team.id = "care";
    team.timezone = "Europe/Berlin";
    team.holidays = "DE-BY";
    team.business_hours = {{1, 2, 3, 4, 5}, 9h, 18h};
    team.coverage = {{"evening", {1, 2, 3, 4, 5}, false, 18h, 22h},
                     {"weekend", {6, 0}, false, 9h, 21h},
                     {"holiday", {}, true, 9h, 21h}};
    sb::config::Layer primary;
    primary.name = "primary";
    primary.members = {"bob", "carol", "alice"};
    primary.start_date = "2026-01-05";
    primary.windows = {"evening", "weekend", "holiday"};
    sb::config::Layer secondary = primary;
    secondary.name = "secondary";
    secondary.members = {"alice", "bob", "carol"};
    team.layers = {primary, secondary};
    config.teams["care"] = team;
    return config;
}

TEST(RotaInputs, ConfigBecomesTheModelWithHolidaysAndEntries) {
    auto config = care_config();
    config.absences.push_back({"bob", "sick", "2026-12-01", "2026-12-02"});
    config.overrides.push_back(
        {"care", "primary", "alice", "2026-12-05T09:00", "2026-12-05T12:00"});
    config.overrides.push_back({"other", "primary", "alice", "2026-12-05T09:00", "2026-12-06"});
    auto inputs = sb::rota::build_rota_inputs(config, "care");
    ASSERT_TRUE(inputs.has_value()) << inputs.error().to_string();
    EXPECT_EQ(inputs->layers.size(), 2U);
    EXPECT_EQ(inputs->overrides.size(), 1U);
    ASSERT_EQ(inputs->absences.size(), 1U);
    // A bare end date is inclusive: the absence lasts through 2 December.
    EXPECT_EQ(inputs->absences[0].end, at("2026-12-03T00:00"));
    EXPECT_FALSE(inputs->holidays.empty());
}

TEST(RotaInputs, MistakesAreReportedWithTheFieldAtFault) {
    auto config = care_config();
    config.teams["care"].layers[0].start_date = "05.01.2026";
    auto inputs = sb::rota::build_rota_inputs(config, "care");
    ASSERT_FALSE(inputs.has_value());
    EXPECT_EQ(inputs.error().context, "/teams/care/layers/0/start");

    config = care_config();
    config.teams["care"].layers[1].substitution = "maybe";
    inputs = sb::rota::build_rota_inputs(config, "care");
    ASSERT_FALSE(inputs.has_value());
    EXPECT_EQ(inputs.error().context, "/teams/care/layers/1/substitution");

    config = care_config();
    config.teams["care"].layers[0].windows = {"evening", "night"};
    inputs = sb::rota::build_rota_inputs(config, "care");
    ASSERT_FALSE(inputs.has_value());
    EXPECT_NE(inputs.error().message.find("night"), std::string::npos);

    config = care_config();
    config.absences.push_back({"bob", "sick", "2026-12-03", "2026-12-01"});
    inputs = sb::rota::build_rota_inputs(config, "care");
    ASSERT_FALSE(inputs.has_value());
    EXPECT_EQ(inputs.error().context, "/absences/0");

    inputs = sb::rota::build_rota_inputs(config, "sales");
    ASSERT_FALSE(inputs.has_value());
    EXPECT_NE(inputs.error().message.find("care"), std::string::npos);
}

TEST(RotaInputs, TeamHolidayCalendarFileAddsHolidays) {
    auto folder = std::filesystem::path(::testing::TempDir()) / "rota_inputs_ical";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "company.ics") << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
                                             "BEGIN:VEVENT\r\nUID:outing@example.org\r\n"
                                             "SUMMARY:Company outing\r\n"
                                             "DTSTART;VALUE=DATE:20261124\r\n"
                                             "END:VEVENT\r\nEND:VCALENDAR\r\n";
    auto config = care_config();
    config.path = (folder / "switchboard.jsonc").string();
    config.teams["care"].holidays_ical = "company.ics";
    auto rota = sb::rota::ConfigRota::create(config);
    ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
    // A Tuesday turned holiday: no evening window, the holiday window from 09:00.
    EXPECT_EQ(rota->who("care", at("2026-11-24T12:00")).window, "holiday");

    config.teams["care"].holidays_ical = "missing.ics";
    auto missing = sb::rota::build_rota_inputs(config, "care");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().context, "/teams/care/holidays_ical");
}

TEST(ConfigRota, AbsenceEnteredAtRunTimeChangesWhoIsPaged) {
    auto rota = sb::rota::ConfigRota::create(care_config());
    ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
    // Week 2 counted from 5 January 2026 (week 0: bob, 1: carol, 2: alice ...).
    auto evening = at("2026-11-24T21:00"); // a Tuesday, week 46: 46 % 3 = 1, carol
    auto before = rota->who("care", evening);
    EXPECT_EQ(before.window, "evening");
    ASSERT_EQ(before.layers.size(), 2U);
    EXPECT_EQ(before.layers[0].person, "carol");
    EXPECT_EQ(before.layers[0].reason, "rotation");

    rota->set_runtime_entries(
        {{"carol", sb::schedules::AbsenceKind::sick, evening - 1h, evening + 24h}});
    auto after = rota->who("care", evening);
    EXPECT_EQ(after.layers[0].person, "alice");
    EXPECT_EQ(after.layers[0].reason, "substitute");
    EXPECT_EQ(after.layers[0].substitutes_for, "carol");

    rota->set_runtime_entries({}, {{"care", {{"primary", "bob", evening - 1h, evening + 1h}}}});
    EXPECT_EQ(rota->who("care", evening).layers[0].person, "bob");
    EXPECT_EQ(rota->who("care", evening).layers[0].reason, "override");
    EXPECT_TRUE(rota->who("sales", evening).layers.empty());
}

TEST(ConfigRota, ItemArrivingOnAHolidayEveIsDueNextCoveredMorning) {
    auto rota = sb::rota::ConfigRota::create(care_config());
    ASSERT_TRUE(rota.has_value());
    // Christmas Eve 2026 is a Thursday: evening ends 22:00; 25 December is a holiday window.
    auto next = rota->next_covered("care", at("2026-12-24T22:30"));
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(sb::format_instant(*next, "Europe/Berlin"), "2026-12-25T09:00:00+01:00");
    EXPECT_EQ(rota->next_covered("care", at("2026-12-24T20:00")), at("2026-12-24T20:00"));
}

TEST(RotaCli, WhoPrintsTheAgreedJsonShape) {
    std::ostringstream out;
    EXPECT_EQ(
        sb::rota::cli_who(care_config(), std::string("care"), at("2026-11-24T21:00"), true, out),
        0);
    auto answer = json::parse(out.str());
    EXPECT_EQ(answer["team"], "care");
    EXPECT_EQ(answer["at"], "2026-11-24T21:00:00+01:00");
    EXPECT_EQ(answer["window"], "evening");
    ASSERT_EQ(answer["layers"].size(), 2U);
    auto const& primary = answer["layers"][0];
    EXPECT_EQ(primary["layer"], "primary");
    EXPECT_EQ(primary["person"], "carol");
    EXPECT_EQ(primary["reason"], "rotation");
    EXPECT_TRUE(primary["substitutes_for"].is_null());
    EXPECT_EQ(primary["start"], "2026-11-24T18:00:00+01:00");
    EXPECT_EQ(primary["end"], "2026-11-24T22:00:00+01:00");

    std::ostringstream all;
    EXPECT_EQ(sb::rota::cli_who(care_config(), std::nullopt, at("2026-11-24T12:00"), true, all), 0);
    auto teams = json::parse(all.str());
    ASSERT_TRUE(teams.is_array());
    EXPECT_EQ(teams[0]["window"], "business_hours");
    EXPECT_TRUE(teams[0]["layers"][0]["person"].is_null());
    EXPECT_EQ(teams[0]["layers"][0]["reason"], "off");

    std::ostringstream text;
    EXPECT_EQ(
        sb::rota::cli_who(care_config(), std::string("care"), at("2026-11-24T21:00"), false, text),
        0);
    EXPECT_NE(text.str().find("carol"), std::string::npos);
    std::ostringstream unknown;
    EXPECT_EQ(sb::rota::cli_who(care_config(), std::string("sales"), at("2026-11-24T21:00"), false,
                                unknown),
              2);
    EXPECT_NE(unknown.str().find("sales"), std::string::npos);
}

TEST(RotaCli, RotaGapsAndStatsShapes) {
    auto config = care_config();
    config.teams["care"].layers[1].substitution = "none";
    config.absences.push_back({"bob", "vacation", "2026-11-23", "2026-11-23"});
    std::ostringstream rota_out;
    EXPECT_EQ(sb::rota::cli_rota(config, "care", at("2026-11-23T00:00"), at("2026-11-25T00:00"),
                                 true, false, rota_out),
              0);
    auto rota = json::parse(rota_out.str());
    ASSERT_TRUE(rota.is_array());
    ASSERT_EQ(rota.size(), 4U); // two evenings, two layers
    for (auto const& span : rota)
        for (auto const* key : {"layer", "person", "window", "start", "end", "reason"})
            EXPECT_TRUE(span.contains(key)) << key;
    EXPECT_TRUE(rota[1]["person"].is_null()); // secondary in week 46: bob, on vacation
    EXPECT_EQ(rota[1]["reason"], "gap");

    std::ostringstream gaps_out;
    EXPECT_EQ(sb::rota::cli_gaps(config, std::nullopt, at("2026-11-23T00:00"),
                                 at("2026-11-25T00:00"), true, gaps_out),
              0);
    auto gaps = json::parse(gaps_out.str());
    ASSERT_EQ(gaps.size(), 1U);
    EXPECT_EQ(gaps[0]["team"], "care");
    EXPECT_EQ(gaps[0]["layer"], "secondary");
    EXPECT_EQ(gaps[0]["window"], "evening");
    EXPECT_EQ(gaps[0]["start"], "2026-11-23T18:00:00+01:00");
    EXPECT_EQ(gaps[0]["end"], "2026-11-23T22:00:00+01:00");
    EXPECT_NE(gaps[0]["why"].get<std::string>().find("bob"), std::string::npos);

    std::ostringstream stats_out;
    EXPECT_EQ(sb::rota::cli_rota(config, "care", at("2026-11-23T00:00"), at("2026-11-30T00:00"),
                                 true, true, stats_out),
              0);
    auto stats = json::parse(stats_out.str());
    ASSERT_TRUE(stats["stats"].is_array());
    ASSERT_FALSE(stats["stats"].empty());
    EXPECT_TRUE(stats["stats"][0].contains("hours"));
}

TEST(RotaCli, HolidaysAndIcal) {
    std::ostringstream out;
    EXPECT_EQ(sb::rota::cli_holidays("DE-SN", 2026, true, out), 0);
    auto holidays = json::parse(out.str());
    bool repentance = false;
    for (auto const& holiday : holidays)
        repentance = repentance || holiday["date"] == "2026-11-18";
    EXPECT_TRUE(repentance);
    std::ostringstream bad;
    EXPECT_EQ(sb::rota::cli_holidays("XX", 2026, true, bad), 2);

    std::ostringstream ical;
    EXPECT_EQ(sb::rota::cli_ical(care_config(), std::string("carol"), std::nullopt,
                                 at("2026-11-23T00:00"), at("2026-11-30T00:00"), ical),
              0);
    auto text = ical.str();
    EXPECT_NE(text.find("BEGIN:VCALENDAR"), std::string::npos);
    EXPECT_NE(text.find("TZID=Europe/Berlin"), std::string::npos);
    EXPECT_EQ(text.find("alice-"), std::string::npos) << "only carol's shifts";
    EXPECT_NE(text.find("care-primary-carol-"), std::string::npos);
}

} // namespace
