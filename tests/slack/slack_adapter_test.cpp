// SPDX-License-Identifier: Apache-2.0
// The Slack adapter end to end: a real core and store, the outbox, Socket Mode and the Web API,
// against the Slack contract fake over real sockets. The core's time is simulated, so outbox
// back-off over minutes runs in a moment.
#include "adapters/chat/slack/slack_adapter.hpp"
#include "adapters/net/http_client/curl_http_client.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"
#include "slack_fake_process.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>

namespace sb::test {
namespace {

using nlohmann::json;

class FixedRota : public RotaResolver {
public:
    std::string person = "bob";
    std::string window = "evening";
    OnCallAnswer who(std::string const&, Instant) const override {
        OnCallAnswer answer;
        answer.window = window;
        answer.layers.push_back({"primary", person, "rotation", "", {}, {}});
        return answer;
    }
    std::optional<Instant> next_covered(std::string const&, Instant) const override {
        return std::nullopt;
    }
};

config::Config slack_config() {
    auto loaded = config::load_config_text(R"json({
      "chat": [{ "type": "slack", "name": "slack" }],
      "people": {
        "alice": { "name": "Alice", "role": "manager", "chat": { "slack": "U0ALICE" } },
        "bob":   { "name": "Bob", "chat": { "slack": "U0BOB" } },
        "carol": { "name": "Carol", "chat": { "slack": "U0CAROL" } },
        "dave":  { "name": "Dave", "email": "dave@example.org" },
        "erin":  { "name": "Erin", "email": "erin@elsewhere.example" }
      },
      "teams": {
        "care": {
          "timezone": "Europe/Berlin",
          "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
          "coverage": [{ "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" }],
          "rooms": { "slack": "C0CARE" },
          "layers": [
            { "name": "primary", "members": ["bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-02" }
          ],
          "escalation": { "business_hours": "daytime", "after_hours": "after-hours" }
        }
      },
      "escalation_policies": {
        "daytime": { "steps": [{ "after": "0m", "notify": [{ "room": true }] }], "repeat": 1 },
        "after-hours": { "steps": [{ "after": "0m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }], "repeat": 1 }
      },
      "routing": [{ "match": {}, "team": "care" }]
    })json",
                                           "slack-test.jsonc");
    if (!loaded.config) {
        for (auto const& e : loaded.errors)
            ADD_FAILURE() << e.to_string();
        return {};
    }
    return *loaded.config;
}

class SlackEndToEnd : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-slack-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_config = slack_config();
        m_clock.set(parse_instant("2026-11-27T20:00:00+01:00").value()); // a Friday evening
        m_timers = std::make_unique<ManualTimers>(m_clock);
        m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
        m_http = std::make_unique<CurlHttpClient>(m_io, 3);
        SlackOptions options;
        options.api_base_url = m_fake.base_url() + "/api";
        options.bot_token = "xoxb-fake-bot";
        options.app_token = app_token();
        // As the daemon does: people with an e-mail and no Slack id here are looked up.
        for (auto const& [id, person] : m_config.people)
            if (person.chat.empty() && !person.email.empty())
                options.emails[id] = person.email;
        auto adapter = SlackAdapter::create(options, m_io, *m_http, m_clock, m_metrics, nullptr);
        ASSERT_TRUE(adapter);
        m_adapter = std::move(*adapter);
        auto engine = Engine::create({.config = m_config,
                                      .store = *m_store,
                                      .clock = m_clock,
                                      .timers = *m_timers,
                                      .rota = m_rota});
        ASSERT_TRUE(engine.has_value());
        m_engine = std::move(*engine);
        m_engine->add_chat(*m_adapter);
        m_engine->start();
        if (wait_for_connection()) {
            ASSERT_TRUE(pump_until([&] { return m_adapter->health().ready; }))
                << m_adapter->health().reason;
        }
    }

    void TearDown() override {
        m_engine->stop();
        m_adapter->stop();
        m_http->stop();
        m_engine.reset();
        m_adapter.reset();
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }

    virtual std::string app_token() const { return "xapp-fake-app"; }
    virtual bool wait_for_connection() const { return true; }

    // Runs the loop and the simulated timers until done() holds; false after 20 real seconds.
    bool pump_until(std::function<bool()> const& done,
                    std::chrono::seconds limit = std::chrono::seconds(20)) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            m_io.restart();
            m_io.run_for(std::chrono::milliseconds(10));
            m_timers->run_due();
            if (done())
                return true;
        }
        return false;
    }

