// SPDX-License-Identifier: Apache-2.0
// The X poller against the contract fake of the mentions timeline over real HTTP, in simulated
// time.
#include "adapters/sources/x/x_source.hpp"

#include "adapters/net/http_client/curl_http_client.hpp"
#include "tests/sources_polling/fake_service.hpp"
#include "tests/sources_polling/polling_harness.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char const* bearer = "AAAAAAAAAAAAAAAAAAAAAFakeBearerToken";
constexpr char const* our_id = "2244994945";

json post(std::string const& text) {
    return {{"text", "@brand " + text}, {"author", {{"id", "1001"}, {"username", "alice"}}}};
}

class XSourceTest : public ::testing::Test {
protected:
    XSourceSettings settings(std::string const& token = bearer) {
        XSourceSettings s;
        s.id = "x";
        s.api_url = fake.url();
        s.bearer_token = token;
        s.user_id = our_id;
        s.interval = 120s;
        s.account = "brand";
        return s;
    }
    void start(XSourceSettings s) {
        auto deps = harness.deps();
        source = create_x_source(std::move(s), deps);
        source->start();
    }
    void start() { start(settings()); }
    std::vector<std::string> texts() {
        std::vector<std::string> out;
        for (auto const& id : harness.sink.order)
            out.push_back(harness.sink.items.at({"x", id}).text);
        return out;
    }
    std::string last_query() { return fake.requests().back()["query"].get<std::string>(); }

    test::FakeService fake{X_FAKE_SCRIPT};
    test::PollingHarness harness;
    std::unique_ptr<Source> source;
};

TEST_F(XSourceTest, FirstRunTakesTheNewestPageAndStoresNewestId) {
    auto added = fake.control("post", json::array({post("one"), post("two")}))["posts"];
    start();
    harness.poll_now();
    EXPECT_EQ(texts(), (std::vector<std::string>{"@brand one", "@brand two"}));
    auto const& first = harness.sink.items.at({"x", added[0]["id"]});
    EXPECT_EQ(first.author, "@alice");
    EXPECT_EQ(first.account, "brand");
    EXPECT_EQ(harness.store->cursors().cursor("x").value(), added[1]["id"].get<std::string>());
    EXPECT_EQ(last_query().find("since_id"), std::string::npos);
    EXPECT_NE(last_query().find("expansions=author_id"), std::string::npos);
    EXPECT_EQ(harness.next_poll(), harness.clock.now() + 120s);
}

TEST_F(XSourceTest, NextPollAsksSinceTheStoredIdAndDeduplicates) {
    auto first = fake.control("post", post("old"))["posts"][0]["id"].get<std::string>();
    start();
    harness.poll_now();
    fake.control("post", post("new"));
    harness.poll_at(harness.next_poll());
    EXPECT_NE(last_query().find("since_id=" + first), std::string::npos) << last_query();
    EXPECT_EQ(texts(), (std::vector<std::string>{"@brand old", "@brand new"}));
    auto calls = harness.sink.calls.size();
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(harness.sink.calls.size(), calls);
}

TEST_F(XSourceTest, PagesAreFollowedAndTheCursorMovesAtTheEnd) {
    fake.control("post", post("seen"));
    auto s = settings();
    s.page_size = 5;
    s.pages_per_poll = 2;
    start(s);
    harness.poll_now();
    auto stored = harness.store->cursors().cursor("x").value();
    json batch = json::array();
    for (int i = 1; i <= 12; ++i)
        batch.push_back(post("backlog " + std::to_string(i)));
    auto added = fake.control("post", batch)["posts"];

    harness.poll_at(harness.next_poll());
    EXPECT_EQ(harness.sink.items.size(), 11u) << "two pages of five";
    EXPECT_EQ(harness.store->cursors().cursor("x").value(), stored);
    EXPECT_NE(last_query().find("pagination_token="), std::string::npos);
    EXPECT_EQ(harness.next_poll(), harness.clock.now());

    harness.poll_now();
    EXPECT_EQ(harness.sink.items.size(), 13u);
    EXPECT_EQ(harness.store->cursors().cursor("x").value(), added[11]["id"].get<std::string>());
}

TEST_F(XSourceTest, EditUpdatesTheOriginalItem) {
    auto original =
        fake.control("post", post("order 1234 is late"))["posts"][0]["id"].get<std::string>();
    start();
    harness.poll_now();
    fake.control("edit", {{"id", original}, {"text", "@brand order 1235 is late"}});
    harness.poll_at(harness.next_poll());
    ASSERT_EQ(harness.sink.items.size(), 1u);
    EXPECT_EQ(harness.sink.items.at({"x", original}).text, "@brand order 1235 is late");
    EXPECT_EQ(harness.sink.edits, 1);
    EXPECT_EQ(harness.sink.calls.back().change, MentionChange::edited);
}

