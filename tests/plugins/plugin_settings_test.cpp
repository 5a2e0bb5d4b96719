// SPDX-License-Identifier: Apache-2.0
// The plug-in settings parsers: hostile input first, then every problem reported in one run.
#include "adapters/chat/matrix/matrix_settings.hpp"
#include "adapters/chat/slack/slack_settings.hpp"
#include "adapters/sources/webhook/webhook_source.hpp"
#include "bot/daemon/plugin_catalog.hpp"
#include "config/plugin_catalog.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <stdlib.h>

#include <string>

namespace sb {
namespace {

using nlohmann::json;

config::LoadResult check(std::string const& text) {
    return config::load_config_text(text, "test.jsonc", plugin_catalog());
}

std::string all_errors(config::LoadResult const& result) {
    std::string out;
    for (auto const& error : result.errors)
        out += error.to_string() + "\n";
    return out;
}

bool has_error(config::LoadResult const& result, std::string const& path, std::string const& text) {
    for (auto const& error : result.errors)
        if (error.path == path && error.message.find(text) != std::string::npos)
            return true;
    return false;
}

TEST(PluginSettings, HostileSettingsAreRefusedWithClearErrorsNeverAThrow) {
    std::string huge(1 << 20, 'a');
    std::string deep;
    for (int i = 0; i < 200; ++i)
        deep += "{\"n\": ";
    deep += "1";
    for (int i = 0; i < 200; ++i)
        deep += "}";
    std::string text = R"({
  "chat": [
    { "type": "slack", "bot_token": "xoxb-inline", "app_token": 7, "api_base_url": [1] },
    { "type": "matrix", "homeserver_url": ")" +
                       huge + R"(", "sync_timeout_ms": 18446744073709551615,
      "access_token": { "env": "A", "file": "B" }, "nested": )" +
                       deep + R"( }
  ],
  "sources": {
    "fediverse": { "type": "mastodon", "base_url": 5, "access_token": { "env": "T" },
                   "page_size": "40", "catch_up_interval": 30, "streaming_url": "gopher://x" },
    "blog": { "type": "rss", "url": ")" +
                       huge + R"(", "platform": "", "kind": { "a": 1 } },
    "x": { "type": "x", "bearer_token": { "env": "X" }, "user_id": "@someone", "interval": "1s" },
    "tube": { "type": "youtube", "api_key": { "env": "Y" }, "channel_id": "UC",
              "daily_quota": -5, "interval": "soon" }
  }
})";
    config::LoadResult result;
    ASSERT_NO_THROW(result = check(text));
    EXPECT_FALSE(result.config.has_value());
    auto errors = all_errors(result);
    EXPECT_TRUE(has_error(result, "/chat/0/bot_token", "must not be written in the config"))
        << errors;
    EXPECT_TRUE(has_error(result, "/chat/0/app_token", "expected {\"env\"")) << errors;
    EXPECT_TRUE(has_error(result, "/chat/0/api_base_url", "must be a non-empty string")) << errors;
    EXPECT_TRUE(has_error(result, "/chat/1/homeserver_url", "must start with http://")) << errors;
    EXPECT_TRUE(has_error(result, "/chat/1/sync_timeout_ms", "whole number")) << errors;
    EXPECT_TRUE(has_error(result, "/chat/1/access_token", "exactly one")) << errors;
    EXPECT_TRUE(has_error(result, "/chat/1/nested", "unknown setting 'nested'")) << errors;
    EXPECT_NE(errors.find("nested too deeply"), std::string::npos) << errors;
    EXPECT_TRUE(has_error(result, "/sources/fediverse/base_url", "non-empty string")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/fediverse/page_size", "whole number")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/fediverse/catch_up_interval", "duration")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/fediverse/streaming_url", "wss://")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/blog/url", "must start with http://")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/blog/platform", "non-empty")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/blog/kind", "must be a string")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/x/user_id", "numeric id")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/x/interval", "at least")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/tube/daily_quota", "whole number")) << errors;
    // A huge value is named, not echoed whole: each message stays readable.
    for (auto const& error : result.errors)
        EXPECT_LT(error.message.size(), 1000u) << error.path;
}

