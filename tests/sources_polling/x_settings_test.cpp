// SPDX-License-Identifier: Apache-2.0
// Type "x" settings: defaults, limits and errors that name their path.
#include "adapters/sources/x/x_source.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

namespace sb {
namespace {

config::Source source(nlohmann::json settings) {
    config::Source s;
    s.id = "x";
    s.type = "x";
    s.settings = std::move(settings);
    return s;
}

class XSettings : public ::testing::Test {
protected:
    void SetUp() override { ::setenv("SB_TEST_X_BEARER", "AAAAtoken", 1); }
    void TearDown() override { ::unsetenv("SB_TEST_X_BEARER"); }
};

TEST_F(XSettings, DefaultsApplyAndAccountIsTheUserId) {
    auto settings = read_x_settings(source({{"type", "x"},
                                            {"bearer_token", {{"env", "SB_TEST_X_BEARER"}}},
                                            {"user_id", "2244994945"}}),
                                    "");
    ASSERT_TRUE(settings.has_value()) << settings.error().to_string();
    EXPECT_EQ(settings->api_url, "https://api.x.com");
    EXPECT_EQ(settings->interval, Seconds{120});
    EXPECT_EQ(settings->account, "2244994945");
    EXPECT_EQ(settings->bearer_token, "AAAAtoken");
}

TEST_F(XSettings, UserNameInsteadOfIdIsRefused) {
    auto settings = read_x_settings(source({{"type", "x"},
                                            {"bearer_token", {{"env", "SB_TEST_X_BEARER"}}},
                                            {"user_id", "@brand"}}),
                                    "");
    ASSERT_FALSE(settings.has_value());
    EXPECT_EQ(settings.error().context, "/sources/x/user_id");
}

TEST_F(XSettings, IntervalBelowFifteenSecondsIsRefused) {
    auto settings = read_x_settings(source({{"type", "x"},
                                            {"bearer_token", {{"env", "SB_TEST_X_BEARER"}}},
                                            {"user_id", "2244994945"},
                                            {"interval", "10s"}}),
                                    "");
    ASSERT_FALSE(settings.has_value());
    EXPECT_EQ(settings.error().context, "/sources/x/interval");
}

TEST_F(XSettings, MissingBearerTokenNamesItsPath) {
    auto settings = read_x_settings(source({{"type", "x"}, {"user_id", "2244994945"}}), "");
    ASSERT_FALSE(settings.has_value());
    EXPECT_EQ(settings.error().context, "/sources/x/bearer_token");
}

} // namespace
} // namespace sb
