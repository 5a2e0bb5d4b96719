// SPDX-License-Identifier: Apache-2.0
// check-config on the real binary runs every plug-in's settings parser and reports all at once.
#include "binary_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace sb::test;

namespace {

class CheckConfigPlugins : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-cc-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::string write_config(std::string const& text) {
        auto path = (m_dir / "switchboard.jsonc").string();
        std::ofstream(path) << text;
        return path;
    }

    std::filesystem::path m_dir;
};

// Line numbers matter: the test asserts each mistake is reported on the line it is written.
constexpr char const* three_typos = R"({
  "chat": [
    { "type": "slack", "bot_token": { "env": "SB_CC_UNSET_BOT" },
      "app_tokn": { "env": "SB_CC_UNSET_APP" } },
    { "type": "matrix", "homeserver_url": "https://matrix.example.org",
      "acces_token": { "env": "SB_CC_UNSET_MATRIX" } }
  ],
  "sources": {
    "fediverse": { "type": "mastodn", "base_url": "https://mastodon.social" }
  }
}
)";

TEST_F(CheckConfigPlugins, ReportsAMisspeltSourceTypeSlackKeyAndMatrixKeyInOneRun) {
    auto path = write_config(three_typos);
    auto check = BinaryProcess::start({SWITCHBOARD_BINARY, "check-config", "--config", path});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->wait(), 1);
    auto const& out = check->stdout_text();
    EXPECT_NE(out.find(path + ":4: /chat/0/app_tokn: unknown setting 'app_tokn' for a chat adapter "
                              "of type slack; did you mean 'app_token'?"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find(path + ":6: /chat/1/acces_token: unknown setting 'acces_token' for a chat "
                              "adapter of type matrix; did you mean 'access_token'?"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find(path + ":9: /sources/fediverse/type: unknown source type 'mastodn'; did you "
                              "mean 'mastodon'?"),
              std::string::npos)
        << out;
}

TEST_F(CheckConfigPlugins, JsonReportCarriesFileLinePathAndSuggestionForEach) {
    auto path = write_config(three_typos);
    auto check =
        BinaryProcess::start({SWITCHBOARD_BINARY, "check-config", "--json", "--config", path});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->wait(), 1);
    auto report = nlohmann::json::parse(check->stdout_text());
    std::map<std::string, int> lines;
    std::map<std::string, std::string> messages;
    for (auto const& error : report["errors"]) {
        EXPECT_EQ(error["file"], path);
        lines[error["path"]] = error["line"];
        messages[error["path"]] = error["message"];
    }
    for (auto const* typo : {"/chat/0/app_tokn", "/chat/1/acces_token", "/sources/fediverse/type"})
        EXPECT_NE(messages[typo].find("did you mean"), std::string::npos) << typo;
    // Matrix's access_token is then missing, which is reported too, on the adapter's own line.
    EXPECT_EQ(lines["/chat/1/access_token"], 5);
    EXPECT_EQ(lines["/chat/0/app_tokn"], 4);
    EXPECT_EQ(lines["/chat/1/acces_token"], 6);
    EXPECT_EQ(lines["/sources/fediverse/type"], 9);
}

// Line numbers matter here too.
constexpr char const* notifier_typos = R"({
  "people": {
    "bob": { "name": "Bob", "chat": { "console": "bob" },
             "push": [{ "type": "pushovr", "address": "u123" }] }
  },
  "paging": {
    "pushover": { "app_tokn": { "env": "SB_CC_UNSET_PUSHOVER" } },
    "ntfi": { "url": "https://ntfy.example.org" }
  }
}
)";

TEST_F(CheckConfigPlugins, ReportsAMisspeltNotifierTypeAndNotifierKeysWithSuggestions) {
    auto path = write_config(notifier_typos);
    auto check = BinaryProcess::start({SWITCHBOARD_BINARY, "check-config", "--config", path});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->wait(), 1);
    auto const& out = check->stdout_text();
    EXPECT_NE(out.find(path + ":4: /people/bob/push/0/type: "), std::string::npos) << out;
    EXPECT_NE(out.find("did you mean \"pushover\"?"), std::string::npos) << out;
    EXPECT_NE(out.find(path + ":7: /paging/pushover/app_tokn: "), std::string::npos) << out;
    EXPECT_NE(out.find("did you mean \"app_token\"?"), std::string::npos) << out;
    EXPECT_NE(out.find(path + ":8: /paging/ntfi: "), std::string::npos) << out;
    EXPECT_NE(out.find("did you mean \"ntfy\"?"), std::string::npos) << out;
}

TEST_F(CheckConfigPlugins, ChecksSecretReferencesForShapeWithoutReadingThem) {
    // The variables are unset: check-config may run where the secrets are not.
    ::unsetenv("SB_CC_UNSET_BOT");
    auto good = write_config(R"({
  "chat": [{ "type": "slack", "bot_token": { "env": "SB_CC_UNSET_BOT" } }],
  "sources": { "blog": { "type": "rss", "url": "https://example.org/feed.xml" } }
})");
    auto ok = BinaryProcess::start({SWITCHBOARD_BINARY, "check-config", "--config", good});
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->wait(), 0) << ok->stdout_text() << ok->stderr_text();

    auto bad = write_config(R"({
  "chat": [{ "type": "slack", "bot_token": { "variable": "SB_CC_UNSET_BOT" } }],
  "sources": { "tube": { "type": "youtube", "api_key": "AIza-inline", "channel_id": "UC1" } }
})");
    auto refused = BinaryProcess::start({SWITCHBOARD_BINARY, "check-config", "--config", bad});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->wait(), 1);
    auto const& out = refused->stdout_text();
    EXPECT_NE(out.find(":2: /chat/0/bot_token"), std::string::npos) << out;
    EXPECT_NE(out.find(":3: /sources/tube/api_key: must be {\"env\": \"NAME\"} or {\"file\": "
                       "\"path\"}"),
              std::string::npos)
        << out;
}

} // namespace
