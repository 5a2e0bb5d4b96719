// SPDX-License-Identifier: Apache-2.0
// What every social source shares: rate-limit headers, the poll loop's back-off, settings.
#include "adapters/sources/common/poll_loop.hpp"
#include "adapters/sources/common/rate_limit.hpp"
#include "adapters/sources/common/source_settings.hpp"
#include "bot/core/manual_time.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <deque>

using namespace sb;
using namespace std::chrono_literals;

namespace {

Instant at(std::string const& text) {
    return parse_instant(text).value();
}

OutboundResponse response(int status, std::vector<std::pair<std::string, std::string>> headers) {
    OutboundResponse r;
    r.status = status;
    r.headers = std::move(headers);
    return r;
}

} // namespace

TEST(RateLimit, RetryAfterInSecondsAndAsAnHttpDate) {
    auto now = at("2026-11-23T12:00:00Z");
    EXPECT_EQ(rate_limit_until(response(429, {{"retry-after", "30"}}), now), now + 30s);
    EXPECT_EQ(
        rate_limit_until(response(503, {{"retry-after", "Mon, 23 Nov 2026 12:05:00 GMT"}}), now),
        at("2026-11-23T12:05:00Z"));
}

TEST(RateLimit, EachPlatformsRemainingAndResetHeaders) {
    auto now = at("2026-11-23T12:00:00Z");
    auto reset = at("2026-11-23T12:15:00Z");
    auto epoch = std::to_string(reset.time_since_epoch().count());
    // X API v2
    EXPECT_EQ(
        rate_limit_until(
            response(200, {{"x-rate-limit-remaining", "0"}, {"x-rate-limit-reset", epoch}}), now),
        reset);
    // Bluesky
    EXPECT_EQ(rate_limit_until(
                  response(429, {{"ratelimit-remaining", "0"}, {"ratelimit-reset", epoch}}), now),
              reset);
    // Mastodon: ISO 8601
    EXPECT_EQ(rate_limit_until(response(200, {{"x-ratelimit-remaining", "0"},
                                              {"x-ratelimit-reset", "2026-11-23T12:15:00.000Z"}}),
                               now),
              reset);
    // Requests left: no waiting.
    EXPECT_FALSE(rate_limit_until(
        response(200, {{"x-rate-limit-remaining", "12"}, {"x-rate-limit-reset", epoch}}), now));
    EXPECT_FALSE(rate_limit_until(response(200, {}), now));
    // A 429 that names no time, or a reset already past, waits a minute.
    EXPECT_EQ(rate_limit_until(response(429, {}), now), now + 60s);
    EXPECT_EQ(
        rate_limit_until(
            response(200, {{"x-rate-limit-remaining", "0"}, {"x-rate-limit-reset", "1000"}}), now),
        now + 60s);
}

class PollLoopTest : public ::testing::Test {
protected:
    ManualClock clock{};
    ManualTimers timers{clock};
    MetricsRegistry metrics;
    SourceStatusTracker status{"feed", "rss", metrics};
    std::deque<PollResult> answers;
    std::vector<Instant> polls;

    std::unique_ptr<PollLoop> loop(PollLoop::Timing timing = {}) {
        return std::make_unique<PollLoop>(
            clock, timers, status, timing, [this](PollLoop::Done done) {
                polls.push_back(clock.now());
                auto answer = answers.empty() ? PollResult{} : answers.front();
                if (!answers.empty())
                    answers.pop_front();
                done(answer);
            });
    }
};

TEST_F(PollLoopTest, PollsAtOnceThenEveryInterval) {
    clock.set(at("2026-11-23T12:00:00Z"));
    auto poller = loop({60s, 5s, 900s});
    poller->start();
    timers.advance_to(at("2026-11-23T12:03:30Z"));
    ASSERT_EQ(polls.size(), 4u);
    EXPECT_EQ(polls[0], at("2026-11-23T12:00:00Z"));
    EXPECT_EQ(polls[3], at("2026-11-23T12:03:00Z"));
    EXPECT_EQ(status.status().state, "ok");
    EXPECT_TRUE(status.health().ready);
}