TEST(PluginSettings, EveryProblemOfOneSourceIsReportedNotJustTheFirst) {
    auto result = check(R"({ "sources": { "blog": {
        "type": "rss", "url": "ftp://example.org", "intervall": "5m", "knd": "post",
        "kind": "story" } } })");
    EXPECT_TRUE(has_error(result, "/sources/blog/url", "http://")) << all_errors(result);
    EXPECT_TRUE(has_error(result, "/sources/blog/intervall", "did you mean 'interval'?"))
        << all_errors(result);
    EXPECT_TRUE(has_error(result, "/sources/blog/knd", "did you mean 'kind'?"))
        << all_errors(result);
    EXPECT_TRUE(has_error(result, "/sources/blog/kind", "\"post\" or \"review\""))
        << all_errors(result);
    EXPECT_EQ(result.errors.size(), 4u) << all_errors(result);
}

TEST(PluginSettings, UnknownTypesAndRequiredKeysAreReportedWithLineAndSuggestion) {
    auto result = check(R"({
  "chat": [{ "type": "slak" }, { "type": "matrix" }],
  "sources": {
    "fediverse": { "type": "mastodn" },
    "odd": { "type": "carrier-pigeon" },
    "hook": { "type": "webhook" }
  }
})");
    auto errors = all_errors(result);
    EXPECT_NE(errors.find("test.jsonc:2: /chat/0/type: \"slak\" is not one of console, slack, "
                          "matrix; did you mean \"slack\"?"),
              std::string::npos)
        << errors;
    EXPECT_TRUE(has_error(result, "/chat/1/homeserver_url", "\"server_name\"")) << errors;
    EXPECT_TRUE(has_error(result, "/chat/1/access_token", "\"user\" and \"password\"")) << errors;
    EXPECT_NE(errors.find("test.jsonc:4: /sources/fediverse/type: unknown source type 'mastodn'; "
                          "did you mean 'mastodon'?"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find("test.jsonc:5: /sources/odd/type: unknown source type 'carrier-pigeon'; "
                          "this build knows "),
              std::string::npos)
        << errors;
    EXPECT_TRUE(has_error(result, "/sources/hook/secret", "is required")) << errors;
}

TEST(PluginSettings, NotifierTypesAndSettingsAreCheckedInTheSameRun) {
    auto result = check(R"({
  "people": { "bob": { "name": "Bob", "push": [{ "type": "ntfi", "address": "bob-pages" }] } },
  "paging": { "pushover": { "app_tokn": { "env": "P" } }, "ntfy": { "url": 5 } },
  "sources": { "f": { "type": "mastodn" } }
})");
    auto errors = all_errors(result);
    EXPECT_TRUE(has_error(result, "/people/bob/push/0/type", "did you mean \"ntfy\"?")) << errors;
    EXPECT_TRUE(has_error(result, "/paging/pushover/app_tokn", "did you mean \"app_token\"?"))
        << errors;
    EXPECT_TRUE(has_error(result, "/paging/ntfy/url", "expected a string")) << errors;
    EXPECT_TRUE(has_error(result, "/sources/f/type", "did you mean 'mastodon'?")) << errors;
}

TEST(PluginSettings, WithoutTheCatalogTheLoaderLeavesPluginSettingsAlone) {
    auto result =
        config::load_config_text(R"({ "sources": { "f": { "type": "mastodn" } } })", "test.jsonc");
    EXPECT_TRUE(result.config.has_value()) << all_errors(result);
}

TEST(PluginSettings, AKeyOfAnotherSourceTypeNamesTheTypesThatReadIt) {
    auto result = check(R"({
  "sources": {
    "bsky": { "type": "bluesky", "identifier": "brand.bsky.social",
              "app_password": { "env": "B" }, "api_url": "https://pds.example" },
    "blog": { "type": "rss", "url": "https://example.com/f.xml", "max_body_bytes": 10 }
  }
})");
    auto const errors = all_errors(result);
    EXPECT_TRUE(has_error(result, "/sources/bsky/api_url",
                          "only sources of type \"x\", \"youtube\" read \"api_url\"; this one "
                          "is \"bluesky\""))
        << errors;
    EXPECT_TRUE(has_error(result, "/sources/blog/max_body_bytes",
                          "only sources of type \"meta\", \"webhook\" read \"max_body_bytes\""))
        << errors;
    for (auto const& error : result.errors) {
        if (error.path == "/sources/bsky/api_url") {
            EXPECT_EQ(error.line, 4);
        }
    }
}

