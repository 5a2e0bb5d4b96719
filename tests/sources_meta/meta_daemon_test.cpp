// SPDX-License-Identifier: Apache-2.0
// The real binary with a meta source: Meta's handshake, a signed delivery from the fake Meta,
// and the card in the console.
#include "tests/integration/binary_process.hpp"
#include "tests/sources_meta/fake_meta_process.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sb::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char const* app_secret = "daemon-app-secret";
constexpr char const* verify_token = "daemon-verify-token";

std::string config_text(std::string const& graph_url) {
    return R"json({
  // A meta source next to a generic webhook source: both live under /hooks/.
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": { "bob": { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } } },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" },
      "rooms": { "console": "#care" },
      "layers": [{ "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }],
      "escalation": { "business_hours": "room", "after_hours": "room" }
    }
  },
  "escalation_policies": { "room": { "steps": [{ "after": "0s", "notify": [{ "room": true }] }], "repeat": 1 } },
  "sources": {
    "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } },
    "fb": {
      "type": "meta",
      "app_secret": { "env": "SB_META_APP_SECRET" },
      "verify_token": { "env": "SB_META_VERIFY_TOKEN" },
      "access_token": { "env": "SB_META_PAGE_TOKEN" },
      "graph_url": ")json" +
           graph_url + R"json(",
      "account": "shop"
    }
  },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

class MetaDaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-meta-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::ofstream(m_dir / "switchboard.jsonc") << config_text(m_fake.graph_url());
        m_daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                         (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                         (m_dir / "state").string(), "--as", "bob"},
                                        {{"SB_TEST_SECRET", "webhook-secret"},
                                         {"SB_META_APP_SECRET", app_secret},
                                         {"SB_META_VERIFY_TOKEN", verify_token},
                                         {"SB_META_PAGE_TOKEN", "page-token"}});
        ASSERT_TRUE(m_daemon);
        auto port = listening_port(*m_daemon);
        ASSERT_TRUE(port) << m_daemon->stderr_text();
        m_port = *port;
    }
    void TearDown() override {
        if (m_daemon) {
            m_daemon->signal(SIGTERM);
            EXPECT_EQ(m_daemon->wait(), 0);
        }
        m_daemon.reset();
        std::filesystem::remove_all(m_dir);
    }
    std::string hook_url() const {
        return "http://127.0.0.1:" + std::to_string(m_port) + "/hooks/fb";
    }

    FakeMeta m_fake;
    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_daemon;
    unsigned short m_port = 0;
};

TEST_F(MetaDaemonTest, HandshakeThenSignedDeliveryShowsACard) {
    auto const handshake = m_fake.control("verify", {{"url", hook_url()},
                                                     {"mode", "subscribe"},
                                                     {"token", verify_token},
                                                     {"challenge", "1158201444"}});
    EXPECT_EQ(handshake["status"], 200);
    EXPECT_EQ(handshake["body"], "1158201444");

    auto const refused =
        m_fake.control("deliver", {{"url", hook_url()},
                                   {"secret", "wrong"},
                                   {"body", json::parse(meta_sample("feed_comment_add.json"))}});
    EXPECT_EQ(refused["status"], 401);

    auto const delivered =
        m_fake.control("deliver", {{"url", hook_url()},
                                   {"secret", app_secret},
                                   {"body", json::parse(meta_sample("feed_comment_add.json"))}});
    EXPECT_EQ(delivered["status"], 200);
    ASSERT_TRUE(m_daemon->wait_for_stdout("facebook · open", 10s))
        << m_daemon->stdout_text() << m_daemon->stderr_text();
    EXPECT_TRUE(m_daemon->wait_for_stdout("Dana Fan: Is the shop open on Sunday?", 5s))
        << m_daemon->stdout_text();

    auto const ready = http_request("127.0.0.1", m_port, "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_NE(ready.body.find("source:fb"), std::string::npos) << ready.body;
}

} // namespace
} // namespace sb::test
