// SPDX-License-Identifier: Apache-2.0
// Phone pages end to end: the real binary pages through contract fakes of ntfy, Pushover and a
// page webhook, and is claimed from the "phone" through the links and acknowledgements.
#include "base/hmac.hpp"
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

constexpr char const* webhook_secret = "source-secret";
constexpr char const* ntfy_token = "tk_fakentfytoken000000000000000";
constexpr char const* pushover_token = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
constexpr char const* bob_key = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";
constexpr char const* page_secret = "page-webhook-secret";

std::string config_text(unsigned short fake) {
    auto base = "http://127.0.0.1:" + std::to_string(fake);
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "paging": {
    "attempts": 1,
    "ntfy": { "url": ")json" +
           base + R"json(", "token": { "env": "SB_NTFY_TOKEN" } },
    "pushover": { "url": ")json" +
           base +
           R"json(", "app_token": { "env": "SB_PUSHOVER_TOKEN" }, "receipt_poll": "1s", "retry": "30s", "expire": "1h" },
    "webhook": { "secret": { "env": "SB_PAGE_SECRET" } }
  },
  "people": {
    "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" },
               "push": [{ "type": "ntfy", "address": "bob-phone" }, { "type": "pushover", "address": ")json" +
           bob_key + R"json(", "delay": "1h" }] },
    "carol": { "name": "Carol", "timezone": "Europe/Berlin", "chat": { "console": "carol" },
               "push": [{ "type": "webhook", "address": ")json" +
           base + R"json(/hook/carol" }] }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "night", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" },
        { "name": "secondary", "members": ["carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "night", "after_hours": "night" }
    }
  },
  "escalation_policies": {
    "night": {
      "steps": [
        { "after": "0s", "notify": [{ "layer": "primary" }], "via": ["push"] },
        { "after": "4s", "notify": [{ "layer": "secondary" }], "via": ["push"] }
      ],
      "repeat": 1
    }
  },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [{ "match": { "keywords": ["lawyer"] }, "priority": "urgent" }, { "match": {}, "team": "care" }]
})json";
}

std::string mention(std::string const& id, std::string const& text) {
    return R"({"id":")" + id + R"(","platform":"x","author":"@dana","text":")" + text +
           R"(","url":"https://x.com/dana/)" + id + R"(","created_at":"2026-11-20T10:00:00Z"})";
}

// "http://127.0.0.1:PORT/claim/TOKEN" → "/claim/TOKEN"
std::string path_of(std::string const& url) {
    auto scheme = url.find("://");
    auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return slash == std::string::npos ? url : url.substr(slash);
}

class PushTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-push-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_fake = BinaryProcess::start({"/usr/bin/env", "node", PUSH_FAKE_SCRIPT, "--ntfy-token",
                                       ntfy_token, "--pushover-token", pushover_token,
                                       "--webhook-secret", page_secret});
        ASSERT_TRUE(m_fake);
        auto at = m_fake->wait_for_stdout("listening ", 20s);
        ASSERT_TRUE(at) << m_fake->stderr_text();
        m_fake->wait_for_stdout("\n", 5s, *at);
        m_fake_port = static_cast<unsigned short>(
            std::stoi(m_fake->stdout_text().substr(*at + std::string("listening ").size())));
        std::ofstream(m_dir / "switchboard.jsonc") << config_text(m_fake_port);
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
                                        {{"SB_TEST_SECRET", webhook_secret},
                                         {"SB_NTFY_TOKEN", ntfy_token},
                                         {"SB_PUSHOVER_TOKEN", pushover_token},
                                         {"SB_PAGE_SECRET", page_secret}});
        ASSERT_TRUE(m_daemon);
        auto port = listening_port(*m_daemon);
        ASSERT_TRUE(port) << m_daemon->stderr_text();
        m_port = *port;
    }
    void stop_daemon() {
        m_daemon->signal(SIGTERM);
        EXPECT_EQ(m_daemon->wait(), 0);
    }
    void ingest(std::string const& id, std::string const& text = "my bill is wrong") {
        auto body = mention(id, text);
        auto result = http_request(
            "127.0.0.1", m_port, "POST", "/hooks/demo", body,
            {{"X-Switchboard-Signature", "sha256=" + sb::hmac_sha256_hex(webhook_secret, body)},
             {"Content-Type", "application/json"}});
        ASSERT_EQ(result.status, 202) << result.body;
    }
    json received() {
        auto result = http_request("127.0.0.1", m_fake_port, "GET", "/_control/messages");
        EXPECT_EQ(result.status, 200);
        return json::parse(result.body, nullptr, false);
    }
    // Polls the fake until `service` has at least `count` messages.
    json wait_for(std::string const& service, std::size_t count,
                  std::chrono::seconds timeout = 15s) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        json all;
        while (std::chrono::steady_clock::now() < deadline) {
            all = received();
            if (all.is_object() && all[service].size() >= count)
                return all[service];
            std::this_thread::sleep_for(100ms);
        }
        ADD_FAILURE() << "the fake did not receive " << count << " " << service
                      << " message(s): " << all.dump() << "\n"
                      << m_daemon->stderr_text();
        return json::array();
    }
    void control(std::string const& path, json const& body) {
        auto result = http_request("127.0.0.1", m_fake_port, "POST", path, body.dump(),
                                   {{"Content-Type", "application/json"}});
        ASSERT_EQ(result.status, 200) << result.body;
    }

    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_fake;
    std::unique_ptr<BinaryProcess> m_daemon;
    unsigned short m_fake_port = 0;
    unsigned short m_port = 0;
};

} // namespace

