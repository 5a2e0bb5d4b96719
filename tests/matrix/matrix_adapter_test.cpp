// SPDX-License-Identifier: Apache-2.0
// The Matrix adapter against the contract fake homeserver over real sockets, with a real store.
#include "adapters/chat/matrix/matrix_adapter.hpp"
#include "adapters/chat/matrix/matrix_wire.hpp"
#include "adapters/net/http_client/curl_http_client.hpp"
#include "bot/daemon/asio_time.hpp"
#include "bot/store/cursor_repository.hpp"
#include "bot/store/store.hpp"
#include "tests/matrix/fake_homeserver_process.hpp"
#include "tests/support/loop_thread.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

namespace sb::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string const bot = "@bot:localhost";
std::string const alice = "@alice:localhost";
std::string const stranger = "@mallory:localhost";
std::string const hand = "\xE2\x9C\x8B";
std::string const check = "\xE2\x9C\x85\xEF\xB8\x8F"; // with the emoji presentation selector

struct Received {
    ChatOrigin origin;
    std::string text;
};

class RecordingInbound : public ChatInbound {
public:
    void on_command(ChatOrigin const& origin, std::string const& text,
                    std::function<void(std::string)> reply) override {
        {
            std::lock_guard lock(m_mutex);
            m_received.push_back({origin, text});
        }
        reply("done: " + text);
    }
    std::vector<Received> received() {
        std::lock_guard lock(m_mutex);
        return m_received;
    }

private:
    std::mutex m_mutex;
    std::vector<Received> m_received;
};

template <typename Predicate>
bool eventually(Predicate predicate, std::chrono::seconds limit = 15s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (predicate())
            return true;
        std::this_thread::sleep_for(20ms);
    }
    return predicate();
}

CardView sample_card(std::string state = "open") {
    CardView card;
    card.item_id = 42;
    card.platform = "mastodon";
    card.author = "@fan@social.example";
    card.excerpt = "Is the <shop> open on Sunday?";
    card.url = "https://social.example/@fan/1";
    card.priority = "normal";
    card.state = state;
    card.status_line = state == "open" ? "Waiting for someone to claim" : "Claimed by Alice";
    card.actions = {"claim", "resolve"};
    return card;
}

class MatrixAdapterTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("sb-matrix-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        m_store = std::make_unique<Store>((m_dir / "state.db").string());
        m_fake.control("user", {{"user_id", bot},
                                {"password", "bot-password"},
                                {"access_token", "bot-token"},
                                {"device_id", "BOTDEVICE"}});
        m_fake.control("user", {{"user_id", alice}, {"password", "alice-password"}});
        m_room = m_fake.control("room", {{"creator", alice}, {"members", {alice, bot}}})["room_id"];
        m_loop.start();
    }

    void TearDown() override {
        m_loop.run_on_loop([&] { m_adapter.reset(); });
        m_http.stop();
        m_loop.stop();
        m_store.reset();
        std::filesystem::remove_all(m_dir);
        EXPECT_EQ(m_fake.violations(), json::array()) << "the fake saw requests off the spec";
    }

    MatrixOptions options() {
        MatrixOptions options;
        options.homeserver_url = m_fake.url();
        options.access_token = "bot-token";
        options.known_users = {alice};
        options.sync_timeout = 1000ms;
        return options;
    }

    MatrixStateStore state() {
        MatrixStateStore state;
        state.load = [this](std::string const& key) {
            return m_store->cursors().cursor(key).value();
        };
        state.save = [this](std::string const& key, std::string const& value) {
            ASSERT_TRUE(m_store->cursors().set_cursor(key, value, m_clock.now()).has_value());
        };
        return state;
    }

    // Starts an adapter (replacing a running one, as a restart does) and waits for a sync.
    void start(MatrixOptions options, bool wait_for_sync = true) {
        m_loop.run_on_loop([&] {
            m_adapter.reset();
            m_adapter =
                std::make_unique<MatrixAdapter>(options, m_http, m_clock, m_timers, state());
            m_adapter->start(m_inbound);
        });
        if (wait_for_sync) {
            ASSERT_TRUE(eventually([&] { return syncs() > 0; })) << health().reason;
        }
    }

    std::uint64_t syncs() {
        std::uint64_t count = 0;
        m_loop.run_on_loop([&] { count = m_adapter->syncs_done_for_test(); });
        return count;
    }

    // Waits until the adapter finished the sync under way and the next, so injected events
    // before this point have been seen.
    void settle() {
        auto seen = syncs();
        ASSERT_TRUE(eventually([&] { return syncs() >= seen + 2; }));
    }

    AdapterHealth health() {
        AdapterHealth health;
        m_loop.run_on_loop([&] { health = m_adapter->health(); });
        return health;
    }

    DeliveryOutcome deliver(OutboxMessage message) {
        message.adapter = "matrix";
        auto promise = std::make_shared<std::promise<DeliveryOutcome>>();
        auto future = promise->get_future();
        m_loop.run_on_loop([&] {
            m_adapter->deliver(message, [promise](DeliveryOutcome outcome) {
                promise->set_value(std::move(outcome));
            });
        });
        EXPECT_EQ(future.wait_for(20s), std::future_status::ready);
        return future.get();
    }

    std::string post_card(std::int64_t outbox_id = 1) {
        OutboxMessage message;
        message.id = outbox_id;
        message.item_id = 42;
        message.kind = OutboxKind::post_card;
        message.room = m_room;
        message.card = sample_card();
        auto outcome = deliver(message);
        EXPECT_TRUE(outcome.delivered) << outcome.failure.error.message;
        return outcome.receipt.message_ref;
    }

    std::string say(std::string const& sender, json content, std::string room = {},
                    std::string type = "m.room.message") {
        return m_fake.control("send", {{"room_id", room.empty() ? m_room : room},
                                       {"sender", sender},
                                       {"type", type},
                                       {"content", std::move(content)}})["event_id"];
    }

    static json text(std::string body) {
        return {{"msgtype", "m.text"}, {"body", std::move(body)}};
    }

    std::vector<Received> wait_for_commands(std::size_t count) {
        eventually([&] { return m_inbound.received().size() >= count; });
        return m_inbound.received();
    }

    int count_requests(std::string const& method, std::string const& path_part) {
        int count = 0;
        for (auto const& request : m_fake.requests())
            if (request["method"] == method &&
                request["path"].get<std::string>().find(path_part) != std::string::npos)
                ++count;
        return count;
    }

    FakeHomeserver m_fake;
    std::filesystem::path m_dir;
    std::unique_ptr<Store> m_store;
    LoopThread m_loop;
    CurlHttpClient m_http{m_loop.io(), 4};
    SystemClock m_clock;
    AsioTimerService m_timers{m_loop.io()};
    RecordingInbound m_inbound;
    std::unique_ptr<MatrixAdapter> m_adapter;
    std::string m_room;
};

TEST_F(MatrixAdapterTest, CardIsAnHtmlNoticeEveryChangeEditsItAndNotesGoInItsThread) {
    start(options());
    auto ref = post_card(1);
    auto target = matrix::split_card_ref(ref);
    ASSERT_TRUE(target);
    EXPECT_EQ(target->first, m_room);

    OutboxMessage update;
    update.id = 2;
    update.item_id = 42;
    update.kind = OutboxKind::update_card;
    update.card_ref = ref;
    update.card = sample_card("claimed");
    ASSERT_TRUE(deliver(update).delivered);

    OutboxMessage note;
    note.id = 3;
    note.item_id = 42;
    note.kind = OutboxKind::thread_note;
    note.card_ref = ref;
    note.text = "Alice claimed it";
    ASSERT_TRUE(deliver(note).delivered);

    auto view = m_fake.room(m_room);
    json card, thread_note;
    for (auto const& message : view["messages"]) {
        if (message["event_id"] == target->second)
            card = message;
        if (message["content"].value("body", "") == "Alice claimed it")
            thread_note = message;
    }
    ASSERT_FALSE(card.is_null());
    EXPECT_EQ(card["edits"], 1);
    EXPECT_EQ(card["current"]["format"], "org.matrix.custom.html");
    EXPECT_EQ(card["current"]["msgtype"], "m.notice");
    EXPECT_NE(card["current"]["body"].get<std::string>().find("claimed"), std::string::npos);
    EXPECT_NE(card["current"]["formatted_body"].get<std::string>().find("&lt;shop&gt;"),
              std::string::npos)
        << "text from outside is escaped in HTML";
    ASSERT_FALSE(thread_note.is_null());
    EXPECT_EQ(thread_note["content"]["m.relates_to"]["rel_type"], "m.thread");
    EXPECT_EQ(thread_note["content"]["m.relates_to"]["event_id"], target->second);
}

