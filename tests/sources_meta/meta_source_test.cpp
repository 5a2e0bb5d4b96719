// SPDX-License-Identifier: Apache-2.0
// The Meta source on a real core and store, receiving over the daemon's HTTP server from the
// fake Meta's sender and reading the fake Graph API; time is simulated, the io_context runs on
// the test's thread.
#include "adapters/net/http_client/curl_http_client.hpp"
#include "adapters/sources/meta/meta_adapter.hpp"
#include "adapters/sources/meta/meta_source.hpp"
#include "bot/http/http_server.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/store/inbox_repository.hpp"
#include "tests/core/core_fixture.hpp"
#include "tests/sources_meta/fake_meta_process.hpp"
#include "tests/support/store_ports.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <unistd.h>

namespace sb::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char const* app_secret = "appsecret";
constexpr char const* verify_token = "meatyhamhock";
constexpr char const* page_token = "page-token";

class MetaSourceTest : public CoreTest {
protected:
    // One fake for the suite: starting node is most of a test's time.
    static void SetUpTestSuite() { s_fake = new FakeMeta(); }
    static void TearDownTestSuite() {
        delete s_fake;
        s_fake = nullptr;
    }

    void SetUp() override {
        CoreTest::SetUp();
        m_fake.control("reset", json::object());
        ::setenv("SB_META_TEST_APP_SECRET", app_secret, 1);
        ::setenv("SB_META_TEST_VERIFY_TOKEN", verify_token, 1);
        ::setenv("SB_META_TEST_PAGE_TOKEN", page_token, 1);
        m_fake.control("token", {{"token", page_token}});
        open_source();
    }

    void TearDown() override {
        close_source();
        m_http.stop();
        CoreTest::TearDown();
    }

    void open_source(bool start = true) {
        auto server = HttpServer::create(m_io, "127.0.0.1", 0);
        ASSERT_TRUE(server.has_value()) << server.error().message;
        m_server = std::move(*server);
        config::Source source;
        source.id = "meta";
        source.type = "meta";
        source.settings = {{"type", "meta"},
                           {"app_secret", {{"env", "SB_META_TEST_APP_SECRET"}}},
                           {"verify_token", {{"env", "SB_META_TEST_VERIFY_TOKEN"}}},
                           {"access_token", {{"env", "SB_META_TEST_PAGE_TOKEN"}}},
                           {"graph_url", m_fake.graph_url()}};
        m_ports = std::make_unique<StorePorts>(*m_store);
        m_deps = std::make_unique<SourceDeps>(SourceDeps{m_io, m_config, m_clock, *m_timers, m_http,
                                                         m_ports->cursors, m_ports->inbox,
                                                         m_metrics, *m_server, m_engine->items()});
        auto made = meta_source_entry().make(source, *m_deps);
        ASSERT_TRUE(made.has_value()) << made.error().to_string();
        m_source = std::move(*made);
        m_server->start();
        if (start)
            m_source->start();
    }

    void close_source() {
        if (m_source)
            m_source->stop();
        m_source.reset();
        if (m_server)
            m_server->stop();
        pump_until([] { return false; }, 20ms);
        m_server.reset();
        m_deps.reset();
    }

    // A restart of the whole daemon: source, core and store reopened on the same files.
    void restart_all(bool start = true) {
        close_source();
        restart();
        open_source(start);
    }

    template <typename Predicate>
    bool pump_until(Predicate predicate, std::chrono::milliseconds limit = 10s) {
        auto const until = std::chrono::steady_clock::now() + limit;
        while (!predicate()) {
            if (std::chrono::steady_clock::now() >= until)
                return false;
            if (m_io.stopped())
                m_io.restart();
            m_io.run_for(5ms);
            m_timers->run_due();
        }
        return true;
    }

    // A control call whose effect reaches back into our server, so it must not block the loop.
    json call(std::string const& name, json const& body) {
        OutboundRequest request;
        request.method = "POST";
        request.url = m_fake.url() + "/_control/" + name;
        request.body = body.dump();
        request.headers.emplace_back("Content-Type", "application/json");
        std::optional<Result<OutboundResponse>> answer;
        m_http.send(request, [&](Result<OutboundResponse> response) { answer = response; });
        EXPECT_TRUE(pump_until([&] { return answer.has_value(); })) << name << " timed out";
        if (!answer || !*answer || (*answer)->status != 200) {
            ADD_FAILURE() << "control " << name << " failed";
            return json::object();
        }
        return json::parse((*answer)->body);
    }

    std::string hook_url() const {
        return "http://127.0.0.1:" + std::to_string(m_server->port()) + "/hooks/meta";
    }

