// SPDX-License-Identifier: Apache-2.0
// The Mastodon source against the contract fake over real sockets (REST and websocket), with a
// real core on SQLite and simulated time; the test thread runs the loop and moves the clock.
#include "adapters/net/http_client/curl_http_client.hpp"
#include "adapters/sources/mastodon/mastodon_source.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/http.hpp"
#include "tests/core/core_fixture.hpp"
#include "tests/sources_mastodon/fake_mastodon_process.hpp"
#include "tests/support/store_ports.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdlib>
#include <set>

namespace sb::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char const* token = "masto-token-0123456789";

class NoRoutes final : public HttpRouter {
public:
    void add_route(std::string, std::string, HttpHandler) override {}
};

class MastodonSourceTest : public CoreTest {
protected:
    void SetUp() override {
        CoreTest::SetUp();
        ::setenv("SB_TEST_MASTODON_TOKEN", token, 1);
        ::setenv("SB_TEST_MASTODON_WRONG", "not-the-token", 1);
        m_fake = std::make_unique<FakeMastodon>(token);
        m_http = std::make_unique<CurlHttpClient>(m_io, 2);
    }

    void TearDown() override {
        m_source.reset();
        m_http->stop();
        m_fake.reset();
        CoreTest::TearDown();
    }

    void make_source(json extra = json::object()) {
        config::Source source;
        source.id = "masto";
        source.type = "mastodon";
        source.settings = {{"type", "mastodon"},
                           {"base_url", m_fake->url()},
                           {"access_token", {{"env", "SB_TEST_MASTODON_TOKEN"}}}};
        for (auto const& [key, value] : extra.items())
            source.settings[key] = value;
        m_ports = std::make_unique<StorePorts>(*m_store);
        m_deps = std::make_unique<SourceDeps>(SourceDeps{m_io, m_config, m_clock, *m_timers,
                                                         *m_http, m_ports->cursors, m_ports->inbox,
                                                         m_metrics, m_router, m_engine->items()});
        auto made = mastodon_source_entry().make(source, *m_deps);
        ASSERT_TRUE(made) << made.error().to_string();
        m_source = std::move(*made);
    }

    void start(json extra = json::object()) {
        make_source(std::move(extra));
        ASSERT_TRUE(m_source);
        m_source->start();
        ASSERT_TRUE(pump_until([&] { return m_source->status().state == "connected"; }))
            << "state " << m_source->status().state << ": " << m_source->status().last_error;
        settle();
    }

    // Runs the loop and due timers until the predicate holds; simulated time stands still.
    template <typename Predicate>
    bool pump_until(Predicate predicate, std::chrono::seconds limit = 10s) {
        auto until = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < until) {
            if (predicate())
                return true;
            m_io.run_one_for(5ms);
            m_timers->run_due();
        }
        return predicate();
    }

    std::size_t requests_now() { return m_fake->notification_requests().size(); }

    // Runs the loop until the fake saw no new notifications request for a little while.
    void settle() {
        for (int round = 0; round < 50; ++round) {
            auto before = requests_now();
            for (int i = 0; i < 20; ++i) {
                m_io.run_one_for(5ms);
                m_timers->run_due();
            }
            if (requests_now() == before)
                return;
        }
    }

    std::vector<Item> mastodon_items() {
        ItemFilter filter;
        filter.limit = 500;
        std::vector<Item> out;
        for (auto& item : m_store->items().list(filter).value())
            if (item.mention.platform == "mastodon")
                out.push_back(item);
        return out;
    }

    std::optional<Item> item_for(std::string const& status_id) {
        for (auto& item : mastodon_items())
            if (item.mention.external_id == status_id)
                return item;
        return std::nullopt;
    }

    bool has_item(std::string const& status_id) { return item_for(status_id).has_value(); }

    // Moves simulated time on by `by`, firing the timers due on the way.
    void advance(Seconds by) { m_timers->advance_to(m_clock.now() + by); }

    void drop_stream_and_refuse() {
        m_fake->control("refuse", {{"on", true}});
        m_fake->control("drop", json::object());
        ASSERT_TRUE(pump_until([&] { return m_source->status().state == "reconnecting"; }));
    }

    void allow_and_reconnect() {
        m_fake->control("refuse", {{"on", false}});
        // The reconnect timer is at most a few simulated seconds away; step until it is open.
        ASSERT_TRUE(pump_until([&] {
            if (m_source->status().state == "connected")
                return true;
            advance(Seconds{1});
            return false;
        })) << m_source->status().last_error;
    }

    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work{
        m_io.get_executor()};
    std::unique_ptr<FakeMastodon> m_fake;
    std::unique_ptr<CurlHttpClient> m_http;
    MetricsRegistry m_metrics;
    NoRoutes m_router;
    std::unique_ptr<StorePorts> m_ports;
    std::unique_ptr<SourceDeps> m_deps;
    std::unique_ptr<Source> m_source;
};

