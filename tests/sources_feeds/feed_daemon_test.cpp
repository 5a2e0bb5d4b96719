// SPDX-License-Identifier: Apache-2.0
// The real binary with an rss source: the first read marks, a restart picks up what is new.
#include "tests/integration/binary_process.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace sb::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string config_text(std::string const& feed_url) {
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
      "layers": [{ "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": { "steps": [{ "after": "0s", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }], "repeat": 1 }
  },
  "sources": {
    "reviews": { "type": "rss", "url": ")json" +
           feed_url + R"json(", "interval": "30s", "platform": "trustpilot", "kind": "review" }
  },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

class FeedDaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-feed-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_fake = BinaryProcess::start({"/usr/bin/env", "node", FEED_FAKE_SCRIPT, "--rss",
                                       std::string(FEED_DATA_DIR) + "/rss2.xml", "--atom",
                                       std::string(FEED_DATA_DIR) + "/atom.xml"});
        ASSERT_TRUE(m_fake);
        auto at = m_fake->wait_for_stdout("PORT ", 20s);
        ASSERT_TRUE(at) << m_fake->stderr_text();
        m_fake->wait_for_stdout("\n", 5s, *at);
        m_fake_port = static_cast<unsigned short>(std::stoi(m_fake->stdout_text().substr(*at + 5)));
        std::ofstream(m_dir / "switchboard.jsonc")
            << config_text("http://127.0.0.1:" + std::to_string(m_fake_port) + "/feed.rss");
    }
    void TearDown() override {
        m_daemon.reset();
        m_fake.reset();
        std::filesystem::remove_all(m_dir);
    }
    void start_daemon() {
        m_daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                         (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                         (m_dir / "state").string(), "--as", "bob"});
        ASSERT_TRUE(m_daemon);
        ASSERT_TRUE(listening_port(*m_daemon)) << m_daemon->stderr_text();
    }
    void stop_daemon() {
        m_daemon->signal(SIGTERM);
        EXPECT_EQ(m_daemon->wait(), 0) << m_daemon->stderr_text();
    }
    json fake(std::string const& method, std::string const& path, json const& body = nullptr) {
        auto result =
            http_request("127.0.0.1", m_fake_port, method, path, body.is_null() ? "" : body.dump(),
                         {{"Content-Type", "application/json"}});
        EXPECT_EQ(result.status, 200) << result.body;
        return json::parse(result.body, nullptr, false);
    }
    bool wait_for_requests(int count) {
        auto deadline = std::chrono::steady_clock::now() + 15s;
        while (std::chrono::steady_clock::now() < deadline) {
            if (fake("GET", "/_control/report")["requests"]["rss"].get<int>() >= count)
                return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }

    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_fake;
    std::unique_ptr<BinaryProcess> m_daemon;
    unsigned short m_fake_port = 0;
};

TEST_F(FeedDaemonTest, FirstReadPostsNothingAndANewReviewBecomesACardAfterARestart) {
    start_daemon();
    ASSERT_TRUE(wait_for_requests(1)) << m_daemon->stderr_text();
    // The first read only marks; give the daemon a moment to store the cursor before stopping.
    ASSERT_TRUE(m_daemon->wait_for_stderr("marked as seen", 10s)) << m_daemon->stderr_text();
    stop_daemon();
    EXPECT_EQ(m_daemon->stdout_text().find("card #"), std::string::npos) << m_daemon->stdout_text();

    fake("POST", "/_control/add",
         {{"feed", "rss"},
          {"id", "review-9"},
          {"title", "Refund never came"},
          {"link", "https://reviews.example.com/acme/r/9"},
          {"text", "Two months now."}});
    start_daemon();
    ASSERT_TRUE(m_daemon->wait_for_stdout("card #1", 15s))
        << m_daemon->stdout_text() << m_daemon->stderr_text();
    m_daemon->pump(200ms);
    EXPECT_NE(m_daemon->stdout_text().find("Refund never came"), std::string::npos)
        << m_daemon->stdout_text();
    EXPECT_EQ(m_daemon->stdout_text().find("card #2"), std::string::npos)
        << "only the new review: " << m_daemon->stdout_text();
    auto report = fake("GET", "/_control/report");
    EXPECT_EQ(report["headers"][1]["if-none-match"], "\"rss-v1\"");
    stop_daemon();
}

} // namespace
