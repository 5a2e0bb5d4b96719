// SPDX-License-Identifier: Apache-2.0
// A person who ends up on two layers at once is reported as a gap, not silently doubled.
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
    EXPECT_EQ(gaps[0].start, sb::parse_instant("2026-11-28T09:00+01:00").value());
    EXPECT_EQ(gaps[0].end, sb::parse_instant("2026-11-28T21:00+01:00").value());
    // Sunday, with Bob back, has one person per layer and nothing to report.
    for (auto const& gap : gaps)
        EXPECT_LT(gap.start, sb::parse_instant("2026-11-29T00:00+01:00").value());
}

} // namespace