TEST_F(MatrixAdapterTest, CommandsInARoomNeedThePrefixOrAMentionAndAreAnswered) {
    start(options());
    say(alice, text("good morning everyone"));
    say(alice, text("!claim 42"));
    say(alice, text("@bot:localhost: resolve 42 done"));
    say(alice, text("bot, who"));
    auto received = wait_for_commands(3);
    ASSERT_EQ(received.size(), 3u);
    EXPECT_EQ(received[0].text, "claim 42");
    EXPECT_EQ(received[1].text, "resolve 42 done");
    EXPECT_EQ(received[2].text, "who");
    EXPECT_EQ(received[0].origin.user, alice);
    EXPECT_EQ(received[0].origin.room, m_room);
    EXPECT_EQ(received[0].origin.adapter, "matrix");
    EXPECT_TRUE(eventually([&] {
        auto view = m_fake.room(m_room);
        for (auto const& message : view["messages"])
            if (message["sender"] == bot &&
                message["content"].value("body", "") == "done: claim 42")
                return message["content"]["msgtype"] == "m.notice";
        return false;
    }));
}

TEST_F(MatrixAdapterTest, ReplyToACardActsOnThatCardWithoutAnId) {
    start(options());
    auto ref = post_card(1);
    auto card_event = matrix::split_card_ref(ref)->second;
    say(alice, {{"msgtype", "m.text"},
                {"body", "> <@bot:localhost> #42 · normal\n\n!claim"},
                {"m.relates_to", {{"m.in_reply_to", {{"event_id", card_event}}}}}});
    auto received = wait_for_commands(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].text, "claim");
    EXPECT_EQ(received[0].origin.card_ref, ref);
}

TEST_F(MatrixAdapterTest, HandAndCheckReactionsOnACardClaimAndResolve) {
    start(options());
    auto ref = post_card(1);
    auto card_event = matrix::split_card_ref(ref)->second;
    auto react = [&](std::string const& key) {
        say(alice,
            {{"m.relates_to",
              {{"rel_type", "m.annotation"}, {"event_id", card_event}, {"key", key}}}},
            {}, "m.reaction");
    };
    react("\xF0\x9F\x91\x8D"); // 👍 means nothing
    react(hand);
    react(check);
    auto received = wait_for_commands(2);
    ASSERT_EQ(received.size(), 2u);
    EXPECT_EQ(received[0].text, "claim");
    EXPECT_EQ(received[1].text, "resolve");
    EXPECT_EQ(received[0].origin.card_ref, ref);
    EXPECT_EQ(received[1].origin.card_ref, ref);
}

TEST_F(MatrixAdapterTest, DirectRoomInviteFromAKnownPersonIsJoinedAndTakesPlainCommands) {
    start(options());
    auto dm = m_fake.control("room", {{"creator", alice}, {"members", {alice}}})["room_id"]
                  .get<std::string>();
    m_fake.control("invite",
                   {{"room_id", dm}, {"inviter", alice}, {"invitee", bot}, {"is_direct", true}});
    ASSERT_TRUE(eventually([&] { return m_fake.room(dm)["members"].size() == 2; }));
    settle();
    say(alice, text("who"), dm);
    auto received = wait_for_commands(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].text, "who");
    EXPECT_EQ(received[0].origin.room, "") << "a DM has no room for the core";
}

TEST_F(MatrixAdapterTest, InviteFromAStrangerIsDeclined) {
    start(options());
    auto room = m_fake.control("room", {{"creator", stranger}, {"members", {stranger}}})["room_id"]
                    .get<std::string>();
    m_fake.control("invite", {{"room_id", room}, {"inviter", stranger}, {"invitee", bot}});
    ASSERT_TRUE(eventually([&] { return m_fake.room(room)["invited"].empty(); }));
    auto view = m_fake.room(room);
    EXPECT_EQ(view["members"], json::array({stranger}));
    bool reason_given = false;
    for (auto const& event : view["events"])
        if (event["type"] == "m.room.member" && event["state_key"] == bot &&
            event["content"]["membership"] == "leave")
            reason_given = event["content"].contains("reason");
    EXPECT_TRUE(reason_given);
}

