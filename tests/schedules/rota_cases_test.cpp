// SPDX-License-Identifier: Apache-2.0
// Runs every case file in tests/data/rota: adding a case is adding a file.
#include "tests/schedules/case_reader.hpp"

#include "base/time.hpp"
#include "schedules/resolver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using namespace sb::schedules;
using sb::schedules::testing::Expectation;

std::vector<std::string> case_files() {
    std::vector<std::string> out;
    for (auto const& entry : std::filesystem::directory_iterator(SB_ROTA_CASES_DIR))
        if (entry.path().extension() == ".rota")
            out.push_back(entry.path().stem().string());
    std::sort(out.begin(), out.end());
    return out;
}

class RotaCase : public ::testing::TestWithParam<std::string> {};

TEST_P(RotaCase, ResolvesAsTheCaseFileExpects) {
    auto path = std::string(SB_ROTA_CASES_DIR) + "/" + GetParam() + ".rota";
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    auto parsed = sb::schedules::testing::read_case(text.str());
    ASSERT_TRUE(parsed.has_value()) << path << ": " << parsed.error().to_string();
    auto const& inputs = parsed->inputs;
    ASSERT_TRUE(validate(inputs).has_value()) << validate(inputs).error().to_string();
    ASSERT_FALSE(parsed->expectations.empty()) << path << " expects nothing";
    auto zone = std::string(inputs.team.zone->name());
    for (auto const& expectation : parsed->expectations) {
        SCOPED_TRACE(path + ":" + std::to_string(expectation.line) + ": " + expectation.text);
        switch (expectation.kind) {
        case Expectation::Kind::who: {
            auto answer = who_is_on_call(inputs, expectation.at);
            auto layer_name =
                expectation.layer.empty() ? inputs.layers.at(0).name : expectation.layer;
            auto found = std::find_if(answer.layers.begin(), answer.layers.end(),
                                      [&](Assignment const& a) { return a.layer == layer_name; });
            ASSERT_NE(found, answer.layers.end()) << "no layer " << layer_name;
            EXPECT_EQ(found->person.value_or("nobody"), expectation.person.value_or("nobody"));
            EXPECT_EQ(to_string(found->reason), expectation.reason) << found->why;
            EXPECT_EQ(found->substitutes_for, expectation.other);
            if (expectation.span_start) {
                EXPECT_EQ(sb::format_instant(found->start, zone),
                          sb::format_instant(*expectation.span_start, zone));
                EXPECT_EQ(sb::format_instant(found->end, zone),
                          sb::format_instant(*expectation.span_end, zone));
            }
            // The rota over a day around the instant must say the same.
            auto rota = resolve_rota(inputs, expectation.at - std::chrono::hours(12),
                                     expectation.at + std::chrono::hours(12));
            auto span = std::find_if(rota.begin(), rota.end(), [&](Assignment const& a) {
                return a.layer == layer_name && a.start <= expectation.at && expectation.at < a.end;
            });
            if (found->reason == Reason::off) {
                EXPECT_EQ(span, rota.end());
            } else {
                ASSERT_NE(span, rota.end());
                EXPECT_EQ(span->person, found->person);
            }
            break;
        }
        case Expectation::Kind::window:
            EXPECT_EQ(window_at(inputs, expectation.at).value_or("none"),
                      expectation.window.value_or("none"));
            break;
        case Expectation::Kind::next_covered: {
            auto next = next_covered(inputs, expectation.at);
            EXPECT_EQ(next ? sb::format_instant(*next, zone) : "never",
                      expectation.covered ? sb::format_instant(*expectation.covered, zone)
                                          : "never");
            break;
        }
        case Expectation::Kind::gaps: {
            auto gaps = find_gaps(inputs, expectation.at, expectation.until);
            std::string listed;
            for (auto const& gap : gaps)
                listed += gap.layer + " " + sb::format_instant(gap.start, zone) + " " +
                          sb::format_instant(gap.end, zone) + " " + gap.why + "\n";
            EXPECT_EQ(static_cast<int>(gaps.size()), expectation.count) << listed;
            break;
        }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Files, RotaCase, ::testing::ValuesIn(case_files()),
                         [](::testing::TestParamInfo<std::string> const& info) {
                             auto name = info.param;
                             std::replace_if(
                                 name.begin(), name.end(),
                                 [](char c) {
                                     return !std::isalnum(static_cast<unsigned char>(c));
                                 },
                                 '_');
                             return name;
                         });

} // namespace
