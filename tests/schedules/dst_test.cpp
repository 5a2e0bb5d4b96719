// SPDX-License-Identifier: Apache-2.0
// Handoffs across DST changes: shorter and longer shifts, never two people, never nobody.
#include "base/time.hpp"
#include "schedules/resolver.hpp"

#include <gtest/gtest.h>

namespace {

using namespace sb::schedules;
using namespace std::chrono_literals;

sb::Instant at(std::string const& text, std::string const& zone) {
    auto parsed = sb::parse_instant(text, zone);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(sb::Instant{});
}

// A daily rotation of two people over a window that never closes.
RotaInputs daily_rota(std::string const& zone, LocalTime handoff) {
    RotaInputs inputs;
    inputs.team.id = "dst";
    inputs.team.zone = date::locate_zone(zone);
    inputs.team.windows.push_back({"always",
                                   {date::Sunday, date::Monday, date::Tuesday, date::Wednesday,
                                    date::Thursday, date::Friday, date::Saturday},
                                   true,
                                   0min,
                                   0min});
    LayerModel layer;
    layer.name = "primary";
    layer.members = {"ada", "ben"};
    layer.unit = ShiftUnit::days;
    layer.handoff_time = handoff;
    layer.start_date = date::local_days(date::year{2026} / 1 / 1);
    inputs.layers.push_back(layer);
    return inputs;
}

// Shift lengths around `night` (a local date at noon), and checks the rota has one person at
// every minute without overlap.
std::chrono::seconds shift_holding(RotaInputs const& inputs, sb::Instant inside) {
    auto answer = who_is_on_call(inputs, inside);
    EXPECT_EQ(answer.layers.size(), 1U);
    EXPECT_TRUE(answer.layers.at(0).person.has_value());
    return answer.layers.at(0).end - answer.layers.at(0).start;
}

void expect_one_person_every_minute(RotaInputs const& inputs, sb::Instant from, sb::Instant to) {
    auto rota = resolve_rota(inputs, from, to);
    ASSERT_FALSE(rota.empty());
    EXPECT_EQ(rota.front().start, from);
    EXPECT_EQ(rota.back().end, to);
    for (std::size_t i = 1; i < rota.size(); ++i) {
        EXPECT_EQ(rota[i - 1].end, rota[i].start) << "hole or overlap at span " << i;
        EXPECT_NE(rota[i - 1].person, rota[i].person) << "a handoff to the same person";
    }
    for (auto t = from; t < to; t += 5min) {
        auto answer = who_is_on_call(inputs, t);
        ASSERT_TRUE(answer.layers.at(0).person.has_value()) << sb::format_instant(t);
    }
}

struct Transition {
    std::string zone;
    std::string spring_night; // local noon before the spring-forward night
    std::string autumn_night; // local noon before the fall-back night
};

class DstHandoff : public ::testing::TestWithParam<Transition> {};

TEST_P(DstHandoff, SpringShiftIsAnHourShorterAutumnShiftAnHourLonger) {
    auto const& transition = GetParam();
    auto inputs = daily_rota(transition.zone, 9h);
    // The shift from 09:00 on the day before the change to 09:00 on the day of the change.
    EXPECT_EQ(shift_holding(inputs, at(transition.spring_night, transition.zone)), 23h);
    EXPECT_EQ(shift_holding(inputs, at(transition.autumn_night, transition.zone)), 25h);
    auto spring = at(transition.spring_night, transition.zone);
    expect_one_person_every_minute(inputs, spring - 24h, spring + 48h);
    auto autumn = at(transition.autumn_night, transition.zone);
    expect_one_person_every_minute(inputs, autumn - 24h, autumn + 48h);
}

TEST_P(DstHandoff, HandoffInsideTheSkippedOrRepeatedHourLeavesNoHoleAndNoOverlap) {
    auto const& transition = GetParam();
    // 02:30 does not exist on the spring night and exists twice on the autumn night.
    auto inputs = daily_rota(transition.zone, 2h + 30min);
    auto spring = at(transition.spring_night, transition.zone);
    expect_one_person_every_minute(inputs, spring - 24h, spring + 48h);
    auto autumn = at(transition.autumn_night, transition.zone);
    expect_one_person_every_minute(inputs, autumn - 24h, autumn + 48h);
    // Two turns around the change still add up to two days minus or plus the hour.
    auto first = who_is_on_call(inputs, spring).layers.at(0);
    auto second = who_is_on_call(inputs, first.end).layers.at(0);
    EXPECT_EQ(second.end - first.start, 47h);
    first = who_is_on_call(inputs, autumn).layers.at(0);
    second = who_is_on_call(inputs, first.end).layers.at(0);
    EXPECT_EQ(second.end - first.start, 49h);
}

INSTANTIATE_TEST_SUITE_P(
    Zones, DstHandoff,
    ::testing::Values(Transition{"Europe/Berlin", "2027-03-27T12:00", "2027-10-30T12:00"},
                      Transition{"America/New_York", "2027-03-13T12:00", "2027-11-06T12:00"},
                      Transition{"Australia/Sydney", "2027-10-02T12:00", "2027-04-03T12:00"}),
    [](::testing::TestParamInfo<Transition> const& info) {
        auto name = info.param.zone;
        for (auto& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)))
                c = '_';
        return name;
    });

TEST(Dst, WeeklyShiftHoldingSpringForwardIs167HoursInBerlin) {
    auto inputs = daily_rota("Europe/Berlin", 9h);
    inputs.layers[0].unit = ShiftUnit::weeks;
    inputs.layers[0].handoff_day = date::Monday;
    auto answer = who_is_on_call(inputs, at("2027-03-28T12:00", "Europe/Berlin"));
    EXPECT_EQ(answer.layers.at(0).end - answer.layers.at(0).start, 167h);
    EXPECT_EQ(sb::format_instant(answer.layers.at(0).start, "Europe/Berlin"),
              "2027-03-22T09:00:00+01:00");
    EXPECT_EQ(sb::format_instant(answer.layers.at(0).end, "Europe/Berlin"),
              "2027-03-29T09:00:00+02:00");
}

TEST(Dst, EveningWindowKeepsItsLocalTimesAcrossTheChange) {
    RotaInputs inputs = daily_rota("Europe/Berlin", 9h);
    inputs.team.windows = {{"evening", {date::Friday, date::Monday}, false, 18h, 22h}};
    auto friday = window_occurrences(inputs, at("2027-03-26T00:00", "Europe/Berlin"),
                                     at("2027-03-30T00:00", "Europe/Berlin"));
    ASSERT_EQ(friday.size(), 2U);
    EXPECT_EQ(sb::format_instant(friday[0].start, "Europe/Berlin"), "2027-03-26T18:00:00+01:00");
    EXPECT_EQ(sb::format_instant(friday[1].start, "Europe/Berlin"), "2027-03-29T18:00:00+02:00");
    EXPECT_EQ(friday[1].end - friday[1].start, 4h);
}

} // namespace
