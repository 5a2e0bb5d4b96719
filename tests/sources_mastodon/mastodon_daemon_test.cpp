// SPDX-License-Identifier: Apache-2.0
// The real binary with a Mastodon source against the contract fake: a mention posted on the
// "server" becomes a card, an edit updates it, and a restart picks up what arrived meanwhile.
#include "tests/integration/binary_process.hpp"
#include "tests/sources_mastodon/fake_mastodon_process.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

constexpr char const* token = "daemon-mastodon-token";

std::string config_text(std::string const& fake_url) {
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": { "bob": { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } } },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "room", "after_hours": "room" }
    }
  },
  "escalation_policies": { "room": { "steps": [{ "after": "0m", "notify": [{ "room": true }] }], "repeat": 1 } },
  "sources": {
    "masto": { "type": "mastodon", "base_url": ")json" +
           fake_url +
           R"json(", "access_token": { "env": "SB_MASTODON_TOKEN" }, "account": "@brand" }
  },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

class MastodonDaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-mastodon-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_fake = std::make_unique<FakeMastodon>(token);
        std::ofstream(m_dir / "switchboard.jsonc") << config_text(m_fake->url());
    }
    void TearDown() override {
        m_daemon.reset();
        m_fake.reset();
        std::filesystem::remove_all(m_dir);
    }
    void start_daemon() {
        m_daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                         (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                         (m_dir / "state").string(), "--as", "bob"},
                                        {{"SB_MASTODON_TOKEN", token}});
        ASSERT_TRUE(m_daemon);
        auto port = listening_port(*m_daemon);
        ASSERT_TRUE(port) << m_daemon->stderr_text();
        m_port = *port;
        ASSERT_TRUE(m_daemon->wait_for_stderr("mastodon masto: stream connected", 20s))
            << m_daemon->stderr_text();
    }
    void stop_daemon() {
        m_daemon->signal(SIGTERM);
        EXPECT_EQ(m_daemon->wait(), 0) << m_daemon->stderr_text();
    }

    std::filesystem::path m_dir;
    std::unique_ptr<FakeMastodon> m_fake;
    std::unique_ptr<BinaryProcess> m_daemon;
    unsigned short m_port = 0;
};

} // namespace

TEST_F(MastodonDaemonTest, MentionBecomesACardEditsUpdateItAndARestartCatchesUp) {
    start_daemon();
    m_fake->mention("fan@elsewhere.example", "is the shop open on Sunday?");
    auto card = m_daemon->wait_for_stdout(
        "mastodon · open\n    @fan@elsewhere.example: @brand is the shop open on Sunday?", 15s);
    ASSERT_TRUE(card) << m_daemon->stdout_text() << m_daemon->stderr_text();

    auto ready = http_request("127.0.0.1", m_port, "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    auto metrics = http_request("127.0.0.1", m_port, "GET", "/metrics");
    EXPECT_NE(metrics.body.find("switchboard_mastodon_stream_connected{source=\"masto\"} 1"),
              std::string::npos)
        << metrics.body;

    auto second = m_fake->mention("fan@elsewhere.example", "typo here");
    ASSERT_TRUE(m_daemon->wait_for_stdout("@brand typo here", 15s, *card));
    auto offset = m_daemon->stdout_text().size();
    m_fake->control("edit", {{"status_id", second["status_id"]}, {"text", "no typo"}});
    ASSERT_TRUE(m_daemon->wait_for_stdout("card #2 now open", 15s, offset))
        << m_daemon->stdout_text();
    stop_daemon();

    // Posted while the daemon is down: the catch-up at start finds it, and only it.
    m_fake->mention("late@elsewhere.example", "anyone there?");
    start_daemon();
    ASSERT_TRUE(m_daemon->wait_for_stdout("@late@elsewhere.example: @brand anyone there?", 15s))
        << m_daemon->stdout_text() << m_daemon->stderr_text();
    m_daemon->pump(300ms);
    EXPECT_EQ(m_daemon->stdout_text().find("is the shop open"), std::string::npos)
        << "nothing from before the restart came back as a new card";
    stop_daemon();
}