TEST_F(MastodonSourceTest, MentionOverTheStreamBecomesAnItem) {
    start();
    auto posted = m_fake->mention("fan@elsewhere.example", "is the shop open on Sunday?",
                                  {{"language", "en"}});
    std::string status_id = posted["status_id"];
    ASSERT_TRUE(pump_until([&] { return has_item(status_id); }));
    auto item = *item_for(status_id);
    EXPECT_EQ(item.mention.author, "@fan@elsewhere.example");
    EXPECT_EQ(item.mention.text, "@brand is the shop open on Sunday?");
    EXPECT_EQ(item.mention.url, "https://elsewhere.example/@fan/" + status_id);
    EXPECT_EQ(item.mention.source, "masto");
    EXPECT_EQ(item.mention.language, "en");
    EXPECT_EQ(item.mention.kind, MentionKind::mention);
    EXPECT_EQ(item.team, "care");
    EXPECT_TRUE(m_source->health().ready);
}

TEST_F(MastodonSourceTest, DirectMessageReplyBecomesADmWithItsParent) {
    start();
    auto posted = m_fake->mention("fan@elsewhere.example", "my invoice",
                                  {{"visibility", "direct"}, {"in_reply_to_id", "4711"}});
    std::string status_id = posted["status_id"];
    ASSERT_TRUE(pump_until([&] { return has_item(status_id); }));
    EXPECT_EQ(item_for(status_id)->mention.kind, MentionKind::dm);
    EXPECT_EQ(item_for(status_id)->mention.parent_id, "4711");
}

TEST_F(MastodonSourceTest, FirstStartTakesOlderMentionsAsSeen) {
    auto old = m_fake->mention("old@elsewhere.example", "from last year");
    start();
    settle();
    EXPECT_FALSE(has_item(old["status_id"])) << "a new source must not flood the room";
    auto fresh = m_fake->mention("new@elsewhere.example", "hello");
    ASSERT_TRUE(pump_until([&] { return has_item(fresh["status_id"]); }));
    EXPECT_EQ(mastodon_items().size(), 1u);
}

TEST_F(MastodonSourceTest, MentionsDuringADisconnectAreCaughtUpWithNoGapAndNoDuplicate) {
    start();
    auto before = m_fake->mention("a@x.example", "before the outage");
    ASSERT_TRUE(pump_until([&] { return has_item(before["status_id"]); }));

    drop_stream_and_refuse();
    std::set<std::string> missed;
    for (int i = 0; i < 3; ++i)
        missed.insert(m_fake->mention("b@x.example", "during " + std::to_string(i))["status_id"]);
    settle();
    for (auto const& id : missed)
        EXPECT_FALSE(has_item(id)) << "nothing can arrive while the stream is away";

    allow_and_reconnect();
    ASSERT_TRUE(pump_until([&] {
        for (auto const& id : missed)
            if (!has_item(id))
                return false;
        return true;
    })) << "the catch-up after the reconnect fetched what the stream missed";
    auto after = m_fake->mention("c@x.example", "after the outage");
    ASSERT_TRUE(pump_until([&] { return has_item(after["status_id"]); }));
    settle();

    auto items = mastodon_items();
    EXPECT_EQ(items.size(), 5u);
    std::set<std::string> ids;
    for (auto const& item : items)
        ids.insert(item.mention.external_id);
    EXPECT_EQ(ids.size(), items.size()) << "no status became two items";
    // The catch-up asked from the cursor onward (min_id), never for the newest page (since_id).
    for (auto const& request : m_fake->notification_requests()) {
        EXPECT_FALSE(request["query"].contains("since_id")) << request.dump();
        EXPECT_EQ(request["query"]["types[]"], "mention") << request.dump();
    }
}

TEST_F(MastodonSourceTest, ReconnectsBackOffAndTurnUnreadyAfterThreeFailures) {
    start();
    auto attempts = [&] { return m_fake->control("connections")["attempts"].get<int>(); };
    // The earliest timer is the reconnect: the catch-up's next run is minutes away.
    auto reconnect_in = [&](Seconds delay) {
        return pump_until([&] { return m_timers->next_due() == m_clock.now() + delay; });
    };
    auto const first = attempts();
    drop_stream_and_refuse();
    // 1 s, 2 s, 4 s: the jitter takes at most a fifth off, which rounds to nothing this early.
    ASSERT_TRUE(reconnect_in(Seconds{1}));
    advance(Seconds{1});
    ASSERT_TRUE(reconnect_in(Seconds{2}));
    EXPECT_EQ(attempts(), first + 1);
    EXPECT_TRUE(m_source->health().ready) << "a lost connection or two is normal weather";
    advance(Seconds{2});
    ASSERT_TRUE(reconnect_in(Seconds{4}));
    EXPECT_EQ(attempts(), first + 2);
    EXPECT_FALSE(m_source->health().ready);
    EXPECT_NE(m_source->health().reason.find("503"), std::string::npos)
        << m_source->health().reason;
    EXPECT_EQ(m_source->status().state, "reconnecting");

    allow_and_reconnect();
    EXPECT_TRUE(m_source->health().ready);
    EXPECT_EQ(m_source->status().state, "connected");
}