    // Meta delivers a sample: re-serialised and escaped like Meta does, and signed.
    json deliver(std::string const& sample, json extra = json::object()) {
        json body = {{"url", hook_url()},
                     {"secret", app_secret},
                     {"body", json::parse(meta_sample(sample))}};
        body.update(extra);
        return call("deliver", body);
    }

    // Lets the source process what it stored, and the core deliver its cards.
    void settle() {
        EXPECT_TRUE(pump_until([&] { return inbox_depth() == 0; })) << "the inbox did not drain";
        pump_until([] { return false; }, 30ms);
    }

    std::int64_t inbox_depth() { return m_store->inbox().depth("meta").value(); }

    std::optional<Item> item(std::string const& platform, std::string const& id) {
        auto const found = m_store->items().find("meta", platform, id).value();
        if (!found)
            return std::nullopt;
        return m_store->items().get(*found).value();
    }

    std::size_t item_count() { return m_store->items().list(ItemFilter{}).value().size(); }

    static inline FakeMeta* s_fake = nullptr;
    FakeMeta& m_fake = *s_fake;
    boost::asio::io_context m_io;
    CurlHttpClient m_http{m_io, 2};
    MetricsRegistry m_metrics;
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<StorePorts> m_ports;
    std::unique_ptr<SourceDeps> m_deps;
    std::unique_ptr<Source> m_source;
};

TEST_F(MetaSourceTest, VerificationWithTheRightTokenEchoesTheChallenge) {
    auto const answer = call("verify", {{"url", hook_url()},
                                        {"mode", "subscribe"},
                                        {"token", verify_token},
                                        {"challenge", "1158201444"}});
    EXPECT_EQ(answer["status"], 200);
    EXPECT_EQ(answer["body"], "1158201444");
    EXPECT_NE(answer["content_type"].get<std::string>().find("text/plain"), std::string::npos);
}

TEST_F(MetaSourceTest, VerificationWithAWrongTokenIsForbidden) {
    auto const answer = call("verify", {{"url", hook_url()},
                                        {"mode", "subscribe"},
                                        {"token", "meatyhamhocks"},
                                        {"challenge", "1158201444"}});
    EXPECT_EQ(answer["status"], 403);
    EXPECT_EQ(answer["body"].get<std::string>().find("1158201444"), std::string::npos);
}

TEST_F(MetaSourceTest, VerificationWithAnotherModeIsForbidden) {
    auto const answer = call("verify", {{"url", hook_url()},
                                        {"mode", "unsubscribe"},
                                        {"token", verify_token},
                                        {"challenge", "1158201444"}});
    EXPECT_EQ(answer["status"], 403);
}

TEST_F(MetaSourceTest, DeliveryWithoutSignatureIsRefusedAndNothingStored) {
    auto const answer = deliver("feed_comment_add.json", {{"signature", nullptr}});
    EXPECT_EQ(answer["status"], 401);
    EXPECT_EQ(inbox_depth(), 0);
    pump_until([] { return false; }, 30ms);
    EXPECT_EQ(item_count(), 0u);
}

TEST_F(MetaSourceTest, DeliveryWithAWrongSignatureIsRefused) {
    auto const answer = deliver("feed_comment_add.json",
                                {{"signature", "sha256=0e9e0080a310f376450c46d999aa4d49ed772bfe43c1"
                                               "3205f38a3a6e6611ed2b"}});
    EXPECT_EQ(answer["status"], 401);
    EXPECT_EQ(inbox_depth(), 0);
}

TEST_F(MetaSourceTest, SignatureOfAnotherBodyIsRefused) {
    auto const answer =
        deliver("feed_comment_add.json", {{"signature_body", R"({"object":"page","entry":[]})"}});
    EXPECT_EQ(answer["status"], 401);
    EXPECT_EQ(inbox_depth(), 0);
    pump_until([] { return false; }, 30ms);
    EXPECT_EQ(item_count(), 0u);
}

TEST_F(MetaSourceTest, SignatureFromAnotherAppSecretIsRefused) {
    auto const answer = deliver("feed_comment_add.json", {{"secret", "another-app"}});
    EXPECT_EQ(answer["status"], 401);
    EXPECT_EQ(inbox_depth(), 0);
}

TEST_F(MetaSourceTest, SignedDeliveryIsAnsweredAtOnceAndBecomesAnItem) {
    auto const answer = deliver("feed_comment_add.json");
    EXPECT_EQ(answer["status"], 200);
    settle();
    auto const stored = item("facebook", "998877_5551");
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->mention.text, "Is the shop open on Sunday?");
    EXPECT_EQ(stored->mention.source, "meta");
    EXPECT_EQ(m_source->status().state, "ok");
    EXPECT_EQ(m_source->status().mentions, 1);
    EXPECT_FALSE(m_chat.of_kind(OutboxKind::post_card).empty());
}

