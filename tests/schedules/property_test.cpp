// SPDX-License-Identifier: Apache-2.0
// Random rotas (fixed seed, fixed count) checked for the resolver's invariants.
#include "base/time.hpp"
#include "schedules/holidays.hpp"
#include "schedules/resolver.hpp"

#include <gtest/gtest.h>

#include <random>

namespace {

using namespace sb::schedules;
using namespace std::chrono_literals;

class RandomRota {
public:
    explicit RandomRota(unsigned seed) : m_random(seed) {}

    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }

    std::vector<date::weekday> days() {
        std::vector<date::weekday> out;
        for (unsigned day = 0; day < 7; ++day)
            if (pick(0, 1))
                out.emplace_back(day);
        return out;
    }

    RotaInputs make(sb::Instant from, sb::Instant to) {
        static std::vector<std::string> const zones{"Europe/Berlin", "America/New_York",
                                                    "Australia/Sydney", "UTC"};
        static std::vector<std::string> const people{"ada", "ben", "cem", "dia", "eva", "fin"};
        RotaInputs inputs;
        inputs.team.id = "random";
        inputs.team.zone = date::locate_zone(zones[static_cast<std::size_t>(pick(0, 3))]);
        inputs.team.business_hours = {days(), LocalTime(pick(6, 10) * 60),
                                      LocalTime(pick(15, 19) * 60)};
        int windows = pick(1, 3);
        for (int i = 0; i < windows; ++i)
            inputs.team.windows.push_back({"w" + std::to_string(i), days(), pick(0, 1) == 1,
                                           LocalTime(pick(0, 47) * 30),
                                           LocalTime(pick(0, 48) * 30)});
        auto holidays = public_holidays("DE-BY", 2027);
        inputs.holidays = holidays.value();
        int layers = pick(1, 3);
        for (int l = 0; l < layers; ++l) {
            LayerModel layer;
            layer.name = "layer" + std::to_string(l);
            int members = pick(1, 4);
            for (int m = 0; m < members; ++m)
                layer.members.push_back(people[static_cast<std::size_t>(pick(0, 5))]);
            layer.unit = static_cast<ShiftUnit>(pick(0, 3));
            layer.length = pick(1, 3);
            layer.handoff_day = date::weekday{static_cast<unsigned>(pick(0, 6))};
            layer.handoff_time = LocalTime(pick(0, 95) * 15);
            layer.start_date = date::local_days(date::year{2027} / 1 / pick(1, 28));
            if (pick(0, 1))
                layer.windows.push_back(pick(0, 2) == 0 ? "business_hours" : "w0");
            int kind = pick(0, 3);
            if (kind == 1)
                layer.substitution = {SubstitutionKind::deputy,
                                      people[static_cast<std::size_t>(pick(0, 5))]};
            else if (kind == 2 && l > 0)
                layer.substitution = {SubstitutionKind::layer, "layer0"};
            else if (kind == 3)
                layer.substitution = {SubstitutionKind::none, {}};
            inputs.layers.push_back(layer);
        }
        auto range = (to - from).count();
        auto random_span = [&] {
            auto start = from + std::chrono::seconds(
                                    std::uniform_int_distribution<long long>(0, range)(m_random));
            auto length = std::chrono::seconds(pick(1, 72 * 4) * 900);
            return std::pair{start, start + length};
        };
        for (int i = pick(0, 12); i > 0; --i) {
            auto [start, end] = random_span();
            inputs.absences.push_back({people[static_cast<std::size_t>(pick(0, 5))],
                                       static_cast<AbsenceKind>(pick(0, 2)), start, end});
        }
        for (int i = pick(0, 5); i > 0; --i) {
            auto [start, end] = random_span();
            inputs.overrides.push_back(
                {inputs.layers[static_cast<std::size_t>(pick(0, layers - 1))].name,
                 people[static_cast<std::size_t>(pick(0, 5))], start, end});
        }
        for (int i = pick(0, 3); i > 0; --i) {
            auto [start, end] = random_span();
            inputs.swaps.push_back(
                {inputs.layers[static_cast<std::size_t>(pick(0, layers - 1))].name,
                 people[static_cast<std::size_t>(pick(0, 5))],
                 people[static_cast<std::size_t>(pick(0, 5))], start, end});
        }
        return inputs;
    }

private:
    std::mt19937 m_random;
};