TEST_F(MastodonSourceTest, EditsAndDeletionsReachTheItemAndUpdateItsCard) {
    start();
    std::string status_id = m_fake->mention("fan@x.example", "wrong bill")["status_id"];
    ASSERT_TRUE(pump_until([&] { return has_item(status_id); }));
    auto id = item_for(status_id)->id;
    auto updates_before = m_chat.of_kind(OutboxKind::update_card).size();

    m_fake->control("edit", {{"status_id", status_id}, {"text", "wrong bill, twice"}});
    ASSERT_TRUE(pump_until(
        [&] { return item_for(status_id)->mention.text == "@brand wrong bill, twice"; }));
    ASSERT_TRUE(pump_until([&] {
        return m_chat.of_kind(OutboxKind::update_card).size() > updates_before;
    })) << "an edit updates the card";

    m_fake->control("delete", {{"status_id", status_id}});
    ASSERT_TRUE(pump_until([&] { return item_for(status_id)->deleted_by_author; }));
    EXPECT_EQ(mastodon_items().size(), 1u) << "edits and deletions never make new items";
    EXPECT_EQ(item_for(status_id)->id, id);
    std::set<std::string> kinds;
    for (auto const& event : m_store->items().timeline(id).value())
        kinds.insert(event.kind);
    EXPECT_TRUE(kinds.contains("edited"));
    EXPECT_TRUE(kinds.contains("deleted_by_author"));
}

TEST_F(MastodonSourceTest, EditsAndDeletionsOfOtherHomeFeedPostsAreIgnored) {
    // A status this source never ingested: posted before the first start, so taken as seen.
    std::string unknown = m_fake->mention("friend@x.example", "lunch?")["status_id"];
    start();
    m_fake->control("edit", {{"status_id", unknown}, {"text", "lunch at 1?"}});
    m_fake->control("delete", {{"status_id", unknown}});
    std::string marker = m_fake->mention("fan@x.example", "marker")["status_id"];
    ASSERT_TRUE(pump_until([&] { return has_item(marker); }));
    EXPECT_EQ(mastodon_items().size(), 1u);
    EXPECT_FALSE(has_item(unknown));
}

TEST_F(MastodonSourceTest, CatchUpFollowsTheLinkHeaderThroughSeveralPages) {
    start({{"page_size", 2}});
    drop_stream_and_refuse();
    std::vector<std::string> missed;
    for (int i = 0; i < 5; ++i)
        missed.push_back(m_fake->mention("p@x.example", "page " + std::to_string(i))["status_id"]);
    auto requests_before = requests_now();
    allow_and_reconnect();
    ASSERT_TRUE(pump_until([&] {
        for (auto const& id : missed)
            if (!has_item(id))
                return false;
        return true;
    }));
    settle();
    auto requests = m_fake->notification_requests();
    std::vector<std::string> min_ids;
    for (std::size_t i = requests_before; i < requests.size(); ++i) {
        EXPECT_EQ(requests[i]["query"]["limit"], "2");
        min_ids.push_back(requests[i]["query"]["min_id"]);
    }
    // Three pages of 2, 2 and 1, then an empty one that says we are at the head.
    ASSERT_GE(min_ids.size(), 4u);
    std::set<std::string> distinct(min_ids.begin(), min_ids.end());
    EXPECT_GE(distinct.size(), 4u) << "each page starts where the previous one's prev link said";
    // Items were made oldest first, as they were posted.
    auto items = mastodon_items();
    std::vector<std::string> order;
    for (auto const& item : items)
        if (std::find(missed.begin(), missed.end(), item.mention.external_id) != missed.end())
            order.push_back(item.mention.external_id);
    std::sort(order.begin(), order.end(),
              [&](auto const& a, auto const& b) { return item_for(a)->id < item_for(b)->id; });
    EXPECT_EQ(order, missed);
}

