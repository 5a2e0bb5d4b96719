// SPDX-License-Identifier: Apache-2.0
// The real binary routes hostile posts: a regex bait of 300,000 letters and a 900 KB keyword post
// are stored and routed, and the daemon stays up.
#include "binary_process.hpp"

#include "base/hmac.hpp"
#include "tests/support/http_client.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

constexpr char const* secret = "routing-secret";

constexpr char const* config_text = R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "bob": { "name": "Bob", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "bob" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": { "steps": [{ "after": "10m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] }
  },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [
    { "match": { "regex": "refund.*x" }, "priority": "high" },
    { "match": { "keywords": ["Kündigung"] }, "priority": "urgent" },
    { "match": {}, "team": "care" }
  ]
})json";

std::string mention(std::string const& id, std::string const& text) {
    return nlohmann::json{{"id", id},
                          {"platform", "x"},
                          {"author", "@dana"},
                          {"text", text},
                          {"url", "https://x.com/dana/" + id},
                          {"created_at", "2026-11-20T10:00:00Z"}}
        .dump();
}

HeaderList signed_headers(std::string const& body) {
    return {{"X-Switchboard-Signature", "sha256=" + sb::hmac_sha256_hex(secret, body)},
            {"Content-Type", "application/json"}};
}

class RoutingDaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-routing-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::ofstream(m_dir / "switchboard.jsonc") << config_text;
    }
    void TearDown() override {
        m_process.reset();
        std::filesystem::remove_all(m_dir);
    }
    void start() {
        m_process = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                          (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                          (m_dir / "state").string(), "--as", "bob"},
                                         {{"SB_TEST_SECRET", secret}});
        ASSERT_TRUE(m_process);
        auto port = listening_port(*m_process);
        ASSERT_TRUE(port) << m_process->stderr_text();
        m_port = *port;
    }
    int post(std::string const& body) {
        return http_request("127.0.0.1", m_port, "POST", "/hooks/demo", body, signed_headers(body))
            .status;
    }
    // The stored item's priority, once routing has stored it; empty if it never appears.
    std::string priority_of(std::string const& external_id) {
        for (int attempt = 0; attempt < 100; ++attempt) {
            {
                SQLite::Database db((m_dir / "state" / "switchboard.db").string(),
                                    SQLite::OPEN_READONLY);
                SQLite::Statement q(
                    db,
                    "SELECT priority, team FROM items WHERE platform = 'x' AND external_id = ?");
                q.bind(1, external_id);
                if (q.executeStep()) {
                    EXPECT_EQ(q.getColumn(1).getString(), "care");
                    return q.getColumn(0).getString();
                }
            }
            std::this_thread::sleep_for(100ms);
        }
        return {};
    }

    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_process;
    unsigned short m_port = 0;
};

} // namespace

TEST_F(RoutingDaemonTest, HostileRegexBaitAndHugeKeywordPostAreStoredAndTheDaemonStaysUp) {
    start();
    // std::regex recursed once per letter on this and crashed the daemon with SIGSEGV.
    ASSERT_EQ(post(mention("bait", "refund" + std::string(300'000, 'a'))), 202)
        << m_process->stderr_text();
    ASSERT_EQ(post(mention("bait-x", "refund" + std::string(300'000, 'a') + "X")), 202);
    ASSERT_EQ(post(mention("huge", std::string(900'000, 'b') + " KÜNDIGUNG")), 202);
    ASSERT_EQ(post(mention("huge-nfd", std::string(900'000, 'c') + " ku\u0308ndigung")), 202);

    EXPECT_EQ(priority_of("bait"), "normal");
    EXPECT_EQ(priority_of("bait-x"), "high");
    EXPECT_EQ(priority_of("huge"), "urgent");
    EXPECT_EQ(priority_of("huge-nfd"), "urgent");

    EXPECT_EQ(http_request("127.0.0.1", m_port, "GET", "/healthz").status, 200);
    m_process->signal(SIGTERM);
    EXPECT_EQ(m_process->wait(), 0) << m_process->stderr_text();
}