    ItemId ingest(std::string const& id, std::string const& text = "Where is my order?") {
        Mention mention;
        mention.source = "demo";
        mention.platform = "mastodon";
        mention.external_id = id;
        mention.author = "@someone";
        mention.text = text;
        mention.url = "https://example.org/" + id;
        mention.created_at = m_clock.now();
        auto outcome = m_engine->items().ingest(mention);
        EXPECT_TRUE(outcome.has_value());
        m_timers->run_due();
        return outcome ? outcome->item_id : 0;
    }

    // Every Web API call the fake saw, held by value (a range-for over a temporary's member
    // would read freed memory).
    json fake_calls() { return m_fake.state()["calls"]; }

    // Successful Web API calls of one method, optionally to one channel.
    std::vector<json> calls(std::string const& method, std::string const& channel = {}) {
        std::vector<json> out;
        for (auto const& call : fake_calls())
            if (call["method"] == method && call["status"] == 200 && call["error"].is_null() &&
                (channel.empty() || call["args"].value("channel", "") == channel))
                out.push_back(call["args"]);
        return out;
    }

    // The Slack ts of an item's card, once the fake accepted it; empty after 20 s.
    std::string posted_ts(ItemId item) {
        std::string found;
        auto block = "card-" + std::to_string(item) + "-";
        pump_until([&] {
            for (auto const& call : fake_calls())
                if (call["method"] == "chat.postMessage" && call["error"].is_null() &&
                    call["args"].value("channel", "") == "C0CARE" &&
                    call["args"].contains("blocks") &&
                    call["args"]["blocks"][0].value("block_id", "").rfind(block, 0) == 0)
                    found = call["ts"].get<std::string>();
            return !found.empty();
        });
        if (found.empty())
            ADD_FAILURE() << "no card for item " << item << "; the fake saw "
                          << m_fake.state()["calls"].dump() << "; outbox holds "
                          << m_store->outbox().depth();
        return found;
    }

    void send_envelope(std::string const& type, json const& payload) {
        auto answer = m_fake.control("envelope", {{"type", type}, {"payload", payload}});
        ASSERT_TRUE(answer.value("ok", false)) << answer.dump();
    }

    json click(std::string const& user, std::string const& action, ItemId item,
               std::string const& channel, std::string const& ts) {
        return {{"type", "block_actions"},
                {"user", {{"id", user}, {"username", user}}},
                {"team", {{"id", "T0FAKE"}}},
                {"container", {{"type", "message"}, {"message_ts", ts}, {"channel_id", channel}}},
                {"channel", {{"id", channel}}},
                {"trigger_id", "1.2.3"},
                {"actions",
                 {{{"action_id", action},
                   {"block_id", "actions"},
                   {"value", std::to_string(item)},
                   {"type", "button"},
                   {"action_ts", "1.1"}}}}};
    }