TEST_F(XSourceTest, RateLimitDelaysTheNextPollUntilTheReset) {
    start();
    harness.poll_now();
    auto reset = harness.clock.now() + 14min;
    fake.control("rate_limit", {{"count", 1}, {"reset", reset.time_since_epoch().count()}});
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(harness.next_poll(), reset);
    EXPECT_EQ(source->status().errors, 1);
    fake.control("post", post("after the limit"));
    harness.poll_at(reset);
    EXPECT_EQ(texts(), (std::vector<std::string>{"@brand after the limit"}));
}

TEST_F(XSourceTest, LastRequestOfTheWindowHoldsTheNextPollUntilTheReset) {
    start();
    harness.poll_now();
    auto reset = harness.clock.now() + 9min;
    fake.control("quota", {{"remaining", 1}, {"reset", reset.time_since_epoch().count()}});
    fake.control("post", post("last one in the window"));
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"@brand last one in the window"}));
    EXPECT_EQ(harness.next_poll(), reset);
    EXPECT_EQ(source->status().errors, 0) << "a spent window is not an error";
}

TEST_F(XSourceTest, RejectedBearerTokenIsFatal) {
    start(settings("not-the-token"));
    harness.poll_now();
    auto health = source->health();
    EXPECT_FALSE(health.ready);
    EXPECT_NE(health.reason.find("bearer token"), std::string::npos) << health.reason;
    EXPECT_NE(health.reason.find("401"), std::string::npos) << health.reason;
    EXPECT_EQ(health.reason.find("not-the-token"), std::string::npos) << "never the secret";
}

TEST_F(XSourceTest, UnknownUserIdIsFatal) {
    auto s = settings();
    s.user_id = "1234567";
    start(s);
    harness.poll_now();
    EXPECT_FALSE(source->health().ready);
    EXPECT_NE(source->health().reason.find("user_id"), std::string::npos);
}

TEST_F(XSourceTest, ServerErrorIsRetriedWithBackOff) {
    start();
    harness.poll_now();
    fake.control("server_error", {{"count", 1}});
    fake.control("post", post("after the outage"));
    harness.poll_at(harness.next_poll());
    EXPECT_TRUE(harness.sink.items.empty());
    EXPECT_LT(harness.next_poll(), harness.clock.now() + 120s);
    EXPECT_TRUE(source->health().ready) << "one failure is not yet a red /readyz";
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"@brand after the outage"}));
}

TEST_F(XSourceTest, FailedIngestRereadsAndTheCoreDropsDuplicates) {
    start();
    harness.poll_now();
    fake.control("post", json::array({post("a"), post("b")}));
    harness.sink.failing = true;
    harness.poll_at(harness.next_poll());
    harness.sink.failing = false;
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"@brand a", "@brand b"}));
}

TEST_F(XSourceTest, RestartResumesFromTheStoredCursor) {
    fake.control("post", post("before restart"));
    start();
    harness.poll_now();
    source.reset();
    harness.reopen_store();
    fake.control("post", post("while down"));
    start();
    harness.poll_now();
    EXPECT_EQ(texts(), (std::vector<std::string>{"@brand before restart", "@brand while down"}));
    EXPECT_EQ(harness.sink.calls.size(), 2u);
}

TEST_F(XSourceTest, FakeRejectsWhatTheApiRejects) {
    auto get = [&](std::string const& query, std::string const& token) {
        OutboundRequest request;
        request.url = fake.url() + "/2/users/" + our_id + "/mentions" + query;
        request.headers.emplace_back("Authorization", "Bearer " + token);
        auto response = perform_http(request);
        EXPECT_TRUE(response.has_value());
        return std::make_pair(response->status, json::parse(response->body));
    };
    auto [unauthorised, problem] = get("", "wrong");
    EXPECT_EQ(unauthorised, 401);
    EXPECT_EQ(problem, json::parse(R"({"title":"Unauthorized","type":"about:blank","status":401,)"
                                   R"("detail":"Unauthorized"})"));
    auto [too_few, too_few_body] = get("?max_results=3", bearer);
    EXPECT_EQ(too_few, 400);
    EXPECT_EQ(too_few_body["title"], "Invalid Request");
    auto [bad_token, bad_token_body] = get("?pagination_token=zzz", bearer);
    EXPECT_EQ(bad_token, 400);
    auto [unknown, unknown_body] = get("?sinceid=1", bearer);
    EXPECT_EQ(unknown, 400);
}

} // namespace
} // namespace sb
