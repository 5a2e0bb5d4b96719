// SPDX-License-Identifier: Apache-2.0
// The generic webhook source over a real server: authentication, limits, parsing, ingestion.
#include "adapters/sources/webhook/webhook_adapter.hpp"
#include "adapters/sources/webhook/webhook_wire.hpp"
#include "bot/http/http_server.hpp"

#include "tests/support/http_client.hpp"
#include "tests/support/loop_thread.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace sb {
namespace {

using nlohmann::json;
using test::http_request;
using test::webhook_signature;

constexpr char const* secret = "s3cret";

// Stores mentions in memory, deduplicated by (platform, external id) like the real core.
class FakeSink final : public MentionSink {
public:
    Result<IngestOutcome> ingest(Mention const& mention) override {
        std::lock_guard lock(m_mutex);
        ++m_calls;
        if (m_failing)
            return unexpected(ErrorCode::unavailable, "database is locked", "store");
        for (std::size_t i = 0; i < m_mentions.size(); ++i) {
            if (m_mentions[i].platform == mention.platform &&
                m_mentions[i].external_id == mention.external_id)
                return IngestOutcome{static_cast<ItemId>(i + 1), false};
        }
        m_mentions.push_back(mention);
        return IngestOutcome{static_cast<ItemId>(m_mentions.size()), true};
    }

    int calls() const {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }
    std::vector<Mention> mentions() const {
        std::lock_guard lock(m_mutex);
        return m_mentions;
    }
    void set_failing(bool failing) {
        std::lock_guard lock(m_mutex);
        m_failing = failing;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<Mention> m_mentions;
    int m_calls = 0;
    bool m_failing = false;
};

json valid_body(std::string id = "m-1") {
    return {{"id", id},
            {"platform", "instagram"},
            {"author", "@alice"},
            {"text", "Where is my order?"},
            {"url", "https://example.com/p/1"},
            {"created_at", "2026-12-24T19:30:00+01:00"}};
}

class WebhookTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto created = HttpServer::create(loop.io(), "127.0.0.1", 0);
        ASSERT_TRUE(created.has_value()) << created.error().to_string();
        server = std::move(created).value();
        WebhookSourceSettings demo{"demo", secret, 4096, 600};
        WebhookSourceSettings other{"other", "another secret", 1024 * 1024, 600};
        WebhookSourceSettings limited{"limited", secret, 4096, 2};
        WebhookSourceSettings stamped{"stamped", secret, 4096, 600, true};
        for (auto const& settings : {demo, other, limited, stamped})
            sources.push_back(
                std::make_unique<WebhookSource>(settings, *server, sink, clock, metrics));
        server->start();
        loop.start();
    }
    void TearDown() override { loop.stop(); }

    test::HttpResult post(std::string const& source, std::string const& body,
                          std::string const& key = secret) {
        return http_request("127.0.0.1", server->port(), "POST", "/hooks/" + source, body,
                            {{"X-Switchboard-Signature", webhook_signature(key, body)},
                             {"Content-Type", "application/json"}});
    }

    // A request with X-Switchboard-Timestamp, signed over signed_text ("<ts>.<body>" when valid).
    test::HttpResult post_stamped(std::string const& source, std::string const& body,
                                  std::string const& timestamp, std::string const& signed_text) {
        return http_request("127.0.0.1", server->port(), "POST", "/hooks/" + source, body,
                            {{"X-Switchboard-Signature", webhook_signature(secret, signed_text)},
                             {"X-Switchboard-Timestamp", timestamp},
                             {"Content-Type", "application/json"}});
    }
    std::string now_text() const { return std::to_string(clock.now().time_since_epoch().count()); }