    json channel_message(std::string const& user, std::string const& text,
                         std::string const& event_id) {
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

    std::string state_of(ItemId item) {
        auto stored = m_store->items().get(item).value();
        return stored ? std::string(to_string(stored->state)) : std::string("missing");
    }

    // Ephemeral answers the bot gave one user.
    std::vector<std::string> ephemerals_to(std::string const& user) {
        std::vector<std::string> out;
        for (auto const& args : calls("chat.postEphemeral"))
            if (args.value("user", "") == user)
                out.push_back(args.value("text", ""));
        return out;
    }

    // The newest card text the fake holds for an item (after chat.update).
    std::string last_update_text(std::string const& ts) {
        std::string text;
        for (auto const& args : calls("chat.update", "C0CARE"))
            if (args.value("ts", "") == ts)
                text = args.dump();
        return text;
    }

    SlackFakeProcess m_fake;
    std::filesystem::path m_dir;
    config::Config m_config;
    ManualClock m_clock{};
    std::unique_ptr<ManualTimers> m_timers;
    FixedRota m_rota;
    boost::asio::io_context m_io;
    MetricsRegistry m_metrics;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<CurlHttpClient> m_http;
    std::unique_ptr<SlackAdapter> m_adapter;
    std::unique_ptr<Engine> m_engine;
};

TEST_F(SlackEndToEnd, CardIsPostedWithButtonsAndClaimedByButton) {
    auto item = ingest("m1");
    auto ts = posted_ts(item);
    ASSERT_FALSE(ts.empty());
    send_envelope("interactive", click("U0BOB", "claim", item, "C0CARE", ts));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    ASSERT_TRUE(pump_until([&] { return last_update_text(ts).find("Bob") != std::string::npos; }))
        << "the card was not updated to say who claimed it";
    ASSERT_TRUE(pump_until([&] { return !ephemerals_to("U0BOB").empty(); }));
}

TEST_F(SlackEndToEnd, ClaimByCommandInTheChannel) {
    auto item = ingest("m2");
    ASSERT_FALSE(posted_ts(item).empty());
    send_envelope("events_api",
                  channel_message("U0CAROL", "!claim " + std::to_string(item), "Ev2"));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    ASSERT_TRUE(pump_until([&] { return !ephemerals_to("U0CAROL").empty(); }));
}

TEST_F(SlackEndToEnd, ClaimByRaisedHandAndResolveByCheckMarkReaction) {
    auto item = ingest("m3");
    auto ts = posted_ts(item);
    ASSERT_FALSE(ts.empty());
    auto reaction = [&](std::string const& name, std::string const& id) {
        return json{{"type", "event_callback"},
                    {"event_id", id},
                    {"event",
                     {{"type", "reaction_added"},
                      {"user", "U0BOB"},
                      {"reaction", name},
                      {"item", {{"type", "message"}, {"channel", "C0CARE"}, {"ts", ts}}},
                      {"event_ts", "1700000600.000100"}}}};
    };
    send_envelope("events_api", reaction("raised_hand", "Ev3a"));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    send_envelope("events_api", reaction("white_check_mark", "Ev3b"));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "resolved"; }));
}

TEST_F(SlackEndToEnd, ClaimBySlashCommandAnsweredEphemerally) {
    auto item = ingest("m4");
    ASSERT_FALSE(posted_ts(item).empty());
    send_envelope("slash_commands", {{"command", "/switchboard"},
                                     {"text", "claim " + std::to_string(item)},
                                     {"user_id", "U0ALICE"},
                                     {"channel_id", "C0CARE"},
                                     {"response_url", m_fake.base_url() + "/response/slash-1"},
                                     {"trigger_id", "1.2.3"}});
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    ASSERT_TRUE(pump_until([&] { return !m_fake.state()["responses"].empty(); }));
    auto response = m_fake.state()["responses"][0];
    EXPECT_EQ(response["path"], "/response/slash-1");
    EXPECT_EQ(response["body"]["response_type"], "ephemeral");
}

TEST_F(SlackEndToEnd, SecondClaimerIsToldWhoHasIt) {
    auto item = ingest("m5");
    auto ts = posted_ts(item);
    ASSERT_FALSE(ts.empty());
    send_envelope("interactive", click("U0BOB", "claim", item, "C0CARE", ts));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    send_envelope("interactive", click("U0CAROL", "claim", item, "C0CARE", ts));
    ASSERT_TRUE(pump_until([&] { return !ephemerals_to("U0CAROL").empty(); }));
    EXPECT_NE(ephemerals_to("U0CAROL").front().find("Bob"), std::string::npos)
        << ephemerals_to("U0CAROL").front();
}