TEST_F(MetaSourceTest, MultiEntryBodyBecomesSeveralItems) {
    EXPECT_EQ(deliver("multi_entry.json")["status"], 200);
    settle();
    EXPECT_EQ(item_count(), 3u);
    EXPECT_TRUE(item("facebook", "998877_5560"));
    EXPECT_TRUE(item("messenger", "m_Multi789"));
    EXPECT_TRUE(item("facebook", "1122334456_112233"));
}

TEST_F(MetaSourceTest, DuplicateDeliveryMakesNoSecondItem) {
    EXPECT_EQ(deliver("feed_comment_add.json")["status"], 200);
    settle();
    EXPECT_EQ(deliver("feed_comment_add.json")["status"], 200);
    settle();
    EXPECT_EQ(item_count(), 1u);
    EXPECT_EQ(m_chat.of_kind(OutboxKind::post_card).size(), 1u);
}

TEST_F(MetaSourceTest, EditUpdatesTheItemTextAndItsCard) {
    deliver("feed_comment_add.json");
    settle();
    auto const cards_before = m_chat.of_kind(OutboxKind::update_card).size();
    EXPECT_EQ(deliver("feed_comment_edited.json")["status"], 200);
    settle();
    auto const stored = item("facebook", "998877_5551");
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->mention.text, "Is the shop open on Sunday afternoon?");
    EXPECT_GT(m_chat.of_kind(OutboxKind::update_card).size(), cards_before);
    EXPECT_EQ(item_count(), 1u);
}

TEST_F(MetaSourceTest, RemoveMarksTheItemDeletedByItsAuthor) {
    deliver("feed_comment_add.json");
    settle();
    EXPECT_EQ(deliver("feed_comment_remove.json")["status"], 200);
    settle();
    auto const stored = item("facebook", "998877_5551");
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(stored->deleted_by_author);
    EXPECT_EQ(stored->mention.text, "Is the shop open on Sunday?"); // never erased
}

TEST_F(MetaSourceTest, InstagramMentionIsFetchedThroughTheGraphApi) {
    m_fake.control("comment", {{"ig_user_id", "17841400000000001"},
                               {"comment_id", "17900000000000002"},
                               {"media_id", "18000000000000002"},
                               {"text", "@ourshop this arrived broken"},
                               {"timestamp", "2026-11-27T18:58:00+0000"},
                               {"permalink", "https://www.instagram.com/p/DAbCdEfGhIj/"}});
    EXPECT_EQ(deliver("instagram_mention.json")["status"], 200);
    settle();
    auto const stored = item("instagram", "17900000000000002");
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->mention.text, "@ourshop this arrived broken");
    EXPECT_EQ(stored->mention.url, "https://www.instagram.com/p/DAbCdEfGhIj/");
    EXPECT_EQ(stored->mention.kind, MentionKind::mention);
    auto const requests = m_fake.control("report")["requests"];
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0]["path"], "/v26.0/17841400000000001");
}

TEST_F(MetaSourceTest, GraphFailureIsRetriedLaterAndThenSucceeds) {
    m_fake.control("comment", {{"ig_user_id", "17841400000000001"},
                               {"comment_id", "17900000000000002"},
                               {"media_id", "18000000000000002"},
                               {"text", "@ourshop hello?"}});
    m_fake.control("fail", {{"count", 1}, {"status", 500}, {"code", 2}});
    EXPECT_EQ(deliver("instagram_mention.json")["status"], 200);
    ASSERT_TRUE(pump_until([&] { return m_source->status().errors == 1; }));
    EXPECT_FALSE(item("instagram", "17900000000000002"));
    EXPECT_EQ(inbox_depth(), 1);
    EXPECT_EQ(m_source->status().state, "backing_off");
    ASSERT_TRUE(m_source->status().next_attempt_at.has_value());

    m_timers->advance_to(*m_source->status().next_attempt_at);
    settle();
    EXPECT_TRUE(item("instagram", "17900000000000002"));
    EXPECT_EQ(m_source->status().state, "ok");
    EXPECT_EQ(m_fake.control("report")["requests"].size(), 2u);
}

TEST_F(MetaSourceTest, RejectedAccessTokenMakesTheSourceUnready) {
    m_fake.control("token", {{"token", "a-newer-token"}});
    m_fake.control("comment", {{"ig_user_id", "17841400000000001"},
                               {"comment_id", "17900000000000002"},
                               {"text", "@ourshop hello?"}});
    deliver("instagram_mention.json");
    ASSERT_TRUE(pump_until([&] { return m_source->status().errors == 1; }));
    EXPECT_FALSE(m_source->health().ready);
    EXPECT_NE(m_source->status().last_error.find("code 190"), std::string::npos);
    EXPECT_EQ(m_source->status().last_error.find(page_token), std::string::npos);
    EXPECT_EQ(inbox_depth(), 1); // kept for when the token is fixed
}