TEST_F(MatrixAdapterTest, CommandFromAStrangerReachesTheCoreWithTheirIdentityToBeRefused) {
    start(options());
    m_fake.control("join", {{"room_id", m_room}, {"user_id", stranger}});
    say(stranger, text("!claim 42"));
    auto received = wait_for_commands(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].origin.user, stranger);
}

TEST_F(MatrixAdapterTest, PagingDmFindsOrCreatesTheDirectRoomOnceAndKeepsIt) {
    start(options());
    OutboxMessage page;
    page.kind = OutboxKind::direct_message;
    page.person = "alice";
    page.person_address = alice;
    page.text = "You are paged for #42";
    page.id = 10;
    auto first = deliver(page);
    ASSERT_TRUE(first.delivered) << first.failure.error.message;
    page.id = 11;
    auto second = deliver(page);
    ASSERT_TRUE(second.delivered);
    auto room = matrix::split_card_ref(first.receipt.message_ref)->first;
    EXPECT_EQ(matrix::split_card_ref(second.receipt.message_ref)->first, room);
    EXPECT_EQ(count_requests("POST", "/createRoom"), 1);
    auto direct = m_fake.control("account_data_of?user_id=%40bot%3Alocalhost");
    EXPECT_EQ(direct["m.direct"][alice], json::array({room}));
    auto view = m_fake.room(room);
    EXPECT_EQ(view["invited"], json::array({alice}));

    // After a restart the kept room is used again.
    start(options());
    page.id = 12;
    ASSERT_TRUE(deliver(page).delivered);
    EXPECT_EQ(count_requests("POST", "/createRoom"), 1);
}

TEST_F(MatrixAdapterTest, HostileCardMentionsNobodyAndAPageRingsThePerson) {
    start(options());
    OutboxMessage message;
    message.id = 20;
    message.item_id = 42;
    message.kind = OutboxKind::post_card;
    message.room = m_room;
    message.card = sample_card();
    message.card->author = "@room";
    message.card->excerpt = "@room <img src=x onerror=alert(1)> ask @alice:localhost";
    message.card->url = "https://x.com/a\" onclick=\"alert(1)";
    auto posted = deliver(message);
    ASSERT_TRUE(posted.delivered) << posted.failure.error.message;
    OutboxMessage update = message;
    update.id = 21;
    update.kind = OutboxKind::update_card;
    update.card_ref = posted.receipt.message_ref;
    ASSERT_TRUE(deliver(update).delivered);
    OutboxMessage page;
    page.id = 22;
    page.kind = OutboxKind::direct_message;
    page.person = "alice";
    page.person_address = alice;
    page.text = "Page (primary on call): #42 @room on mastodon";
    ASSERT_TRUE(deliver(page).delivered);

    std::vector<json> sent;
    for (auto const& request : m_fake.requests())
        if (request["method"] == "PUT" &&
            request["path"].get<std::string>().find("/send/m.room.message/") != std::string::npos)
            sent.push_back(request["body"].is_string()
                               ? json::parse(request["body"].get<std::string>())
                               : request["body"]);
    ASSERT_EQ(sent.size(), 3u);
    auto const& card = sent[0];
    EXPECT_EQ(card["msgtype"], "m.notice");
    EXPECT_EQ(card["m.mentions"], json::object());
    auto html = card["formatted_body"].get<std::string>();
    EXPECT_EQ(html.find("<img"), std::string::npos) << html;
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << html;
    EXPECT_EQ(html.find("<a href"), std::string::npos) << "a URL with a quote is not a link";
    EXPECT_EQ(html.find("\" onclick"), std::string::npos) << html;
    auto const& edit = sent[1];
    EXPECT_EQ(edit["m.mentions"], json::object());
    EXPECT_EQ(edit["m.new_content"]["m.mentions"], json::object());
    auto const& dm = sent[2];
    EXPECT_EQ(dm["msgtype"], "m.text") << "m.notice is silenced by .m.rule.suppress_notices";
    EXPECT_EQ(dm["m.mentions"], json({{"user_ids", {alice}}}));
}

