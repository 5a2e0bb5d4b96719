// SPDX-License-Identifier: Apache-2.0
// A person who ends up on two layers at once is reported as a gap, not silently doubled; every
// gap also says why as data, for callers that explain it in another language.
#include "bot/rota/config_rota.hpp"
#include "schedules/resolver.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

TEST(DoubleDuty, SubstituteWhoIsAlreadyOnTheOtherLayerIsReported) {
    sb::config::Config config;
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
    primary.start_date = "2026-11-23";
    primary.windows = {"weekend"};
    sb::config::Layer secondary = primary;
    secondary.name = "secondary";
    secondary.members = {"carol", "bob"};
    team.layers = {primary, secondary};
    config.teams["care"] = team;
    // Bob is ill on Saturday: the next available primary is Carol, who is secondary already.
    config.absences.push_back({"bob", "sick", "2026-11-28", "2026-11-28"});

    auto rota = sb::rota::ConfigRota::create(config);
    ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
    auto const* inputs = rota->inputs("care");
    ASSERT_NE(inputs, nullptr);
    auto from = sb::parse_instant("2026-11-28T00:00+01:00").value();
    auto gaps = sb::schedules::find_double_duty(*inputs, from, from + 48h);
    ASSERT_FALSE(gaps.empty());
    EXPECT_NE(gaps[0].why.find("carol is on"), std::string::npos) << gaps[0].why;
    EXPECT_NE(gaps[0].why.find("at once"), std::string::npos);
    EXPECT_EQ(gaps[0].cause.cause, sb::schedules::GapCause::double_duty);
    EXPECT_EQ(gaps[0].cause.person, "carol");
    EXPECT_EQ(gaps[0].cause.other_layer, gaps[0].layer == "primary" ? "secondary" : "primary");
    EXPECT_EQ(gaps[0].start, sb::parse_instant("2026-11-28T09:00+01:00").value());
    EXPECT_EQ(gaps[0].end, sb::parse_instant("2026-11-28T21:00+01:00").value());
    // Sunday, with Bob back, has one person per layer and nothing to report.
    for (auto const& gap : gaps)
        EXPECT_LT(gap.start, sb::parse_instant("2026-11-29T00:00+01:00").value());
}

TEST(GapCause, AnAbsenceWithoutSubstituteNamesThePersonAndTheKind) {
    sb::config::Config config;
    sb::config::Person dave;
    dave.id = "dave";
    dave.name = "Dave";
    dave.timezone = "Europe/Berlin";
    config.people["dave"] = dave;
    sb::config::Team team;
    team.id = "care";
    team.timezone = "Europe/Berlin";
    team.business_hours = {{1, 2, 3, 4, 5}, 9h, 18h};
    team.coverage = {{"weekend", {6, 0}, false, 9h, 21h}};
    sb::config::Layer secondary;
    secondary.name = "secondary";
    secondary.members = {"dave"};
    secondary.start_date = "2026-11-23";
    secondary.windows = {"weekend"};
    secondary.substitution = "none";
    team.layers = {secondary};
    config.teams["care"] = team;
    config.absences.push_back({"dave", "vacation", "2026-11-28", "2026-11-28"});

    auto rota = sb::rota::ConfigRota::create(config);
    ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
    auto from = sb::parse_instant("2026-11-28T00:00+01:00").value();
    auto gaps = sb::schedules::find_gaps(*rota->inputs("care"), from, from + 24h);
    ASSERT_EQ(gaps.size(), 1u);
    // The English stays as the CLI and the API show it; the cause carries the same facts.
    EXPECT_EQ(gaps[0].why, "dave is absent (vacation) and the layer has no substitute");
    EXPECT_EQ(gaps[0].cause.cause, sb::schedules::GapCause::absent);
    EXPECT_EQ(gaps[0].cause.person, "dave");
    EXPECT_EQ(gaps[0].cause.absence, sb::schedules::AbsenceKind::vacation);
    EXPECT_EQ(gaps[0].cause.substitution, sb::schedules::SubstitutionKind::none);
}

} // namespace