bool absent(RotaInputs const& inputs, std::string const& person, sb::Instant start,
            sb::Instant end) {
    for (auto const& absence : inputs.absences)
        if (absence.person == person && absence.start < end && start < absence.end)
            return true;
    return false;
}

bool layer_covers(RotaInputs const& inputs, LayerModel const& layer, sb::Instant at) {
    for (auto const& occurrence : window_occurrences(inputs, at, at + 1s)) {
        if (occurrence.start > at || at >= occurrence.end)
            continue;
        if (layer.windows.empty() || std::find(layer.windows.begin(), layer.windows.end(),
                                               occurrence.window) != layer.windows.end())
            return true;
    }
    return false;
}

TEST(RotaProperties, RandomRotasKeepEveryInvariant) {
    RandomRota generator(20270328);
    // Three weeks around the European spring change, which also holds Easter.
    auto from = sb::parse_instant("2027-03-15T00:00:00Z").value();
    auto to = sb::parse_instant("2027-04-05T00:00:00Z").value();
    for (int round = 0; round < 40; ++round) {
        auto inputs = generator.make(from, to);
        SCOPED_TRACE("round " + std::to_string(round) + " in " +
                     std::string(inputs.team.zone->name()));
        ASSERT_TRUE(validate(inputs).has_value()) << validate(inputs).error().to_string();
        auto timeline = resolve_timeline(inputs, from, to);
        ASSERT_EQ(timeline.size(), inputs.layers.size());
        for (std::size_t l = 0; l < timeline.size(); ++l) {
            auto const& spans = timeline[l];
            ASSERT_FALSE(spans.empty());
            // The layer's spans tile the range: one state at every instant, never two.
            EXPECT_EQ(spans.front().start, from);
            EXPECT_EQ(spans.back().end, to);
            for (std::size_t i = 0; i < spans.size(); ++i) {
                EXPECT_LT(spans[i].start, spans[i].end);
                if (i > 0) {
                    EXPECT_EQ(spans[i - 1].end, spans[i].start);
                }
                if (spans[i].person) {
                    EXPECT_FALSE(absent(inputs, *spans[i].person, spans[i].start, spans[i].end))
                        << *spans[i].person << " on call while absent at "
                        << sb::format_instant(spans[i].start);
                    EXPECT_NE(spans[i].reason, Reason::gap);
                } else {
                    EXPECT_TRUE(spans[i].reason == Reason::gap || spans[i].reason == Reason::off);
                }
            }
        }
        // who and the rota agree at sampled instants, and a layer is on only where it covers.
        for (auto t = from + 7min; t < to; t += 97min) {
            auto answer = who_is_on_call(inputs, t);
            ASSERT_EQ(answer.layers.size(), inputs.layers.size());
            for (std::size_t l = 0; l < inputs.layers.size(); ++l) {
                auto const& who = answer.layers[l];
                auto span =
                    std::find_if(timeline[l].begin(), timeline[l].end(),
                                 [&](Assignment const& a) { return a.start <= t && t < a.end; });
                ASSERT_NE(span, timeline[l].end());
                EXPECT_EQ(who.person, span->person) << sb::format_instant(t);
                EXPECT_EQ(who.reason, span->reason) << sb::format_instant(t);
                EXPECT_LE(who.start, span->start);
                EXPECT_GE(who.end, span->end);
                EXPECT_EQ(who.reason != Reason::off, layer_covers(inputs, inputs.layers[l], t))
                    << sb::format_instant(t);
            }
        }
        // Gaps are exactly the rota's spans without a person.
        auto rota = resolve_rota(inputs, from, to);
        auto gaps = find_gaps(inputs, from, to);
        auto without_person =
            std::count_if(rota.begin(), rota.end(), [](Assignment const& a) { return !a.person; });
        EXPECT_EQ(static_cast<long>(gaps.size()), static_cast<long>(without_person));
    }
}

} // namespace