TEST_F(PushTest, AfterHoursPageReachesThePhoneAndItsClaimLinkWorksOnce) {
    start_daemon();
    ingest("p-1");
    auto ntfy = wait_for("ntfy", 1);
    ASSERT_EQ(ntfy.size(), 1u);
    auto const& page = ntfy[0];
    EXPECT_EQ(page["topic"], "bob-phone");
    EXPECT_EQ(page["priority"], 4) << "after hours pages ring louder";
    EXPECT_EQ(page["authorization"], std::string("Bearer ") + ntfy_token);
    EXPECT_EQ(page["click"], "https://x.com/dana/p-1");
    ASSERT_EQ(page["actions"].size(), 1u);
    EXPECT_EQ(page["actions"][0]["action"], "http");
    EXPECT_EQ(page["actions"][0]["label"], "Claim");
    EXPECT_EQ(page["actions"][0]["method"], "POST");
    auto claim_path = path_of(page["actions"][0]["url"].get<std::string>());
    ASSERT_TRUE(claim_path.starts_with("/claim/")) << claim_path;

    // Opening the link in a browser asks first; only the button (a POST) claims.
    auto ask = http_request("127.0.0.1", m_port, "GET", claim_path);
    EXPECT_EQ(ask.status, 200);
    EXPECT_NE(ask.body.find("<form method=\"post\""), std::string::npos) << ask.body;
    auto claimed = http_request("127.0.0.1", m_port, "POST", claim_path, "");
    EXPECT_EQ(claimed.status, 200) << claimed.body;
    EXPECT_NE(claimed.body.find("Claimed #1"), std::string::npos) << claimed.body;
    ASSERT_TRUE(m_daemon->wait_for_stdout("card #1 now claimed: Claimed by Bob", 10s))
        << m_daemon->stdout_text();

    m_daemon->write_line("release 1");
    ASSERT_TRUE(m_daemon->wait_for_stdout("card #1 now open", 10s)) << m_daemon->stdout_text();
    auto replay = http_request("127.0.0.1", m_port, "POST", claim_path, "");
    EXPECT_EQ(replay.status, 410);
    EXPECT_NE(replay.body.find("already used"), std::string::npos) << replay.body;
    auto forged = http_request("127.0.0.1", m_port, "POST",
                               claim_path.substr(0, claim_path.size() - 1) + "x", "");
    EXPECT_EQ(forged.status, 404);

    auto metrics = http_request("127.0.0.1", m_port, "GET", "/metrics");
    EXPECT_NE(metrics.body.find(R"(switchboard_pages{method="push:ntfy",state="acknowledged"} 1)"),
              std::string::npos)
        << metrics.body;
    stop_daemon();
}

TEST_F(PushTest, UnclaimedPageEscalatesToTheNextPersonsSignedWebhook) {
    start_daemon();
    ingest("p-2");
    wait_for("ntfy", 1);
    auto hooks = wait_for("webhook", 1, 20s); // step 2 after 4 s; the fake checks the signature
    ASSERT_EQ(hooks.size(), 1u);
    auto const& body = hooks[0]["body"];
    EXPECT_EQ(body["person"], "carol");
    EXPECT_EQ(body["item_id"], 1);
    EXPECT_EQ(body["urgency"], "after_hours");
    EXPECT_TRUE(body["claim_url"].get<std::string>().find("/claim/") != std::string::npos);
    stop_daemon();
}

