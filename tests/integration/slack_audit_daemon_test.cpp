// SPDX-License-Identifier: Apache-2.0
// The real binary with a Slack adapter named "team-slack", against the Slack contract fake: a
// claim by button and a claim by typed command are both recorded as made through Slack, in the
// stored timeline and in the chat's own "item" answer.
#include "binary_process.hpp"

#include "base/hmac.hpp"
#include "tests/slack/slack_fake_process.hpp"
#include "tests/support/http_client.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace sb::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr char const* secret = "audit-secret";

std::string config_text(std::uint16_t slack_port) {
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "slack", "name": "team-slack", "bot_token": { "env": "SB_SLACK_BOT" },
             "app_token": { "env": "SB_SLACK_APP" },
             "api_base_url": "http://127.0.0.1:)json" +
           std::to_string(slack_port) + R"json(/api" }],
  "people": {
    "bob": { "name": "Bob", "timezone": "Europe/Berlin", "role": "manager", "chat": { "team-slack": "U0BOB" } },
    "carol": { "name": "Carol", "timezone": "Europe/Berlin", "chat": { "team-slack": "U0CAROL" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "team-slack": "C0CARE" },
      "layers": [
        { "name": "primary", "members": ["bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": { "steps": [{ "after": "0m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] }
  },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

class SlackAuditTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-audit-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::ofstream(m_dir / "switchboard.jsonc") << config_text(m_slack.port());
        m_daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                         (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                         (m_dir / "state").string()},
                                        {{"SB_TEST_SECRET", secret},
                                         {"SB_SLACK_BOT", "xoxb-fake-bot"},
                                         {"SB_SLACK_APP", "xapp-fake-app"}});
        ASSERT_TRUE(m_daemon);
        auto port = listening_port(*m_daemon);
        ASSERT_TRUE(port) << m_daemon->stderr_text();
        m_port = *port;
    }
    void TearDown() override {
        m_daemon.reset();
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    bool pump_until(std::function<bool()> const& done) {
        for (int attempt = 0; attempt < 200; ++attempt) {
            if (done())
                return true;
            m_daemon->pump(100ms);
        }
        return done();
    }

    std::int64_t ingest(std::string const& id) {
        auto body = json{{"id", id},
                         {"platform", "x"},
                         {"author", "@dana"},
                         {"text", "my order " + id + " never came"},
                         {"url", "https://x.com/dana/" + id},
                         {"created_at", "2026-11-20T10:00:00Z"}}
                        .dump();
        auto answer = http_request(
            "127.0.0.1", m_port, "POST", "/hooks/demo", body,
            {{"X-Switchboard-Signature", "sha256=" + sb::hmac_sha256_hex(secret, body)},
             {"Content-Type", "application/json"}});
        EXPECT_TRUE(answer.status == 200 || answer.status == 202) << answer.body;
        return json::parse(answer.body).value("item_id", std::int64_t{0});
    }

    json calls() { return m_slack.state()["calls"]; }

    // The Slack ts of an item's card, once the fake accepted it.
    std::string posted_ts(std::int64_t item) {
        std::string found;
        auto block = "card-" + std::to_string(item) + "-";
        pump_until([&] {
            for (auto const& call : calls())
                if (call["method"] == "chat.postMessage" && call["error"].is_null() &&
                    call["args"].value("channel", "") == "C0CARE" &&
                    call["args"].contains("blocks") &&
                    call["args"]["blocks"][0].value("block_id", "").rfind(block, 0) == 0)
                    found = call["ts"].get<std::string>();
            return !found.empty();
        });
        return found;
    }

    void send_envelope(std::string const& type, json const& payload) {
        // Cards go out over the Web API, so a posted card does not mean the socket said hello.
        ASSERT_TRUE(pump_until([&] {
            auto state = m_slack.state();
            return state["hellos"].get<int>() > 0 && state["open_sockets"].get<int>() > 0;
        })) << m_slack.state().dump();
        auto answer = m_slack.control("envelope", {{"type", type}, {"payload", payload}});
        ASSERT_TRUE(answer.value("ok", false)) << answer.dump();
    }

    json message(std::string const& user, std::string const& text, std::string const& event_id) {
        return {{"type", "event_callback"},
                {"team_id", "T0FAKE"},
                {"event_id", event_id},
                {"event_time", 1700000000},
                {"event",
                 {{"type", "message"},
                  {"user", user},
                  {"text", text},
                  {"channel", "C0CARE"},
                  {"channel_type", "channel"},
                  {"ts", "1700000500.000100"}}}};
    }

    // The via of an item's "claimed" event in the stored timeline; empty until there is one.
    std::string claimed_via(std::int64_t item) {
        SQLite::Database db((m_dir / "state" / "switchboard.db").string(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, "SELECT via FROM timeline WHERE item_id = ? AND kind = 'claimed'");
        q.bind(1, static_cast<int64_t>(item));
        return q.executeStep() ? q.getColumn(0).getString() : std::string();
    }

    std::vector<std::string> ephemerals_to(std::string const& user) {
        std::vector<std::string> out;
        for (auto const& call : calls())
            if (call["method"] == "chat.postEphemeral" && call["error"].is_null() &&
                call["args"].value("user", "") == user)
                out.push_back(call["args"].value("text", ""));
        return out;
    }

    SlackFakeProcess m_slack;
    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_daemon;
    std::uint16_t m_port = 0;
};

TEST_F(SlackAuditTest, AnAdapterNamedTeamSlackIsAuditedAsSlackForButtonsAndTypedCommands) {
    auto by_button = ingest("audit-1");
    auto by_command = ingest("audit-2");
    ASSERT_GT(by_button, 0);
    ASSERT_GT(by_command, 0);
    auto ts = posted_ts(by_button);
    ASSERT_FALSE(ts.empty()) << calls().dump();

    send_envelope(
        "interactive",
        {{"type", "block_actions"},
         {"user", {{"id", "U0BOB"}, {"username", "bob"}}},
         {"team", {{"id", "T0FAKE"}}},
         {"container", {{"type", "message"}, {"message_ts", ts}, {"channel_id", "C0CARE"}}},
         {"channel", {{"id", "C0CARE"}}},
         {"trigger_id", "1.2.3"},
         {"actions",
          {{{"action_id", "claim"},
            {"block_id", "actions"},
            {"value", std::to_string(by_button)},
            {"type", "button"},
            {"action_ts", "1.1"}}}}});
    ASSERT_TRUE(pump_until([&] { return !claimed_via(by_button).empty(); }))
        << m_daemon->stderr_text();
    EXPECT_EQ(claimed_via(by_button), "slack");

    send_envelope("events_api", message("U0CAROL", "!claim " + std::to_string(by_command), "Ev1"));
    ASSERT_TRUE(pump_until([&] { return !claimed_via(by_command).empty(); }))
        << m_daemon->stderr_text();
    EXPECT_EQ(claimed_via(by_command), "slack");

    // What a person sees: the chat's own timeline of the item names Slack, not "console".
    send_envelope("events_api", message("U0CAROL", "!item " + std::to_string(by_button), "Ev2"));
    std::string shown;
    ASSERT_TRUE(pump_until([&] {
        for (auto const& text : ephemerals_to("U0CAROL"))
            if (text.find("claimed") != std::string::npos &&
                text.find("state claimed") != std::string::npos)
                shown = text;
        return !shown.empty();
    }));
    EXPECT_NE(shown.find("(slack)"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("(console)"), std::string::npos) << shown;
}

} // namespace