TEST_F(PollLoopTest, BacksOffOnErrorsAndRecovers) {
    clock.set(at("2026-11-23T12:00:00Z"));
    auto poller = loop({60s, 10s, 80s});
    EXPECT_EQ(poller->backoff(1), 10s);
    EXPECT_EQ(poller->backoff(3), 40s);
    EXPECT_EQ(poller->backoff(10), 80s);
    for (int i = 0; i < 4; ++i)
        answers.push_back({PollResult::Outcome::retry, "503 from the platform", {}, false});
    poller->start();
    timers.advance_to(at("2026-11-23T12:10:00Z"));
    ASSERT_GE(polls.size(), 6u);
    // Each wait is the back-off less at most a fifth of jitter.
    auto gap = [&](std::size_t i) { return polls[i + 1] - polls[i]; };
    EXPECT_GE(gap(0), 8s);
    EXPECT_LE(gap(0), 10s);
    EXPECT_GE(gap(2), 32s);
    EXPECT_LE(gap(2), 40s);
    EXPECT_EQ(gap(4), 60s); // recovered: the interval again
    EXPECT_EQ(status.status().errors, 4);
    EXPECT_EQ(status.status().state, "ok");
}

TEST_F(PollLoopTest, ThreeFailuresInARowMakeTheSourceUnready) {
    clock.set(at("2026-11-23T12:00:00Z"));
    auto poller = loop({60s, 5s, 900s});
    for (int i = 0; i < 3; ++i)
        answers.push_back({PollResult::Outcome::retry, "connection refused", {}, false});
    answers.push_back({PollResult::Outcome::retry, "connection refused", {}, false});
    poller->start();
    timers.advance_to(at("2026-11-23T12:00:40Z"));
    EXPECT_FALSE(status.health().ready);
    EXPECT_NE(status.health().reason.find("connection refused"), std::string::npos);
}

TEST_F(PollLoopTest, NeverPollsBeforeTheRateLimitAllows) {
    clock.set(at("2026-11-23T12:00:00Z"));
    auto poller = loop({60s, 5s, 900s});
    answers.push_back({PollResult::Outcome::retry, "429", at("2026-11-23T12:15:00Z"), false});
    poller->start();
    poller->poll_soon(); // a reconnect asks for a poll: still not before the reset
    timers.advance_to(at("2026-11-23T12:14:59Z"));
    EXPECT_EQ(polls.size(), 1u);
    timers.advance_to(at("2026-11-23T12:15:00Z"));
    EXPECT_EQ(polls.size(), 2u);
    EXPECT_EQ(status.status().state, "ok");
}

TEST_F(PollLoopTest, AFatalErrorIsNotReadyAndRetriesSlowly) {
    clock.set(at("2026-11-23T12:00:00Z"));
    auto poller = loop({60s, 5s, 900s});
    answers.push_back({PollResult::Outcome::fatal, "the token was rejected (401)", {}, false});
    poller->start();
    timers.run_due();
    EXPECT_EQ(status.status().state, "failed");
    EXPECT_FALSE(status.health().ready);
    EXPECT_EQ(status.health().reason, "the token was rejected (401)");
    timers.advance_to(at("2026-11-23T12:14:00Z"));
    EXPECT_EQ(polls.size(), 1u);
    timers.advance_to(at("2026-11-23T12:15:00Z"));
    EXPECT_EQ(polls.size(), 2u);
}

TEST_F(PollLoopTest, MorePagesArePolledAtOnce) {
    clock.set(at("2026-11-23T12:00:00Z"));
    auto poller = loop({60s, 5s, 900s});
    answers.push_back({PollResult::Outcome::ok, "", {}, true});
    answers.push_back({PollResult::Outcome::ok, "", {}, true});
    poller->start();
    timers.run_due();
    ASSERT_EQ(polls.size(), 3u);
    EXPECT_EQ(polls[2], at("2026-11-23T12:00:00Z"));
}

TEST(SourceSettings, ErrorsNameTheSettingAndSuggestTheKnownOne) {
    config::Source source;
    source.id = "reviews";
    source.type = "rss";
    source.settings = nlohmann::json{{"type", "rss"}, {"url", "ftp://x"}, {"intervall", "5m"}};
    SourceSettings settings(source, "/etc/switchboard/switchboard.jsonc");
    auto keys = settings.only_keys({"url", "interval"});
    ASSERT_FALSE(keys);
    EXPECT_EQ(keys.error().context, "/sources/reviews/intervall");
    EXPECT_NE(keys.error().message.find("did you mean 'interval'"), std::string::npos);
    auto url = settings.url("url");
    ASSERT_FALSE(url);
    EXPECT_EQ(url.error().context, "/sources/reviews/url");
    auto missing = settings.secret("token");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("{\"env\""), std::string::npos);
    source.settings["interval"] = "5s";
    auto interval = settings.duration("interval", 300s, 30s);
    ASSERT_FALSE(interval);
    EXPECT_NE(interval.error().message.find("at least 30s"), std::string::npos);
}