TEST_F(MastodonSourceTest, RateLimitedCatchUpWaitsForTheReset) {
    start();
    auto reset = m_clock.now() + Seconds{120};
    m_fake->control("rate_limit", {{"count", 1}, {"reset", format_instant(reset)}});
    drop_stream_and_refuse();
    std::string missed = m_fake->mention("r@x.example", "limited")["status_id"];
    allow_and_reconnect();
    // The catch-up after the reconnect got 429.
    ASSERT_TRUE(pump_until([&] {
        auto requests = m_fake->notification_requests();
        return !requests.empty() && requests.back()["status"] == 429;
    }));
    ASSERT_TRUE(pump_until([&] { return m_source->status().next_attempt_at.has_value(); }));
    auto count = requests_now();
    auto status = m_source->status();
    EXPECT_EQ(status.state, "backing_off");
    EXPECT_GE(*status.next_attempt_at, reset) << "no request before X-RateLimit-Reset";
    advance(Seconds{60});
    settle();
    EXPECT_EQ(requests_now(), count) << "still before the reset";
    EXPECT_FALSE(has_item(missed));
    m_timers->advance_to(reset);
    ASSERT_TRUE(pump_until([&] { return has_item(missed); }));
}

TEST_F(MastodonSourceTest, RestartResumesFromTheStoredCursor) {
    start();
    std::string first = m_fake->mention("a@x.example", "one")["status_id"];
    ASSERT_TRUE(pump_until([&] { return has_item(first); }));
    // The periodic catch-up moves the cursor past what the stream delivered.
    advance(Seconds{5 * 60});
    settle();
    auto cursor = m_store->cursors().cursor("masto").value();
    ASSERT_TRUE(cursor);
    m_source.reset();

    std::string while_down = m_fake->mention("b@x.example", "two")["status_id"];
    restart();
    auto requests_before = requests_now();
    start();
    ASSERT_TRUE(pump_until([&] { return has_item(while_down); }));
    settle();
    auto requests = m_fake->notification_requests();
    ASSERT_GT(requests.size(), requests_before);
    EXPECT_EQ(requests[requests_before]["query"]["min_id"], *cursor)
        << "the first request after the restart starts at the stored cursor";
    EXPECT_EQ(mastodon_items().size(), 2u);
}

TEST_F(MastodonSourceTest, WrongTokenMakesTheSourceUnreadyWithAClearReason) {
    make_source({{"access_token", {{"env", "SB_TEST_MASTODON_WRONG"}}}});
    m_source->start();
    ASSERT_TRUE(pump_until([&] { return !m_source->health().ready; }));
    auto reason = m_source->health().reason;
    // The REST call or the stream, whichever is refused first, tells.
    EXPECT_NE(reason.find("refused the access token"), std::string::npos) << reason;
    EXPECT_NE(reason.find("read:notifications"), std::string::npos) << "says what to grant";
    EXPECT_EQ(reason.find("not-the-token"), std::string::npos) << "never the secret itself";
}

TEST_F(MastodonSourceTest, TokenWithoutTheNotificationsScopeIsReportedAsSuch) {
    m_fake = std::make_unique<FakeMastodon>(token, "read:statuses");
    make_source();
    m_source->start();
    ASSERT_TRUE(pump_until([&] { return !m_source->health().ready; }));
    auto reason = m_source->health().reason;
    EXPECT_NE(reason.find("outside the authorized scopes"), std::string::npos) << reason;
    EXPECT_NE(reason.find("read:notifications"), std::string::npos) << "says what to grant";
    EXPECT_EQ(m_source->status().state, "failed");
}

TEST_F(MastodonSourceTest, SettingsErrorsNameThePath) {
    config::Source source;
    source.id = "masto";
    source.type = "mastodon";
    source.settings = {{"type", "mastodon"}, {"access_token", {{"env", "SB_TEST_MASTODON_TOKEN"}}}};
    m_ports = std::make_unique<StorePorts>(*m_store);
    m_deps = std::make_unique<SourceDeps>(SourceDeps{m_io, m_config, m_clock, *m_timers, *m_http,
                                                     m_ports->cursors, m_ports->inbox, m_metrics,
                                                     m_router, m_engine->items()});
    auto missing = mastodon_source_entry().make(source, *m_deps);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().context, "/sources/masto/base_url");

    source.settings["base_url"] = "https://social.example";
    source.settings["streaming_urll"] = "wss://x";
    auto typo = mastodon_source_entry().make(source, *m_deps);
    ASSERT_FALSE(typo);
    EXPECT_EQ(typo.error().context, "/sources/masto/streaming_urll");

    source.settings.erase("streaming_urll");
    source.settings["streaming_url"] = "ftp://x";
    auto scheme = mastodon_source_entry().make(source, *m_deps);
    ASSERT_FALSE(scheme);
    EXPECT_EQ(scheme.error().context, "/sources/masto/streaming_url");
}

} // namespace
} // namespace sb::test