TEST_F(SlackEndToEnd, UnknownUserIsRefusedPolitely) {
    send_envelope("slash_commands", {{"command", "/switchboard"},
                                     {"text", "claim 1"},
                                     {"user_id", "U0STRANGER"},
                                     {"channel_id", "C0CARE"},
                                     {"response_url", m_fake.base_url() + "/response/slash-2"}});
    ASSERT_TRUE(pump_until([&] { return !m_fake.state()["responses"].empty(); }));
    auto text = m_fake.state()["responses"][0]["body"].value("text", "");
    EXPECT_NE(text.find("don't know you"), std::string::npos) << text;
}

TEST_F(SlackEndToEnd, PagesTheOnCallPersonByDirectMessageWithAClaimButton) {
    auto item = ingest("m6");
    ASSERT_TRUE(pump_until([&] { return !calls("chat.postMessage", "DU0BOB").empty(); }));
    EXPECT_FALSE(calls("conversations.open").empty());
    auto dm = calls("chat.postMessage", "DU0BOB").front();
    EXPECT_NE(dm["blocks"].dump().find("\"action_id\":\"claim\""), std::string::npos);
    // Bob claims from the DM.
    send_envelope("interactive", click("U0BOB", "claim", item, "DU0BOB", "1700000000.999999"));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
}

TEST_F(SlackEndToEnd, HostileMentionPingsNobodyAndMakesNoLink) {
    Mention mention;
    mention.source = "demo";
    mention.platform = "mastodon";
    mention.external_id = "hostile";
    mention.author = "<!here>";
    mention.text = "<!channel> refund <https://evil.example|https://www.paypal.com>";
    mention.url = "https://x.com/a|x> <!channel> <https://evil.example/login";
    mention.created_at = m_clock.now();
    auto outcome = m_engine->items().ingest(mention);
    ASSERT_TRUE(outcome.has_value());
    auto item = outcome->item_id;
    m_timers->run_due();
    auto ts = posted_ts(item);
    ASSERT_FALSE(ts.empty());
    ASSERT_TRUE(pump_until([&] { return !calls("chat.postMessage", "DU0BOB").empty(); }));
    // A claim by button: the card is updated, the claimer answered, the thread told.
    send_envelope("interactive", click("U0BOB", "claim", item, "C0CARE", ts));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    ASSERT_TRUE(pump_until([&] { return !last_update_text(ts).empty(); }));
    send_envelope("events_api", channel_message("U0CAROL", "!item " + std::to_string(item), "EvH"));
    send_envelope(
        "events_api",
        channel_message("U0BOB", "!note " + std::to_string(item) + " <!channel> asked for a refund",
                        "EvN"));
    // In business hours the same mention goes to the room as a message.
    m_rota.window = "business_hours";
    mention.external_id = "hostile-daytime";
    ASSERT_TRUE(m_engine->items().ingest(mention).has_value());
    m_timers->run_due();
    ASSERT_TRUE(pump_until([&] {
        for (auto const& args : calls("chat.postMessage", "C0CARE"))
            if (!args.contains("blocks"))
                return true;
        return false;
    }));
    ASSERT_TRUE(pump_until([&] {
        for (auto const& args : calls("chat.postMessage", "C0CARE"))
            if (args.contains("thread_ts"))
                return true;
        return false;
    }));
    ASSERT_TRUE(pump_until([&] { return !ephemerals_to("U0CAROL").empty(); }));
    m_io.restart();
    m_io.run_for(std::chrono::milliseconds(200));

    auto everything = fake_calls().dump() + m_fake.state()["responses"].dump();
    for (auto const* hostile : {"<!here>", "<!channel>", "<https://evil.example", "|x>"})
        EXPECT_EQ(everything.find(hostile), std::string::npos)
            << hostile << " reached Slack unescaped: " << everything;
    auto card = calls("chat.postMessage", "C0CARE").front();
    auto body = card["blocks"][0]["text"]["text"].get<std::string>();
    EXPECT_NE(body.find("&lt;!here&gt;"), std::string::npos) << body;
    EXPECT_NE(
        body.find("&lt;!channel&gt; refund &lt;https://evil.example|https://www.paypal.com&gt;"),
        std::string::npos)
        << body;
    // The URL is shown as text, not as a link.
    EXPECT_NE(body.find("\nhttps://x.com/a|x&gt; &lt;!channel&gt; &lt;https://evil.example/login"),
              std::string::npos)
        << body;
    EXPECT_EQ(body.find("Open on"), std::string::npos) << body;
    EXPECT_NE(card["text"].get<std::string>().find("&lt;!here&gt;"), std::string::npos);
    auto dm = calls("chat.postMessage", "DU0BOB").front();
    EXPECT_NE(dm["text"].get<std::string>().find("&lt;!channel&gt;"), std::string::npos)
        << dm.dump();
}