TEST_F(MatrixAdapterTest, PagingDmUsesTheRoomAlreadyInMDirect) {
    auto existing = m_fake.control("room", {{"creator", bot}, {"members", {bot, alice}}})["room_id"]
                        .get<std::string>();
    m_fake.control("account_data",
                   {{"user_id", bot}, {"type", "m.direct"}, {"content", {{alice, {existing}}}}});
    start(options());
    OutboxMessage page;
    page.id = 5;
    page.kind = OutboxKind::direct_message;
    page.person_address = alice;
    page.text = "You are paged";
    auto outcome = deliver(page);
    ASSERT_TRUE(outcome.delivered);
    EXPECT_EQ(matrix::split_card_ref(outcome.receipt.message_ref)->first, existing);
    EXPECT_EQ(count_requests("POST", "/createRoom"), 0);
}

TEST_F(MatrixAdapterTest, FreshStartIgnoresHistoryAndRestartNeitherReplaysNorMisses) {
    say(alice, text("!claim 1")); // before the bot ever ran: history
    start(options());
    say(alice, text("!claim 2"));
    ASSERT_EQ(wait_for_commands(1).size(), 1u);
    // Stop in the middle of a long poll, miss a message while down, start again.
    m_loop.run_on_loop([&] { m_adapter.reset(); });
    say(alice, text("!claim 3"));
    start(options());
    say(alice, text("!claim 4"));
    auto received = wait_for_commands(3);
    settle();
    received = m_inbound.received();
    ASSERT_EQ(received.size(), 3u);
    EXPECT_EQ(received[0].text, "claim 2");
    EXPECT_EQ(received[1].text, "claim 3");
    EXPECT_EQ(received[2].text, "claim 4");
    EXPECT_TRUE(m_store->cursors().cursor("matrix:matrix:next_batch").value().has_value());
}

TEST_F(MatrixAdapterTest, CommandsBeyondALimitedSyncAreFetchedFromMessagesExactlyOnce) {
    // A homeserver that puts only the newest 4 events of a room into each sync; the 60
    // commands missed while the bot was down need two pages of /messages.
    start(options());
    m_loop.run_on_loop([&] { m_adapter.reset(); });
    m_fake.control("sync_timeline_limit", {{"limit", 4}});
    int const missed = 60;
    for (int n = 1; n <= missed; ++n)
        say(alice, text("!claim " + std::to_string(n)));
    auto card = say(bot, {{"msgtype", "m.notice"}, {"body", "#42 a card"}});
    say(alice,
        {{"m.relates_to", {{"rel_type", "m.annotation"}, {"event_id", card}, {"key", hand}}}}, {},
        "m.reaction");
    start(options());
    wait_for_commands(missed + 1);
    settle();
    auto received = m_inbound.received();
    ASSERT_EQ(received.size(), static_cast<std::size_t>(missed + 1));
    for (int n = 1; n <= missed; ++n)
        EXPECT_EQ(received[n - 1].text, "claim " + std::to_string(n));
    EXPECT_EQ(received.back().text, "claim");
    EXPECT_EQ(received.back().origin.card_ref, matrix::make_card_ref(m_room, card));
    EXPECT_GE(count_requests("GET", "/messages"), 2);

    // A later cut-short sync while running fills its gap the same way, without replays.
    say(alice, text("!claim 61"));
    say(alice, text("!claim 62"));
    for (int n = 63; n <= 70; ++n)
        say(alice, text("!claim " + std::to_string(n)));
    wait_for_commands(missed + 11);
    settle();
    received = m_inbound.received();
    ASSERT_EQ(received.size(), static_cast<std::size_t>(missed + 11));
    for (int n = 61; n <= 70; ++n)
        EXPECT_EQ(received[n].text, "claim " + std::to_string(n));
}