TEST(WebhookRequireTimestamp, ReadForWebhooksRefusedElsewhereAndTypeChecked) {
    auto load = [](std::string const& source) {
        return check(R"({ "sources": { "s": )" + source + " } }");
    };
    ::setenv("SB_TEST_WEBHOOK_SECRET", "s3cret", 1);
    auto ok = load(R"({ "type": "webhook", "secret": { "env": "SB_TEST_WEBHOOK_SECRET" },
                        "require_timestamp": true })");
    ASSERT_TRUE(ok.config.has_value()) << ok.errors.front().to_string();
    auto const webhook = read_webhook_settings(ok.config->sources.at("s"), "");
    ASSERT_TRUE(webhook.has_value()) << webhook.error().to_string();
    EXPECT_TRUE(webhook->require_timestamp);
    ::unsetenv("SB_TEST_WEBHOOK_SECRET");
    auto wrong_type =
        load(R"({ "type": "webhook", "secret": { "env": "S" }, "require_timestamp": "yes" })");
    ASSERT_FALSE(wrong_type.errors.empty());
    EXPECT_EQ(wrong_type.errors[0].path, "/sources/s/require_timestamp");
    auto elsewhere =
        load(R"({ "type": "rss", "url": "https://example.com/f.xml", "require_timestamp": true })");
    bool found = false;
    for (auto const& error : elsewhere.errors)
        found = found || (error.path == "/sources/s/require_timestamp" &&
                          error.message.find("only a \"webhook\" source") != std::string::npos);
    EXPECT_TRUE(found);
}

TEST(PluginSettings, SlackParserReadsSecretsWhenBuildingAndStopsAtTheFirstProblem) {
    ::setenv("SB_PLUGIN_TEST_BOT", "xoxb-1", 1);
    ::unsetenv("SB_PLUGIN_TEST_APP");
    json settings{{"type", "slack"},
                  {"bot_token", {{"env", "SB_PLUGIN_TEST_BOT"}}},
                  {"api_base_url", "http://127.0.0.1:9/api/"}};
    config::SettingsReader building(settings, "/chat/0", "a chat adapter of type slack",
                                    {"type", "name"}, "/nowhere/switchboard.jsonc");
    auto parsed = parse_slack_settings(building);
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(parsed.value().bot_token, "xoxb-1");
    EXPECT_EQ(parsed.value().api_base_url, "http://127.0.0.1:9/api");

    settings["app_token"] = {{"env", "SB_PLUGIN_TEST_APP"}};
    settings["bot_tokn"] = 1;
    auto refused = parse_slack_settings(building);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().context, "/chat/0/bot_tokn");
}

TEST(PluginSettings, CheckingReadsNoSecretAndCollectsEveryProblem) {
    ::unsetenv("SB_PLUGIN_TEST_MATRIX");
    json settings{{"type", "matrix"},
                  {"homeservr_url", "https://m.example.org"},
                  {"access_token", {{"env", "SB_PLUGIN_TEST_MATRIX"}}},
                  {"sync_timeout_ms", "soon"}};
    std::vector<config::SettingsIssue> issues;
    config::SettingsReader checking(settings, "/chat/1", "a chat adapter of type matrix",
                                    {"type", "name"}, issues);
    auto parsed = parse_matrix_settings(checking);
    ASSERT_TRUE(parsed); // problems are collected, not returned
    std::vector<std::string> paths;
    for (auto const& issue : issues)
        paths.push_back(issue.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"/chat/1/homeservr_url", "/chat/1/sync_timeout_ms",
                                               "/chat/1/homeserver_url"}));
    EXPECT_NE(issues[0].message.find("did you mean 'homeserver_url'?"), std::string::npos);
}

} // namespace
} // namespace sb
