// SPDX-License-Identifier: Apache-2.0
// The Bluesky poller against the contract fake PDS over real HTTP, in simulated time.
#include "adapters/sources/bluesky/bluesky_source.hpp"

#include "adapters/net/http_client/curl_http_client.hpp"
#include "tests/sources_polling/fake_service.hpp"
#include "tests/sources_polling/polling_harness.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char const* password = "abcd-efgh-ijkl-mnop";

json note(std::string const& reason, std::string const& text,
          std::string const& handle = "alice.bsky.social") {
    return {
        {"reason", reason},
        {"text", text},
        {"author", {{"handle", handle}, {"did", "did:plc:" + handle.substr(0, handle.find('.'))}}}};
}

class BlueskySourceTest : public ::testing::Test {
protected:
    BlueskySourceSettings settings(std::string const& app_password = password) {
        BlueskySourceSettings s;
        s.id = "bsky";
        s.service_url = fake.url();
        s.identifier = "brand.bsky.social";
        s.app_password = app_password;
        s.interval = 60s;
        s.account = "brand.bsky.social";
        return s;
    }
    void start(BlueskySourceSettings s) {
        auto deps = harness.deps();
        source = create_bluesky_source(std::move(s), deps);
        source->start();
    }
    void start() { start(settings()); }
    int list_calls() {
        int count = 0;
        for (auto const& request : fake.requests())
            count += request["path"] == "/xrpc/app.bsky.notification.listNotifications";
        return count;
    }
    std::vector<std::string> texts() {
        std::vector<std::string> out;
        for (auto const& id : harness.sink.order)
            out.push_back(harness.sink.items.at({"bluesky", id}).text);
        return out;
    }

    test::FakeService fake{BLUESKY_FAKE_SCRIPT};
    test::PollingHarness harness;
    std::unique_ptr<Source> source;
};

TEST_F(BlueskySourceTest, FirstRunTakesTheNewestPageOfMentionsRepliesAndQuotes) {
    fake.control("notify",
                 json::array({note("mention", "one"), note("like", ""), note("reply", "two"),
                              note("follow", ""), note("quote", "three")}));
    start();
    harness.poll_now();
    EXPECT_EQ(texts(), (std::vector<std::string>{"one", "two", "three"}));
    auto const& first = harness.sink.items.begin()->second;
    EXPECT_EQ(first.platform, "bluesky");
    EXPECT_EQ(first.source, "bsky");
    EXPECT_TRUE(harness.store->cursors().cursor("bsky").value().has_value());
    EXPECT_EQ(fake.control("report")["sessions_created"], 1);
    EXPECT_EQ(harness.next_poll(), harness.clock.now() + 60s);
    EXPECT_TRUE(source->health().ready);
    EXPECT_EQ(source->status().mentions, 3);
}

TEST_F(BlueskySourceTest, LaterPollsStopAtTheLastSeenNotification) {
    fake.control("notify", note("mention", "old"));
    start();
    harness.poll_now();
    fake.control("notify", json::array({note("mention", "new 1"), note("reply", "new 2")}));
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"old", "new 1", "new 2"}));
    auto calls = harness.sink.calls.size();
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(harness.sink.calls.size(), calls) << "nothing new: nothing handed to the core";
    EXPECT_EQ(fake.control("report")["sessions_created"], 1) << "the session is reused";
}

TEST_F(BlueskySourceTest, BacklogIsReadPageByPageBackToTheLastSeen) {
    fake.control("notify", note("mention", "seen"));
    auto s = settings();
    s.page_limit = 2;
    s.pages_per_poll = 2;
    start(s);
    harness.poll_now();
    json batch = json::array();
    for (int i = 1; i <= 7; ++i)
        batch.push_back(note("mention", "backlog " + std::to_string(i)));
    fake.control("notify", batch);
    auto const stored = harness.store->cursors().cursor("bsky").value();

    harness.poll_at(harness.next_poll());
    EXPECT_EQ(harness.sink.items.size(), 5u) << "two pages of two";
    EXPECT_EQ(harness.store->cursors().cursor("bsky").value(), stored)
        << "cursor moves only once the backlog is read";
    EXPECT_EQ(harness.next_poll(), harness.clock.now()) << "more: the next poll is at once";

    harness.poll_now();
    EXPECT_EQ(harness.sink.items.size(), 8u);
    EXPECT_NE(harness.store->cursors().cursor("bsky").value(), stored);
    auto calls = harness.sink.calls.size();
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(harness.sink.calls.size(), calls);
    bool paged = false;
    for (auto const& request : fake.requests())
        paged |= request["query"].get<std::string>().find("cursor=") != std::string::npos;
    EXPECT_TRUE(paged);
}

TEST_F(BlueskySourceTest, ExpiredAccessTokenIsRefreshed) {
    start();
    harness.poll_now();
    fake.control("expire_access", json::object());
    fake.control("notify", note("mention", "after expiry"));
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"after expiry"}));
    auto report = fake.control("report");
    EXPECT_EQ(report["refreshes"], 1);
    EXPECT_EQ(report["sessions_created"], 1);
    EXPECT_TRUE(source->health().ready);
}