TEST_F(MatrixAdapterTest, PasswordLoginKeepsItsTokenAndARetryAfterACrashPostsNoDuplicate) {
    auto login = options();
    login.access_token.clear();
    login.user = "bot";
    login.password = "bot-password";
    start(login);
    OutboxMessage message;
    message.id = 77;
    message.item_id = 42;
    message.kind = OutboxKind::post_card;
    message.room = m_room;
    message.card = sample_card();
    auto first = deliver(message);
    ASSERT_TRUE(first.delivered);
    // The process dies before the outbox records the receipt; the restarted one sends again.
    start(login);
    auto again = deliver(message);
    ASSERT_TRUE(again.delivered);
    EXPECT_EQ(again.receipt.message_ref, first.receipt.message_ref);
    int cards = 0;
    auto view = m_fake.room(m_room);
    for (auto const& event : view["messages"])
        if (event["sender"] == bot)
            ++cards;
    EXPECT_EQ(cards, 1);
    EXPECT_EQ(count_requests("POST", "/login"), 1) << "the second run reuses the stored token";
}

TEST_F(MatrixAdapterTest, RateLimitIsHonouredWithTheServersWaitAndTheSameTxnId) {
    start(options());
    m_fake.control(
        "rate_limit",
        {{"path_contains", "/send/"}, {"method", "PUT"}, {"count", 1}, {"retry_after_ms", 2500}});
    OutboxMessage message;
    message.id = 9;
    message.kind = OutboxKind::room_message;
    message.room = m_room;
    message.text = "hello";
    auto limited = deliver(message);
    ASSERT_FALSE(limited.delivered);
    EXPECT_EQ(limited.failure.retry, Retry::later);
    ASSERT_TRUE(limited.failure.retry_after);
    EXPECT_EQ(*limited.failure.retry_after, Seconds{3});

    m_fake.control("rate_limit", {{"path_contains", "/send/"},
                                  {"method", "PUT"},
                                  {"count", 1},
                                  {"retry_after_ms", 9000},
                                  {"retry_after_header", 4}});
    limited = deliver(message);
    ASSERT_TRUE(limited.failure.retry_after);
    EXPECT_EQ(*limited.failure.retry_after, Seconds{4}) << "Retry-After wins over retry_after_ms";

    ASSERT_TRUE(deliver(message).delivered);
    int sends = 0;
    for (auto const& request : m_fake.requests())
        if (request["method"] == "PUT" &&
            request["path"].get<std::string>().ends_with("/" + matrix::txn_id_for_outbox(9)))
            ++sends;
    EXPECT_EQ(sends, 3) << "every attempt used the outbox entry's txnId";
}

TEST_F(MatrixAdapterTest, UnknownTokenStopsWithAClearReasonInsteadOfLooping) {
    start(options());
    m_fake.control("revoke", {{"user_id", bot}});
    ASSERT_TRUE(eventually([&] { return !health().ready; }));
    EXPECT_NE(health().reason.find("M_UNKNOWN_TOKEN"), std::string::npos) << health().reason;
    auto syncs_then = count_requests("GET", "/sync");
    std::this_thread::sleep_for(1500ms);
    EXPECT_EQ(count_requests("GET", "/sync"), syncs_then);
}

TEST_F(MatrixAdapterTest, EncryptedRoomIsReportedAndNothingIsPostedThere) {
    auto secret_room = m_fake
                           .control("room", {{"creator", alice},
                                             {"members", {alice, bot}},
                                             {"encrypted", true}})["room_id"]
                           .get<std::string>();
    start(options());
    auto state = health();
    EXPECT_TRUE(state.ready);
    EXPECT_NE(state.reason.find("encrypted"), std::string::npos);
    EXPECT_NE(state.reason.find(secret_room), std::string::npos);
    OutboxMessage message;
    message.id = 3;
    message.kind = OutboxKind::room_message;
    message.room = secret_room;
    message.text = "hello";
    auto outcome = deliver(message);
    EXPECT_FALSE(outcome.delivered);
    EXPECT_EQ(outcome.failure.retry, Retry::never);
    EXPECT_NE(outcome.failure.error.message.find("encrypted"), std::string::npos);
}

TEST_F(MatrixAdapterTest, ServerNameAloneIsResolvedThroughWellKnown) {
    auto discovered = options();
    discovered.homeserver_url.clear();
    discovered.server_name = m_fake.url(); // plain http for the test; a name means https
    start(discovered);
    EXPECT_TRUE(health().ready) << health().reason;
}

} // namespace
} // namespace sb::test
