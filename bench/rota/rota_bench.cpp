// SPDX-License-Identifier: Apache-2.0
// Rota lookups at daemon scale: 10 people, 2 layers, 2 years of history, 5,000 entries.
#include "schedules/holidays.hpp"
#include "schedules/on_call_index.hpp"
#include "schedules/resolver.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <random>

namespace {

using namespace sb::schedules;
using namespace std::chrono_literals;

Instant const history_start = date::sys_days(date::year{2025} / 1 / 1);
Instant const history_end = date::sys_days(date::year{2027} / 1 / 1);

RotaInputs make_inputs() {
    std::mt19937 random(42);
    RotaInputs inputs;
    inputs.team.id = "bench";
    inputs.team.zone = date::locate_zone("Europe/Berlin");
    std::vector<date::weekday> const weekdays{date::Monday, date::Tuesday, date::Wednesday,
                                              date::Thursday, date::Friday};
    inputs.team.business_hours = {weekdays, 9h, 18h};
    inputs.team.windows = {{"evening", weekdays, false, 18h, 22h},
                           {"weekend", {date::Saturday, date::Sunday}, false, 9h, 21h},
                           {"holiday", {}, true, 9h, 21h}};
    for (int year = 2025; year <= 2027; ++year) {
        auto holidays = public_holidays("DE-BY", year).value();
        inputs.holidays.insert(inputs.holidays.end(), holidays.begin(), holidays.end());
    }
    std::vector<std::string> people;
    for (int i = 0; i < 10; ++i)
        people.push_back("person" + std::to_string(i));
    LayerModel primary;
    primary.name = "primary";
    primary.members = people;
    primary.start_date = date::local_days(date::year{2025} / 1 / 6);
    primary.windows = {"evening", "weekend", "holiday"};
    LayerModel secondary = primary;
    secondary.name = "secondary";
    std::rotate(secondary.members.begin(), secondary.members.begin() + 5, secondary.members.end());
    secondary.unit = ShiftUnit::days;
    inputs.layers = {primary, secondary};
    auto range = (history_end - history_start).count();
    std::uniform_int_distribution<long long> offset(0, range);
    std::uniform_int_distribution<int> person(0, 9);
    std::uniform_int_distribution<int> hours(1, 96);
    for (int i = 0; i < 2500; ++i) {
        auto start = history_start + std::chrono::seconds(offset(random));
        inputs.absences.push_back({people[static_cast<std::size_t>(person(random))],
                                   AbsenceKind::sick, start,
                                   start + std::chrono::hours(hours(random))});
    }
    for (int i = 0; i < 2500; ++i) {
        auto start = history_start + std::chrono::seconds(offset(random));
        inputs.overrides.push_back({i % 2 ? "primary" : "secondary",
                                    people[static_cast<std::size_t>(person(random))], start,
                                    start + std::chrono::hours(hours(random))});
    }
    return inputs;
}

void who_at_random_instant(benchmark::State& state) {
    auto inputs = make_inputs();
    std::mt19937 random(7);
    std::uniform_int_distribution<long long> offset(0, (history_end - history_start).count());
    for (auto _ : state) {
        auto answer = who_is_on_call(inputs, history_start + std::chrono::seconds(offset(random)));
        benchmark::DoNotOptimize(answer);
    }
}
BENCHMARK(who_at_random_instant)->Unit(benchmark::kMicrosecond);

// The daemon's who: from the rota resolved ahead in blocks (built once per block, dropped when
// the rota changes). Counters: the fresh resolution's time in the same run and the speed-up.
void who_from_the_resolved_rota(benchmark::State& state) {
    auto inputs = make_inputs();
    OnCallCache cache;
    for (auto at = history_start; at < history_end; at += OnCallCache::block_length)
        benchmark::DoNotOptimize(cache.who("bench", inputs, at));
    std::mt19937 random(7);
    std::uniform_int_distribution<long long> offset(0, (history_end - history_start).count());
    auto instant = [&] { return history_start + std::chrono::seconds(offset(random)); };
    using Clock = std::chrono::steady_clock;
    constexpr int fresh_samples = 300;
    auto fresh_begin = Clock::now();
    for (int i = 0; i < fresh_samples; ++i)
        benchmark::DoNotOptimize(who_is_on_call(inputs, instant()));
    std::chrono::duration<double, std::micro> fresh = (Clock::now() - fresh_begin) / fresh_samples;
    std::int64_t lookups = 0;
    auto begin = Clock::now();
    for (auto _ : state) {
        auto answer = cache.who("bench", inputs, instant());
        benchmark::DoNotOptimize(answer);
        ++lookups;
    }
    std::chrono::duration<double, std::micro> cached =
        (Clock::now() - begin) / std::max<std::int64_t>(lookups, 1);
    state.counters["fresh_us"] = fresh.count();
    state.counters["cached_us"] = cached.count();
    state.counters["speedup"] = fresh.count() / cached.count();
    state.counters["goal_us"] = 10;
}
BENCHMARK(who_from_the_resolved_rota)->Unit(benchmark::kMicrosecond);

void gap_scan_one_year(benchmark::State& state) {
    auto inputs = make_inputs();
    auto from = date::sys_days(date::year{2026} / 1 / 1);
    auto to = date::sys_days(date::year{2027} / 1 / 1);
    for (auto _ : state) {
        auto gaps = find_gaps(inputs, from, to);
        benchmark::DoNotOptimize(gaps);
    }
}
BENCHMARK(gap_scan_one_year)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