TEST_F(BlueskySourceTest, RefusedRefreshSignsInAgain) {
    start();
    harness.poll_now();
    fake.control("expire_access", json::object());
    fake.control("revoke_refresh", json::object());
    fake.control("notify", note("mention", "after revocation"));
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"after revocation"}));
    EXPECT_EQ(fake.control("report")["sessions_created"], 2);
}

TEST_F(BlueskySourceTest, WrongAppPasswordIsFatalWithAClearReason) {
    start(settings("wrong-password"));
    harness.poll_now();
    auto health = source->health();
    EXPECT_FALSE(health.ready);
    EXPECT_NE(health.reason.find("refused the sign-in"), std::string::npos) << health.reason;
    EXPECT_NE(health.reason.find("AuthenticationRequired"), std::string::npos) << health.reason;
    EXPECT_EQ(health.reason.find("wrong-password"), std::string::npos) << "never the secret";
    EXPECT_EQ(list_calls(), 0);
}

TEST_F(BlueskySourceTest, RateLimitDelaysTheNextPollUntilTheReset) {
    start();
    harness.poll_now();
    auto reset = harness.clock.now() + 10min;
    fake.control("rate_limit", {{"count", 1}, {"reset", reset.time_since_epoch().count()}});
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(harness.next_poll(), reset);
    EXPECT_EQ(source->status().errors, 1);
    fake.control("notify", note("mention", "after the limit"));
    harness.poll_at(reset);
    EXPECT_EQ(texts(), (std::vector<std::string>{"after the limit"}));
}

TEST_F(BlueskySourceTest, ServerErrorIsRetriedWithBackOff) {
    start();
    harness.poll_now();
    fake.control("server_error", {{"count", 1}});
    fake.control("notify", note("mention", "after the outage"));
    auto before = harness.clock.now();
    harness.poll_at(harness.next_poll());
    EXPECT_LT(harness.next_poll(), harness.clock.now() + 60s)
        << "a back-off shorter than the interval";
    EXPECT_GT(harness.next_poll(), before);
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"after the outage"}));
}

TEST_F(BlueskySourceTest, FailedIngestRereadsAndTheCoreDropsDuplicates) {
    start();
    harness.poll_now();
    fake.control("notify", json::array({note("mention", "a"), note("mention", "b")}));
    harness.sink.failing = true;
    harness.poll_at(harness.next_poll());
    EXPECT_TRUE(harness.sink.items.empty());
    harness.sink.failing = false;
    harness.poll_at(harness.next_poll());
    EXPECT_EQ(texts(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(harness.sink.calls.size(), 3u) << "one failed call, then both";
}

TEST_F(BlueskySourceTest, RestartResumesFromTheStoredCursor) {
    fake.control("notify", note("mention", "before restart"));
    start();
    harness.poll_now();
    source.reset();
    harness.reopen_store();
    fake.control("notify", note("mention", "while down"));
    start();
    harness.poll_now();
    EXPECT_EQ(texts(), (std::vector<std::string>{"before restart", "while down"}));
    EXPECT_EQ(harness.sink.calls.size(), 2u) << "the old one was not read again";
}

TEST_F(BlueskySourceTest, FakeRejectsWhatThePdsRejects) {
    auto call = [&](std::string method, std::string path, std::string body = {},
                    std::string token = {}) {
        OutboundRequest request;
        request.method = std::move(method);
        request.url = fake.url() + "/xrpc/" + path;
        request.body = std::move(body);
        request.headers.emplace_back("Content-Type", "application/json");
        if (!token.empty())
            request.headers.emplace_back("Authorization", "Bearer " + token);
        auto response = perform_http(request);
        EXPECT_TRUE(response.has_value());
        return std::make_pair(response->status, json::parse(response->body));
    };
    auto [wrong, wrong_body] = call("POST", "com.atproto.server.createSession",
                                    R"({"identifier":"brand.bsky.social","password":"nope"})");
    EXPECT_EQ(wrong, 401);
    EXPECT_EQ(wrong_body["error"], "AuthenticationRequired");
    auto [anonymous, anonymous_body] = call("GET", "app.bsky.notification.listNotifications");
    EXPECT_EQ(anonymous, 401);
    EXPECT_EQ(anonymous_body["error"], "AuthenticationRequired");
    auto [ok, session] =
        call("POST", "com.atproto.server.createSession",
             R"({"identifier":"brand.bsky.social","password":")" + std::string(password) + "\"}");
    ASSERT_EQ(ok, 200);
    auto [too_many, too_many_body] =
        call("GET", "app.bsky.notification.listNotifications?limit=101", {}, session["accessJwt"]);
    EXPECT_EQ(too_many, 400);
    EXPECT_EQ(too_many_body["error"], "InvalidRequest");
    auto [swapped, swapped_body] =
        call("GET", "app.bsky.notification.listNotifications", {}, session["refreshJwt"]);
    EXPECT_EQ(swapped, 400);
    EXPECT_EQ(swapped_body["error"], "InvalidToken");
}

} // namespace
} // namespace sb