TEST_F(PushTest, AServiceAnswering500HandsOverAndAPushoverAcknowledgementClaims) {
    start_daemon();
    control("/_control/fail", {{"service", "ntfy"}, {"status", 500}, {"count", 1}});
    ingest("p-3", "I will call my lawyer"); // urgent: critical pages
    auto pushover = wait_for("pushover", 1);
    ASSERT_EQ(pushover.size(), 1u) << "pushover must not wait out its hour after ntfy failed";
    auto const& message = pushover[0];
    EXPECT_EQ(message["user"], bob_key);
    EXPECT_EQ(message["priority"], "2");
    EXPECT_EQ(message["retry"], "30");
    EXPECT_EQ(message["expire"], "3600");
    ASSERT_TRUE(message["receipt"].is_string());
    control("/_control/ack", {{"receipt", message["receipt"]}});
    ASSERT_TRUE(m_daemon->wait_for_stdout("card #1 now claimed: Claimed by Bob", 15s))
        << m_daemon->stdout_text() << m_daemon->stderr_text();
    stop_daemon();
}

TEST_F(PushTest, APageSentJustBeforeARestartIsNotSentAgain) {
    start_daemon();
    ingest("p-4");
    wait_for("ntfy", 1);
    stop_daemon();
    start_daemon();
    std::this_thread::sleep_for(2s);
    EXPECT_EQ(received()["ntfy"].size(), 1u);
    stop_daemon();
}

TEST_F(PushTest, TestPageReachesEveryMethodAndReportsBack) {
    start_daemon();
    m_daemon->write_line("test-page");
    ASSERT_TRUE(m_daemon->wait_for_stdout("Sending a test page to Bob by", 10s))
        << m_daemon->stdout_text();
    auto ntfy = wait_for("ntfy", 1);
    EXPECT_EQ(ntfy[0]["title"], "switchboard test page");
    auto pushover = wait_for("pushover", 1);
    EXPECT_EQ(pushover[0]["priority"], "0");
    ASSERT_TRUE(m_daemon->wait_for_stdout("Test page by ntfy (bob-phone) sent.", 10s))
        << m_daemon->stdout_text();
    ASSERT_TRUE(m_daemon->wait_for_stdout("Test page by pushover sent.", 10s))
        << m_daemon->stdout_text();
    stop_daemon();
}

TEST_F(PushTest, AGermanTeamsPhonePageClaimPageAndCardSpeakGerman) {
    std::string text = config_text(m_fake_port);
    auto zone = text.find("\"timezone\": \"Europe/Berlin\",\n      \"business_hours\"");
    ASSERT_NE(zone, std::string::npos);
    text.insert(zone, "\"language\": \"de\", ");
    std::ofstream(m_dir / "switchboard.jsonc") << text;
    start_daemon();
    ingest("p-de", "<b>Rechnung</b> falsch");

    auto ntfy = wait_for("ntfy", 1);
    ASSERT_EQ(ntfy.size(), 1u);
    EXPECT_EQ(ntfy[0]["title"], "#1 x: @dana wartet auf Antwort");
    ASSERT_EQ(ntfy[0]["actions"].size(), 1u);
    EXPECT_EQ(ntfy[0]["actions"][0]["label"], "Übernehmen");
    auto claim_path = path_of(ntfy[0]["actions"][0]["url"].get<std::string>());

    auto ask = http_request("127.0.0.1", m_port, "GET", claim_path);
    EXPECT_EQ(ask.status, 200);
    EXPECT_NE(ask.body.find("<html lang=\"de\">"), std::string::npos) << ask.body;
    EXPECT_NE(ask.body.find("<h1>#1 (x, @dana) übernehmen?</h1>"), std::string::npos) << ask.body;
    EXPECT_NE(ask.body.find("<button type=\"submit\">Übernehmen</button>"), std::string::npos)
        << ask.body;
    EXPECT_NE(ask.body.find("&lt;b&gt;Rechnung&lt;/b&gt;"), std::string::npos)
        << "the stranger's markup is escaped: " << ask.body;
    auto claimed = http_request("127.0.0.1", m_port, "POST", claim_path, "");
    EXPECT_EQ(claimed.status, 200) << claimed.body;
    EXPECT_NE(claimed.body.find("Bob, Eintrag #1 (x, @dana) gehört jetzt dir."), std::string::npos)
        << claimed.body;
    ASSERT_TRUE(m_daemon->wait_for_stdout("card #1 now claimed: Übernommen von Bob nach", 10s))
        << m_daemon->stdout_text();

    // A command error answers in German too.
    m_daemon->write_line("claim 99");
    EXPECT_TRUE(m_daemon->wait_for_stdout("Tut mir leid: Es gibt keinen Eintrag #99", 10s))
        << m_daemon->stdout_text();
    auto forged =
        http_request("127.0.0.1", m_port, "GET", claim_path.substr(0, claim_path.size() - 1) + "x");
    EXPECT_EQ(forged.status, 404);
    EXPECT_NE(forged.body.find("Link ungültig"), std::string::npos) << forged.body;
    stop_daemon();
}