TEST_F(SlackEndToEnd, OrdinaryUrlIsALinkOnTheCard) {
    auto item = ingest("m-link");
    ASSERT_FALSE(posted_ts(item).empty());
    auto body = calls("chat.postMessage", "C0CARE").front()["blocks"][0]["text"]["text"];
    EXPECT_NE(body.get<std::string>().find("<https://example.org/m-link|Open on mastodon>"),
              std::string::npos)
        << body;
}

TEST_F(SlackEndToEnd, ReconnectInTheMiddleOfABurstLosesNothingAndDoublesNothing) {
    auto replies = [&] { return ephemerals_to("U0ALICE").size(); };
    int sent = 0;
    auto burst = [&](int n) {
        for (int i = 0; i < n; ++i) {
            ++sent;
            send_envelope("events_api",
                          channel_message("U0ALICE", "!help", "EvBurst" + std::to_string(sent)));
        }
    };
    burst(5);
    ASSERT_TRUE(m_fake.control("disconnect", {{"reason", "refresh_requested"}})["ok"]);
    burst(5); // still on the old link until the new one says hello
    // Slack redelivers an event it thinks was not acked; it must not run twice.
    send_envelope("events_api", channel_message("U0ALICE", "!help", "EvBurst3"));
    ASSERT_TRUE(pump_until([&] { return m_fake.state()["hellos"] == 2; }));
    burst(5);
    ASSERT_TRUE(m_fake.control("disconnect", {{"reason", "terminate"}})["ok"]);
    ASSERT_TRUE(pump_until([&] { return m_fake.state()["hellos"] == 3; }));
    burst(5);
    ASSERT_TRUE(pump_until([&] { return replies() >= 20u && m_fake.state()["pending"] == 0; }));
    // Settle, then check nothing more arrives.
    pump_until([] { return false; }, std::chrono::seconds(1));
    EXPECT_EQ(replies(), 20u);
    EXPECT_EQ(m_fake.state()["opens"], 3);
    EXPECT_TRUE(m_fake.state()["badAcks"].empty()) << m_fake.state()["badAcks"].dump();
}

TEST_F(SlackEndToEnd, RateLimitStormDelaysCardsButDeliversEachOnce) {
    m_fake.control(
        "faults", {{"limit", {{"method", "chat.postMessage"}, {"count", 15}, {"retry_after", 3}}}});
    std::vector<ItemId> items;
    for (int i = 0; i < 4; ++i)
        items.push_back(ingest("storm" + std::to_string(i)));
    auto posted = [&] { return calls("chat.postMessage", "C0CARE").size(); };
    ASSERT_TRUE(pump_until([&] {
        m_timers->advance_to(m_clock.now() + Seconds(1));
        return posted() == 4u;
    }));
    pump_until([] { return false; }, std::chrono::seconds(1));
    EXPECT_EQ(posted(), 4u);
    int limited = 0;
    for (auto const& call : fake_calls())
        if (call["status"] == 429)
            ++limited;
    EXPECT_EQ(limited, 15);
}

