// SPDX-License-Identifier: Apache-2.0
// Warnings: settings that work but put someone at risk; check-config shows them and exits 0.
#include "config/check_config.hpp"
#include "config/config.hpp"
#include "config/ntfy_topic.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sb::config {
namespace {

std::string config_with(std::string const& topic, std::string const& paging = "") {
    return R"({
  "people": {
    "bob": { "name": "Bob", "chat": { "console": "bob" },
             "push": [{ "type": "ntfy", "address": ")" +
           topic + R"(" }] }
  })" + (paging.empty() ? std::string() : ",\n  \"paging\": " + paging) +
           "\n}\n";
}

std::vector<ConfigError> ntfy_warnings(std::string const& text) {
    auto result = load_config_text(text, "test.jsonc");
    EXPECT_TRUE(result.errors.empty()) << result.errors.front().to_string();
    return result.warnings;
}

TEST(NtfyTopicWarning, HostileGuessableTopicsOnThePublicServerWarn) {
    for (std::string topic :
         {"bob", "care-bob", "alice-oncall-pager-2026", "aaaaaaaaaaaaaaaaaaaaaaaa",
          "switchboardpagesforbob", "bob\\u0000topic"}) {
        auto const warnings = ntfy_warnings(config_with(topic));
        ASSERT_EQ(warnings.size(), 1u) << topic;
        EXPECT_EQ(warnings[0].path, "/people/bob/push/0/address");
        EXPECT_EQ(warnings[0].line, 4);
        EXPECT_NE(warnings[0].message.find("can be guessed"), std::string::npos);
        EXPECT_NE(warnings[0].message.find("20 random characters"), std::string::npos);
        EXPECT_NE(warnings[0].message.find("access token"), std::string::npos);
    }
}

TEST(NtfyTopicWarning, LongRandomTopicDoesNotWarn) {
    EXPECT_TRUE(ntfy_warnings(config_with("care-bob-k7Qm2xR9vT4pL8wZ3nY6")).empty());
    EXPECT_TRUE(ntfy_warnings(config_with("3f2a9c1e-7b4d-4e8a-9c61-0d5e2f7a8b9c")).empty());
}

TEST(NtfyTopicWarning, TokenOrOwnServerDoesNotWarn) {
    EXPECT_TRUE(ntfy_warnings(
                    config_with("care-bob", R"({ "ntfy": { "token": { "env": "NTFY_TOKEN" } } })"))
                    .empty());
    EXPECT_TRUE(ntfy_warnings(
                    config_with("care-bob", R"({ "ntfy": { "url": "https://ntfy.example.com" } })"))
                    .empty());
    EXPECT_EQ(ntfy_warnings(config_with("care-bob", R"({ "ntfy": { "url": "https://ntfy.sh/" } })"))
                  .size(),
              1u);
}

TEST(NtfyTopicWarning, TopicStrengthRules) {
    EXPECT_TRUE(ntfy_topic_is_guessable("k7Qm2xR9vT4pL8wZ3nY")); // 19 characters
    EXPECT_FALSE(ntfy_topic_is_guessable("k7Qm2xR9vT4pL8wZ3nY6"));
    EXPECT_TRUE(ntfy_topic_is_guessable("abcdefghijklmnopqrstuvwxyz")); // letters: maybe words
    EXPECT_TRUE(is_public_ntfy_server("https://ntfy.sh"));
    EXPECT_FALSE(is_public_ntfy_server("https://ntfy.sh.example.com"));
}

TEST(CheckConfigWarnings, TextAndJsonListWarningsAndExitZero) {
    auto path = std::filesystem::temp_directory_path() / "switchboard-check-ntfy.jsonc";
    std::ofstream(path) << config_with("care-bob");
    std::ostringstream text;
    EXPECT_EQ(check_config_main(path.string(), false, text), 0);
    EXPECT_NE(text.str().find("warning: " + path.string() +
                              ":4: /people/bob/push/0/address: this ntfy topic on the public "
                              "server can be guessed"),
              std::string::npos)
        << text.str();
    EXPECT_NE(text.str().find("config OK: 1 people"), std::string::npos) << text.str();

    std::ostringstream json_out;
    EXPECT_EQ(check_config_main(path.string(), true, json_out), 0);
    auto report = nlohmann::json::parse(json_out.str());
    EXPECT_EQ(report["ok"], true);
    ASSERT_EQ(report["warnings"].size(), 1u);
    EXPECT_EQ(report["warnings"][0]["path"], "/people/bob/push/0/address");
    EXPECT_EQ(report["warnings"][0]["line"], 4);
    EXPECT_EQ(report["warnings"][0]["file"], path.string());
}

} // namespace
} // namespace sb::config