    test::LoopThread loop;
    FakeSink sink;
    test::ManualClock clock{Instant(Seconds(1'800'000'000))};
    MetricsRegistry metrics;
    std::unique_ptr<HttpServer> server;
    std::vector<std::unique_ptr<WebhookSource>> sources;
};

TEST_F(WebhookTest, NewMentionIs202WithItemIdThenDuplicateIs200) {
    auto const first = post("demo", valid_body().dump());
    ASSERT_EQ(first.status, 202) << first.body << first.error;
    EXPECT_EQ(json::parse(first.body), json({{"item_id", 1}}));
    auto const second = post("demo", valid_body().dump());
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(json::parse(second.body), json({{"item_id", 1}, {"duplicate", true}}));

    auto const stored = sink.mentions();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].source, "demo");
    EXPECT_EQ(stored[0].platform, "instagram");
    EXPECT_EQ(stored[0].external_id, "m-1");
    EXPECT_EQ(stored[0].author, "@alice");
    EXPECT_EQ(stored[0].created_at, Instant(Seconds(1'798'137'000)));

    auto const text = metrics.render();
    EXPECT_NE(
        text.find(R"(switchboard_webhook_mentions_total{outcome="accepted",source="demo"} 1)"),
        std::string::npos)
        << text;
    EXPECT_NE(
        text.find(R"(switchboard_webhook_mentions_total{outcome="duplicate",source="demo"} 1)"),
        std::string::npos);
}

TEST_F(WebhookTest, MissingSignatureIs401AndNeverReachesTheSink) {
    auto const result =
        http_request("127.0.0.1", server->port(), "POST", "/hooks/demo", valid_body().dump());
    EXPECT_EQ(result.status, 401) << result.body;
    EXPECT_NE(result.body.find("X-Switchboard-Signature"), std::string::npos);
    EXPECT_EQ(sink.calls(), 0);
}

TEST_F(WebhookTest, WrongSignatureIs401AndNeverReachesTheSink) {
    EXPECT_EQ(post("demo", valid_body().dump(), "wrong secret").status, 401);
    // Another source's secret must not open this one.
    EXPECT_EQ(post("demo", valid_body().dump(), "another secret").status, 401);
    auto const body = valid_body().dump();
    auto const tampered =
        http_request("127.0.0.1", server->port(), "POST", "/hooks/demo", body + " ",
                     {{"X-Switchboard-Signature", webhook_signature(secret, body)}});
    EXPECT_EQ(tampered.status, 401);
    EXPECT_EQ(sink.calls(), 0);
    EXPECT_NE(metrics.render().find(
                  R"(switchboard_webhook_rejected_total{reason="bad_signature",source="demo"} 3)"),
              std::string::npos);
}

TEST_F(WebhookTest, SignatureIsCheckedBeforeTheBodyIsParsed) {
    auto const result = post("demo", "not json at all", "wrong secret");
    EXPECT_EQ(result.status, 401);
}

TEST_F(WebhookTest, UpperCaseHexSignatureIsAccepted) {
    auto const body = valid_body().dump();
    auto signature = webhook_signature(secret, body);
    for (auto& c : signature)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto const result = http_request("127.0.0.1", server->port(), "POST", "/hooks/demo", body,
                                     {{"X-Switchboard-Signature", signature}});
    EXPECT_EQ(result.status, 202) << result.body;
}

TEST_F(WebhookTest, EachMissingRequiredFieldIs400NamingIt) {
    for (auto const* field : {"id", "platform", "author", "text", "url", "created_at"}) {
        auto body = valid_body();
        body.erase(field);
        auto const result = post("demo", body.dump());
        EXPECT_EQ(result.status, 400) << field;
        EXPECT_EQ(json::parse(result.body).at("error"),
                  std::string("missing field '") + field + "'");
        EXPECT_EQ(json::parse(result.body).at("field"), field);
    }
    EXPECT_EQ(sink.calls(), 0);
}

TEST_F(WebhookTest, MalformedJsonIs400WithThePosition) {
    auto const result = post("demo", R"({"id": "1", oops})");
    ASSERT_EQ(result.status, 400);
    auto const message = json::parse(result.body).at("error").get<std::string>();
    EXPECT_EQ(message.rfind("body is not JSON: ", 0), 0u) << message;
    EXPECT_NE(message.find("at byte 13"), std::string::npos) << message;
}

TEST_F(WebhookTest, UnknownSourceIs404NamingIt) {
    auto const result = post("nosuch", valid_body().dump());
    ASSERT_EQ(result.status, 404);
    EXPECT_EQ(json::parse(result.body), json({{"error", "unknown source 'nosuch'"}}));
    EXPECT_EQ(sink.calls(), 0);
}

TEST_F(WebhookTest, BodyOverTheSourceLimitIs413) {
    auto body = valid_body();
    body["text"] = std::string(5000, 'x');
    EXPECT_EQ(post("demo", body.dump()).status, 413);
    // The same body fits the other source's larger limit.
    EXPECT_EQ(post("other", body.dump(), "another secret").status, 202);
}

TEST_F(WebhookTest, OverTheRateLimitIs429UntilTheClockMovesOn) {
    EXPECT_EQ(post("limited", valid_body("a").dump()).status, 202);
    EXPECT_EQ(post("limited", valid_body("b").dump()).status, 202);
    auto const limited = post("limited", valid_body("c").dump());
    ASSERT_EQ(limited.status, 429);
    EXPECT_EQ(limited.header("Retry-After"), "30");
    // Other sources keep their own allowance.
    EXPECT_EQ(post("demo", valid_body("d").dump()).status, 202);

    clock.advance(Seconds(29));
    EXPECT_EQ(post("limited", valid_body("c").dump()).status, 429);
    clock.advance(Seconds(1));
    EXPECT_EQ(post("limited", valid_body("c").dump()).status, 202);
    EXPECT_EQ(sink.calls(), 4);
    EXPECT_NE(
        metrics.render().find(
            R"(switchboard_webhook_rejected_total{reason="rate_limited",source="limited"} 2)"),
        std::string::npos);
}

TEST_F(WebhookTest, StoreFailureIs503WithRetryAfter) {
    sink.set_failing(true);
    auto const result = post("demo", valid_body().dump());
    EXPECT_EQ(result.status, 503);
    EXPECT_FALSE(result.header("Retry-After").empty());
}

TEST_F(WebhookTest, UnknownFieldsAreKeptInExtraJson) {
    auto body = valid_body();
    body["campaign"] = "winter";
    body["nested"] = {{"a", 1}};
    ASSERT_EQ(post("demo", body.dump()).status, 202);
    auto const stored = sink.mentions();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(json::parse(stored[0].extra_json),
              json({{"campaign", "winter"}, {"nested", {{"a", 1}}}}));
}

TEST_F(WebhookTest, GetOnAHookIs405) {
    auto const result = http_request("127.0.0.1", server->port(), "GET", "/hooks/demo");
    EXPECT_EQ(result.status, 405);
    EXPECT_EQ(result.header("Allow"), "POST");
}

// The parser alone, without HTTP.

TEST(WebhookWire, OptionalFieldsAreMapped) {
    auto body = valid_body();
    body["id"] = 12345;
    body["kind"] = "review";
    body["rating"] = 2;
    body["language"] = "de";
    body["parent_id"] = "p-9";
    body["account"] = "our-page";
    body["change"] = "deleted";
    auto const mention = parse_webhook_mention(body.dump(), "demo");
    ASSERT_TRUE(mention.has_value()) << mention.error().to_string();
    EXPECT_EQ(mention->external_id, "12345");
    EXPECT_EQ(mention->kind, MentionKind::review);
    EXPECT_EQ(mention->rating, 2);
    EXPECT_EQ(mention->language, "de");
    EXPECT_EQ(mention->parent_id, "p-9");
    EXPECT_EQ(mention->account, "our-page");
    EXPECT_EQ(mention->change, MentionChange::deleted);
    EXPECT_EQ(mention->extra_json, "{}");
}

TEST(WebhookWire, DefaultsAreMentionAndCreated) {
    auto const mention = parse_webhook_mention(valid_body().dump(), "demo");
    ASSERT_TRUE(mention.has_value());
    EXPECT_EQ(mention->kind, MentionKind::mention);
    EXPECT_EQ(mention->change, MentionChange::created);
    EXPECT_FALSE(mention->rating.has_value());
}

TEST(WebhookWire, InvalidFieldsAreRefusedNamingTheField) {
    struct Case {
        char const* field;
        json value;
        char const* message_start;
    };
    std::vector<Case> const cases{
        {"created_at", "yesterday", "'created_at' is not a time"},
        {"rating", 6, "'rating' is 6"},
        {"rating", "five", "'rating' must be an integer"},
        {"kind", "tweet", "'kind' is 'tweet'; expected one of comment, mention, dm, review, post"},
        {"author", 42, "'author' must be a string"},
        {"id", 1.5, "'id' must be a string or an integer"},
        {"id", "", "'id' is empty"},
    };
    for (auto const& test_case : cases) {
        auto body = valid_body();
        body[test_case.field] = test_case.value;
        auto const mention = parse_webhook_mention(body.dump(), "demo");
        ASSERT_FALSE(mention.has_value()) << test_case.field;
        EXPECT_EQ(mention.error().code, ErrorCode::invalid_argument);
        EXPECT_EQ(mention.error().message.rfind(test_case.message_start, 0), 0u)
            << mention.error().message;
        EXPECT_EQ(mention.error().context, test_case.field);
    }
}

TEST(WebhookWire, NonObjectAndDeeplyNestedBodiesAreRefused) {
    auto const array = parse_webhook_mention("[1,2]", "demo");
    ASSERT_FALSE(array.has_value());
    EXPECT_EQ(array.error().message, "body is a JSON array; expected an object");

    auto body = valid_body();
    std::string const deep = std::string(100, '[') + std::string(100, ']');
    auto text = body.dump();
    text.insert(text.size() - 1, R"(,"deep":)" + deep);
    auto const nested = parse_webhook_mention(text, "demo");
    ASSERT_FALSE(nested.has_value());
    EXPECT_NE(nested.error().message.find("nests deeper"), std::string::npos);
}

TEST(WebhookWire, NumberTooLargeForADoubleIsRefusedNotThrown) {
    auto const mention = parse_webhook_mention(R"({"id": 1e999})", "demo");
    ASSERT_FALSE(mention.has_value());
    EXPECT_EQ(mention.error().message.rfind("body is not JSON: number overflow", 0), 0u)
        << mention.error().message;
}

TEST(WebhookWire, EmptyBodyIsNotJson) {
    auto const mention = parse_webhook_mention("", "demo");
    ASSERT_FALSE(mention.has_value());
    EXPECT_EQ(mention.error().message.rfind("body is not JSON: ", 0), 0u);
}

TEST_F(WebhookTest, ReplayedStampedRequestOutsideTheWindowIs401) {
    // A captured request, correctly signed, sent again six minutes later.
    auto const body = valid_body("replayed").dump();
    auto const old = std::to_string(clock.now().time_since_epoch().count() - 360);
    auto const result = post_stamped("demo", body, old, old + "." + body);
    EXPECT_EQ(result.status, 401) << result.body;
    EXPECT_NE(result.body.find("within 5 minutes"), std::string::npos) << result.body;
    EXPECT_EQ(sink.calls(), 0);
    auto const future = std::to_string(clock.now().time_since_epoch().count() + 360);
    EXPECT_EQ(post_stamped("demo", body, future, future + "." + body).status, 401);
    EXPECT_EQ(post_stamped("demo", body, "12abc", "12abc." + body).status, 401);
}

TEST_F(WebhookTest, StampedRequestSignedOverTimestampAndBodyIsAccepted) {
    auto const body = valid_body("stamped-1").dump();
    auto const ts = now_text();
    auto const result = post_stamped("stamped", body, ts, ts + "." + body);
    EXPECT_EQ(result.status, 202) << result.body;
    // Four minutes off is inside the window.
    auto const near = std::to_string(clock.now().time_since_epoch().count() - 240);
    auto const body2 = valid_body("stamped-2").dump();
    EXPECT_EQ(post_stamped("demo", body2, near, near + "." + body2).status, 202);
}

TEST_F(WebhookTest, TimestampHeaderWithSignatureOverBodyOnlyIs401) {
    auto const body = valid_body("body-only").dump();
    auto const result = post_stamped("demo", body, now_text(), body);
    EXPECT_EQ(result.status, 401) << result.body;
    EXPECT_NE(result.body.find("<timestamp>.<body>"), std::string::npos) << result.body;
    EXPECT_EQ(sink.calls(), 0);
}

TEST_F(WebhookTest, SourceThatRequiresATimestampRefusesARequestWithout) {
    auto const result = post("stamped", valid_body("no-ts").dump());
    EXPECT_EQ(result.status, 401) << result.body;
    EXPECT_NE(result.body.find("X-Switchboard-Timestamp"), std::string::npos) << result.body;
    EXPECT_EQ(sink.calls(), 0);
    // A source that does not require one still takes the old form.
    EXPECT_EQ(post("demo", valid_body("no-ts").dump()).status, 202);
}

} // namespace
} // namespace sb