TEST_F(SlackEndToEnd, TenMinuteOutageThenEveryCardDeliveredInOrder) {
    m_fake.control("faults", {{"outage", true}});
    std::vector<ItemId> items;
    for (int i = 0; i < 5; ++i)
        items.push_back(ingest("outage" + std::to_string(i)));
    // Someone claims the first item (over Socket Mode, which stays up) during the outage.
    send_envelope("events_api",
                  channel_message("U0BOB", "!claim " + std::to_string(items[0]), "EvOutage"));
    ASSERT_TRUE(pump_until([&] { return state_of(items[0]) == "claimed"; }));
    auto end = m_clock.now() + std::chrono::minutes(10);
    while (m_clock.now() < end) {
        m_timers->advance_to(m_clock.now() + Seconds(15));
        m_io.restart();
        m_io.run_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(calls("chat.postMessage", "C0CARE").empty());
    m_fake.control("faults", {{"outage", false}});
    auto card_posts = [&] {
        std::vector<json> out;
        for (auto const& args : calls("chat.postMessage", "C0CARE"))
            if (!args.contains("thread_ts"))
                out.push_back(args);
        return out;
    };
    ASSERT_TRUE(pump_until([&] {
        m_timers->advance_to(m_clock.now() + Seconds(5));
        return card_posts().size() == 5 && m_store->outbox().depth() == 0;
    }));
    pump_until([] { return false; }, std::chrono::seconds(1));
    // Each card exactly once.
    auto posts = card_posts();
    ASSERT_EQ(posts.size(), 5u);
    for (auto item : items)
        EXPECT_EQ(std::count_if(posts.begin(), posts.end(),
                                [&](json const& args) {
                                    return args["blocks"][0]
                                               .value("block_id", "")
                                               .rfind("card-" + std::to_string(item) + "-", 0) == 0;
                                }),
                  1);
    // In order per item: the claimed item's card is posted before anything refers to it (its
    // timeline in the thread, its updates), and it ends up telling who has it.
    auto all = fake_calls();
    auto is_first_card = [&](json const& call) {
        auto const& args = call["args"];
        return call["method"] == "chat.postMessage" && call["error"].is_null() &&
               !args.contains("thread_ts") && args.value("channel", "") == "C0CARE" &&
               args["blocks"][0]
                       .value("block_id", "")
                       .rfind("card-" + std::to_string(items[0]) + "-", 0) == 0;
    };
    auto card = std::find_if(all.begin(), all.end(), is_first_card);
    ASSERT_NE(card, all.end());
    std::string first_ts = (*card)["ts"];
    EXPECT_NE((*card)["args"].dump().find("Bob"), std::string::npos) << (*card)["args"].dump();
    int refs_after = 0;
    for (auto it = all.begin(); it != all.end(); ++it) {
        auto const& args = (*it)["args"];
        if (args.value("ts", "") == first_ts || args.value("thread_ts", "") == first_ts) {
            EXPECT_GT(it - all.begin(), card - all.begin()) << args.dump();
            ++refs_after;
        }
    }
    EXPECT_GE(refs_after, 1) << "the claim left no trace in the card's thread";
    EXPECT_EQ(m_store->outbox().depth(), 0);
}

json dm_message(std::string const& user, std::string const& text, std::string const& event_id) {
    return {{"type", "event_callback"},
            {"team_id", "T0FAKE"},
            {"event_id", event_id},
            {"event",
             {{"type", "message"},
              {"user", user},
              {"text", text},
              {"channel", "D" + user},
              {"channel_type", "im"},
              {"ts", "1700000700.000100"}}}};
}

TEST_F(SlackEndToEnd, CommandByMentioningTheBotInTheChannel) {
    auto item = ingest("mention1");
    ASSERT_FALSE(posted_ts(item).empty());
    auto text = "<@U0BOT> claim " + std::to_string(item);
    // Slack sends a mention both as a plain message and as app_mention; it must act once.
    auto plain = channel_message("U0CAROL", text, "EvMention1");
    send_envelope("events_api", plain);
    auto mention = plain;
    mention["event_id"] = "EvMention2";
    mention["event"]["type"] = "app_mention";
    mention["event"].erase("channel_type");
    send_envelope("events_api", mention);
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    ASSERT_TRUE(pump_until([&] { return !ephemerals_to("U0CAROL").empty(); }));
    pump_until([] { return false; }, std::chrono::seconds(1));
    EXPECT_EQ(ephemerals_to("U0CAROL").size(), 1u);
    EXPECT_EQ(m_store->items().get(item).value()->claimed_by, "carol");
}

TEST_F(SlackEndToEnd, CommandInADirectMessageIsAnsweredInTheDirectMessage) {
    auto item = ingest("dm1");
    ASSERT_FALSE(posted_ts(item).empty());
    auto dm_answers = [&] {
        std::vector<json> out;
        for (auto const& args : calls("chat.postMessage", "DU0CAROL"))
            if (!args.contains("blocks"))
                out.push_back(args);
        return out;
    };
    send_envelope("events_api", dm_message("U0CAROL", "claim " + std::to_string(item), "EvDm1"));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    ASSERT_TRUE(pump_until([&] { return !dm_answers().empty(); }));
    EXPECT_EQ(m_store->items().get(item).value()->claimed_by, "carol");
    // The answer goes to the DM, not as an ephemeral in a channel.
    EXPECT_TRUE(ephemerals_to("U0CAROL").empty());
    // A '!' prefix and a mention are both optional in a DM.
    send_envelope("events_api", dm_message("U0CAROL", "<@U0BOT> !help", "EvDm2"));
    ASSERT_TRUE(pump_until([&] { return dm_answers().size() == 2u; }));
}

TEST_F(SlackEndToEnd, UnknownEmailIsLoggedAndDoesNotStopTheAdapter) {
    auto lookups = [&] {
        std::vector<json> out;
        for (auto const& call : fake_calls())
            if (call["method"] == "users.lookupByEmail")
                out.push_back(call);
        return out;
    };
    ASSERT_TRUE(pump_until([&] { return lookups().size() == 2u; }));
    ASSERT_TRUE(pump_until([&] {
        return m_metrics.render().find("error=\"users_not_found\"") != std::string::npos;
    })) << m_metrics.render();
    EXPECT_TRUE(m_adapter->health().ready) << m_adapter->health().reason;
    EXPECT_FALSE(m_adapter->address_of("erin"));
    EXPECT_FALSE(m_adapter->address_of("bob")) << "people with a Slack id are not looked up";
    // Commands still work for everyone else.
    send_envelope("events_api", channel_message("U0BOB", "!help", "EvAfterLookup"));
    ASSERT_TRUE(pump_until([&] { return !ephemerals_to("U0BOB").empty(); }));
}

TEST_F(SlackEndToEnd, RefusedDeliveryIsDroppedCountedAndNamedInHealth) {
    OutboxMessage message;
    message.kind = OutboxKind::room_message;
    message.adapter = "slack";
    message.room = "C0GONE";
    message.text = "hello";
    std::optional<DeliveryOutcome> outcome;
    m_adapter->deliver(message, [&](DeliveryOutcome o) { outcome = o; });
    ASSERT_TRUE(pump_until([&] { return outcome.has_value(); }));
    EXPECT_FALSE(outcome->delivered);
    EXPECT_EQ(outcome->failure.retry, Retry::never);
    EXPECT_NE(m_metrics.render().find("switchboard_slack_api_errors_total{adapter=\"slack\","
                                      "error=\"channel_not_found\",method=\"chat.postMessage\"} 1"),
              std::string::npos)
        << m_metrics.render();
    // Through the outbox too: one attempt, then the entry is dropped rather than retried.
    NewOutbox entry;
    entry.kind = OutboxKind::room_message;
    entry.adapter = "slack";
    entry.room = "C0GONE";
    entry.text = "through the outbox";
    m_store->outbox().insert(0, entry);
    m_engine->events().publish(MessagesQueued{});
    auto attempts = [&] {
        int n = 0;
        for (auto const& call : fake_calls())
            if (call["method"] == "chat.postMessage" &&
                call["args"].value("channel", "") == "C0GONE")
                ++n;
        return n;
    };
    ASSERT_TRUE(pump_until([&] { return attempts() == 2 && m_store->outbox().depth() == 0; }));
    auto later = m_clock.now() + std::chrono::minutes(10);
    while (m_clock.now() < later) {
        m_timers->advance_to(m_clock.now() + Seconds(30));
        m_io.restart();
        m_io.run_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(attempts(), 2);
    auto health = m_adapter->health();
    EXPECT_TRUE(health.ready);
    EXPECT_NE(health.reason.find("channel_not_found"), std::string::npos) << health.reason;
    EXPECT_NE(health.reason.find("chat.postMessage"), std::string::npos) << health.reason;
}

// Dave has only an e-mail in the config; the adapter finds him as U0DAVE.
class SlackPersonByEmail : public SlackEndToEnd {
protected:
    SlackPersonByEmail() { m_rota.person = "dave"; }
};

TEST_F(SlackPersonByEmail, PersonWithOnlyAnEmailIsPagedAndClaimsByCommand) {
    ASSERT_TRUE(pump_until([&] { return m_adapter->address_of("dave").has_value(); }));
    EXPECT_EQ(*m_adapter->address_of("dave"), "U0DAVE");
    EXPECT_EQ(m_adapter->person_for("U0DAVE"), std::optional<std::string>("dave"));
    ASSERT_FALSE(calls("users.lookupByEmail").empty());
    EXPECT_EQ(calls("users.lookupByEmail").front().value("email", ""), "dave@example.org");
    auto item = ingest("email1");
    ASSERT_FALSE(posted_ts(item).empty());
    ASSERT_TRUE(pump_until([&] { return !calls("chat.postMessage", "DU0DAVE").empty(); }))
        << fake_calls().dump();
    auto page = calls("chat.postMessage", "DU0DAVE").front();
    EXPECT_NE(page["blocks"].dump().find("\"action_id\":\"claim\""), std::string::npos);
    send_envelope("events_api",
                  channel_message("U0DAVE", "!claim " + std::to_string(item), "EvDave"));
    ASSERT_TRUE(pump_until([&] { return state_of(item) == "claimed"; }));
    EXPECT_EQ(m_store->items().get(item).value()->claimed_by, "dave");
    ASSERT_TRUE(pump_until([&] { return !ephemerals_to("U0DAVE").empty(); }));
    EXPECT_EQ(ephemerals_to("U0DAVE").front().find("don't know you"), std::string::npos)
        << ephemerals_to("U0DAVE").front();
}

class SlackLinkDisabled : public SlackEndToEnd {};

TEST_F(SlackLinkDisabled, LinkDisabledStopsReconnectingAndSaysWhyInHealth) {
    ASSERT_TRUE(m_fake.control("disconnect", {{"reason", "link_disabled"}})["ok"]);
    ASSERT_TRUE(pump_until([&] { return !m_adapter->health().ready; }));
    pump_until([] { return false; }, std::chrono::seconds(2));
    EXPECT_NE(m_adapter->health().reason.find("link_disabled"), std::string::npos)
        << m_adapter->health().reason;
    EXPECT_EQ(m_fake.state()["opens"], 1);
}

class SlackWrongAppToken : public SlackEndToEnd {
protected:
    std::string app_token() const override { return "xapp-wrong"; }
    bool wait_for_connection() const override { return false; }
};

TEST_F(SlackWrongAppToken, WrongAppTokenStopsTheLoopWithAClearReason) {
    ASSERT_TRUE(pump_until(
        [&] { return m_adapter->health().reason.find("invalid_auth") != std::string::npos; }));
    pump_until([] { return false; }, std::chrono::seconds(2));
    EXPECT_FALSE(m_adapter->health().ready);
    int opens = 0;
    for (auto const& call : fake_calls())
        if (call["method"] == "apps.connections.open")
            ++opens;
    EXPECT_EQ(opens, 1);
}

} // namespace
} // namespace sb::test