TEST_F(MetaSourceTest, UnprocessedDeliveryIsProcessedAfterARestart) {
    restart_all(/*start=*/false);
    EXPECT_EQ(deliver("messenger_message.json")["status"], 200);
    EXPECT_EQ(inbox_depth(), 1);
    EXPECT_FALSE(item("messenger", "m_AbCdEf123"));

    restart_all();
    settle();
    auto const stored = item("messenger", "m_AbCdEf123");
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->mention.kind, MentionKind::dm);
}

TEST_F(MetaSourceTest, OwnEchoesMakeNoItem) {
    EXPECT_EQ(deliver("messenger_echo.json")["status"], 200);
    settle();
    EXPECT_EQ(item_count(), 0u);
}

TEST(MetaSourceSettings, MissingVerifyTokenNamesItsPath) {
    ::setenv("SB_META_TEST_APP_SECRET", app_secret, 1);
    config::Source source;
    source.id = "fb";
    source.type = "meta";
    source.settings = {{"type", "meta"}, {"app_secret", {{"env", "SB_META_TEST_APP_SECRET"}}}};
    config::Config config;
    boost::asio::io_context io;
    ManualClock clock;
    ManualTimers timers(clock);
    CurlHttpClient http(io, 1);
    MetricsRegistry metrics;
    auto server = HttpServer::create(io, "127.0.0.1", 0);
    ASSERT_TRUE(server.has_value());
    struct NoSink : MentionSink {
        Result<IngestOutcome> ingest(Mention const&) override { return IngestOutcome{}; }
    } sink;
    auto const dir = std::filesystem::temp_directory_path() /
                     ("sb-meta-settings-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(dir);
    Store store(dir.string());
    StorePorts ports(store);
    SourceDeps deps{io,          config,  clock,    timers, http, ports.cursors,
                    ports.inbox, metrics, **server, sink};
    auto made = meta_source_entry().make(source, deps);
    ASSERT_FALSE(made.has_value());
    EXPECT_EQ(made.error().context, "/sources/fb/verify_token");

    source.settings["verify_token"] = {{"env", "SB_META_TEST_APP_SECRET"}};
    source.settings["grpah_url"] = "https://graph.facebook.com/v26.0";
    made = meta_source_entry().make(source, deps);
    ASSERT_FALSE(made.has_value());
    EXPECT_NE(made.error().message.find("did you mean 'graph_url'"), std::string::npos);
    http.stop();
    std::filesystem::remove(dir);
}

} // namespace
} // namespace sb::test

namespace sb::test {
namespace {

// The fake refuses what the Graph API refuses, with its documented error bodies.
TEST(FakeMetaContract, GraphRejectsMissingAndWrongAccessTokens) {
    FakeMeta fake;
    auto const path =
        fake.graph_url() + "/17841400000000001?fields=mentioned_comment.comment_id(1){id,text}";
    OutboundRequest request;
    request.url = path;
    auto missing = perform_http(request);
    ASSERT_TRUE(missing.has_value());
    EXPECT_EQ(missing->status, 400);
    auto const missing_body = nlohmann::json::parse(missing->body);
    EXPECT_EQ(missing_body["error"]["type"], "OAuthException");
    EXPECT_EQ(missing_body["error"]["code"], 104);

    request.url = path + "&access_token=not-the-token";
    auto wrong = perform_http(request);
    ASSERT_TRUE(wrong.has_value());
    EXPECT_EQ(wrong->status, 400);
    auto const wrong_body = nlohmann::json::parse(wrong->body);
    EXPECT_EQ(wrong_body["error"]["type"], "OAuthException");
    EXPECT_EQ(wrong_body["error"]["code"], 190);
    EXPECT_TRUE(wrong_body["error"].contains("fbtrace_id"));
}

TEST(FakeMetaContract, GraphRejectsUndocumentedFieldsOfAMentionedComment) {
    FakeMeta fake;
    fake.control("comment", {{"ig_user_id", "1"}, {"comment_id", "2"}, {"text", "hi"}});
    OutboundRequest request;
    request.url = fake.graph_url() +
                  "/1?fields=mentioned_comment.comment_id(2){id,username}&access_token=page-token";
    auto answer = perform_http(request);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 400);
    EXPECT_EQ(nlohmann::json::parse(answer->body)["error"]["code"], 100);
}

} // namespace
} // namespace sb::test
