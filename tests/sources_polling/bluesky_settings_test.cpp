// SPDX-License-Identifier: Apache-2.0
// Type "bluesky" settings: defaults, limits and errors that name their path.
#include "adapters/sources/bluesky/bluesky_source.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

namespace sb {
namespace {

config::Source source(nlohmann::json settings) {
    config::Source s;
    s.id = "bsky";
    s.type = "bluesky";
    s.settings = std::move(settings);
    return s;
}

class BlueskySettings : public ::testing::Test {
protected:
    void SetUp() override { ::setenv("SB_TEST_BSKY_PASSWORD", "abcd-efgh-ijkl-mnop", 1); }
    void TearDown() override { ::unsetenv("SB_TEST_BSKY_PASSWORD"); }
};

TEST_F(BlueskySettings, DefaultsApplyAndAccountIsTheIdentifier) {
    auto settings =
        read_bluesky_settings(source({{"type", "bluesky"},
                                      {"identifier", "brand.bsky.social"},
                                      {"app_password", {{"env", "SB_TEST_BSKY_PASSWORD"}}}}),
                              "/etc/switchboard.jsonc");
    ASSERT_TRUE(settings.has_value()) << settings.error().to_string();
    EXPECT_EQ(settings->service_url, "https://bsky.social");
    EXPECT_EQ(settings->interval, Seconds{60});
    EXPECT_EQ(settings->account, "brand.bsky.social");
    EXPECT_EQ(settings->app_password, "abcd-efgh-ijkl-mnop");
}

TEST_F(BlueskySettings, MissingIdentifierNamesItsPath) {
    auto settings = read_bluesky_settings(
        source({{"type", "bluesky"}, {"app_password", {{"env", "SB_TEST_BSKY_PASSWORD"}}}}), "");
    ASSERT_FALSE(settings.has_value());
    EXPECT_EQ(settings.error().context, "/sources/bsky/identifier");
}

TEST_F(BlueskySettings, IntervalBelowTenSecondsIsRefused) {
    auto settings =
        read_bluesky_settings(source({{"type", "bluesky"},
                                      {"identifier", "brand.bsky.social"},
                                      {"app_password", {{"env", "SB_TEST_BSKY_PASSWORD"}}},
                                      {"interval", "5s"}}),
                              "");
    ASSERT_FALSE(settings.has_value());
    EXPECT_EQ(settings.error().context, "/sources/bsky/interval");
}

TEST_F(BlueskySettings, TypoInASettingIsRefusedWithASuggestion) {
    auto settings =
        read_bluesky_settings(source({{"type", "bluesky"},
                                      {"identifier", "brand.bsky.social"},
                                      {"app_password", {{"env", "SB_TEST_BSKY_PASSWORD"}}},
                                      {"service_ulr", "https://pds.example"}}),
                              "");
    ASSERT_FALSE(settings.has_value());
    EXPECT_NE(settings.error().message.find("service_url"), std::string::npos);
}

} // namespace
} // namespace sb
