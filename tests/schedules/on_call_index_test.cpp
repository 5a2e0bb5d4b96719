// SPDX-License-Identifier: Apache-2.0
// The resolved-ahead answers of who is on call must be the fresh resolution's, instant by instant.
#include "schedules/holidays.hpp"
#include "schedules/on_call_index.hpp"
#include "schedules/resolver.hpp"

#include <gtest/gtest.h>

#include <random>

namespace sb::schedules {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;

Instant const history_start = date::sys_days(date::year{2026} / 1 / 1);
Instant const history_end = date::sys_days(date::year{2026} / 9 / 1);

// A team as busy as a big brand's: evenings, weekends, holidays, a weekly and a daily layer,
// hundreds of absences and overrides, swaps, and a few entries longer than a cache block.
RotaInputs busy_team() {
    std::mt19937 random(7);
    RotaInputs inputs;
    inputs.team.id = "care";
    inputs.team.zone = date::locate_zone("Europe/Berlin");
    std::vector<date::weekday> const weekdays{date::Monday, date::Tuesday, date::Wednesday,
                                              date::Thursday, date::Friday};
    inputs.team.business_hours = {weekdays, 9h, 18h};
    inputs.team.windows = {{"evening", weekdays, false, 18h, 22h},
                           {"night", weekdays, false, 22h, 6h},
                           {"weekend", {date::Saturday, date::Sunday}, false, 9h, 21h},
                           {"holiday", {}, true, 9h, 21h}};
    inputs.holidays = public_holidays("DE-BY", 2026).value();
    std::vector<std::string> people;
    for (int i = 0; i < 8; ++i)
        people.push_back("person" + std::to_string(i));
    LayerModel primary;
    primary.name = "primary";
    primary.members = people;
    primary.start_date = date::local_days(date::year{2026} / 1 / 5);
    primary.windows = {"evening", "weekend", "holiday"};
    LayerModel secondary = primary;
    secondary.name = "secondary";
    std::rotate(secondary.members.begin(), secondary.members.begin() + 3, secondary.members.end());
    secondary.unit = ShiftUnit::days;
    secondary.windows = {};
    secondary.substitution = {SubstitutionKind::layer, "primary"};
    inputs.layers = {primary, secondary};
    auto range = (history_end - history_start).count();
    std::uniform_int_distribution<long long> offset(0, range);
    std::uniform_int_distribution<int> person(0, 7);
    std::uniform_int_distribution<int> hours(1, 96);
    auto at = [&] { return history_start + std::chrono::seconds(offset(random)); };
    auto someone = [&] { return people[static_cast<std::size_t>(person(random))]; };
    for (int i = 0; i < 300; ++i) {
        auto start = at();
        inputs.absences.push_back(
            {someone(), AbsenceKind::sick, start, start + std::chrono::hours(hours(random))});
    }
    for (int i = 0; i < 300; ++i) {
        auto start = at();
        inputs.overrides.push_back({i % 2 ? "primary" : "secondary", someone(), start,
                                    start + std::chrono::hours(hours(random))});
    }
    for (int i = 0; i < 40; ++i) {
        auto start = at();
        inputs.swaps.push_back(
            {"primary", someone(), someone(), start, start + std::chrono::hours(hours(random))});
    }
    // Longer than a block and its margins: the cache must hand these to the full resolution.
    inputs.overrides.push_back(
        {"primary", "person3", history_start + days(40), history_start + days(40) + days(50)});
    inputs.absences.push_back({"person5", AbsenceKind::vacation, history_start + days(120),
                               history_start + days(120) + days(70)});
    return inputs;
}

void expect_same(OnCall const& fresh, OnCall const& cached, Instant at) {
    auto const when = date::format("%F %T", at);
    ASSERT_EQ(fresh.window, cached.window) << when;
    ASSERT_EQ(fresh.layers.size(), cached.layers.size()) << when;
    for (std::size_t i = 0; i < fresh.layers.size(); ++i) {
        auto const& a = fresh.layers[i];
        auto const& b = cached.layers[i];
        EXPECT_TRUE(a.same_state(b)) << when << " layer " << a.layer;
        EXPECT_EQ(a.start, b.start) << when << " layer " << a.layer;
        EXPECT_EQ(a.end, b.end) << when << " layer " << a.layer;
    }
}

TEST(OnCallCache, AnswersEveryInstantAsTheFreshResolutionDoes) {
    auto const inputs = busy_team();
    OnCallCache cache;
    // An odd step, so the instants fall on every hour and minute of the week over the months.
    for (auto at = history_start - days(20); at < history_end + days(20); at += 97min + 13s) {
        expect_same(who_is_on_call(inputs, at), cache.who("care", inputs, at), at);
        if (::testing::Test::HasFailure())
            return;
    }
}

TEST(OnCallCache, AnswersOnEveryEdgeOfAShiftAndOfAWindow) {
    auto const inputs = busy_team();
    OnCallCache cache;
    // Handoffs, window starts and ends, and the instants around them.
    auto timeline = resolve_timeline(inputs, history_start, history_start + days(70));
    for (auto const& layer : timeline)
        for (auto const& piece : layer)
            for (auto at : {piece.start - 1s, piece.start, piece.start + 1s, piece.end - 1s})
                expect_same(who_is_on_call(inputs, at), cache.who("care", inputs, at), at);
}

TEST(OnCallCache, ClearedAfterAChangeItAnswersTheNewRota) {
    auto inputs = busy_team();
    OnCallCache cache;
    auto const at = history_start + days(200) + 17h; // Monday 20 July, 19:00 in Berlin
    auto before = cache.who("care", inputs, at);
    ASSERT_FALSE(before.layers.empty());
    inputs.overrides.push_back({"primary", "person7", at - 1h, at + 1h});
    cache.clear();
    auto after = cache.who("care", inputs, at);
    EXPECT_EQ(after.layers[0].person, "person7");
    expect_same(who_is_on_call(inputs, at), after, at);
}

TEST(OnCallCache, ATeamWithoutAZoneOrLayersGetsTheFreshAnswer) {
    RotaInputs empty;
    empty.team.id = "nobody";
    OnCallCache cache;
    auto const at = history_start;
    expect_same(who_is_on_call(empty, at), cache.who("nobody", empty, at), at);
    empty.team.zone = date::locate_zone("UTC");
    expect_same(who_is_on_call(empty, at), cache.who("nobody", empty, at), at);
}

TEST(OnCallCache, InstantsBeforeTheEpochAndFarAheadAreAnswered) {
    auto const inputs = busy_team();
    OnCallCache cache;
    for (auto at : {Instant(std::chrono::seconds(-86'400 * 40)), Instant(std::chrono::seconds(0)),
                    history_start + days(3 * 365)})
        expect_same(who_is_on_call(inputs, at), cache.who("care", inputs, at), at);
}

} // namespace
} // namespace sb::schedules
