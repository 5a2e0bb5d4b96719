// SPDX-License-Identifier: Apache-2.0
// The youtube source against the contract fake of commentThreads.list, on manual time.
#include "adapters/sources/youtube/youtube_source.hpp"
#include "tests/sources_feeds/fake_process.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace sb {
namespace {

using nlohmann::json;
using test::FakeProcess;
using test::SourceHarness;

constexpr char const* api_key = "AIzaSyFakeKey000000000000000000000000";
constexpr char const* channel = "UCacmeChannel0000000000";

Instant at(char const* text) {
    return parse_instant(text).value();
}

class YoutubeSourceTest : public ::testing::Test {
protected:
    void SetUp() override {
        ::setenv("SB_TEST_YOUTUBE_KEY", api_key, 1);
        ::setenv("SB_TEST_YOUTUBE_WRONG_KEY", "AIzaSyWrong", 1);
        // 03:00 in Los Angeles: the quota day is 2026-11-23 until 08:00 UTC on the 24th.
        harness.clock.set(at("2026-11-23T11:00:00Z"));
    }
    std::unique_ptr<Source> make(json extra = json::object()) {
        json settings = {{"type", "youtube"},
                         {"api_url", fake.url() + "/youtube/v3"},
                         {"api_key", {{"env", "SB_TEST_YOUTUBE_KEY"}}},
                         {"channel_id", channel},
                         {"account", "acme"}};
        settings.update(extra);
        auto deps = harness.deps();
        auto made = youtube_source_entry().make(test::source_config("yt", settings), deps);
        EXPECT_TRUE(made) << made.error().to_string();
        return made ? std::move(*made) : nullptr;
    }
    void start(Source& source) {
        source.start();
        harness.timers.run_due();
    }
    void next_poll() { harness.timers.advance_to(*harness.timers.next_due()); }
    int calls() { return fake.control("report")["calls"].get<int>(); }
    void comment(std::string const& id, char const* published, std::string const& parent = {}) {
        json body = {{"id", id},
                     {"videoId", "vid1"},
                     {"text", "text of " + id},
                     {"author", "@kim"},
                     {"publishedAt", published}};
        if (!parent.empty())
            body["parentId"] = parent;
        fake.control("comment", body);
    }

    SourceHarness harness;
    FakeProcess fake{{YOUTUBE_FAKE_SCRIPT, "--key", api_key, "--channel", channel, "--data",
                      std::string(YOUTUBE_DATA_DIR) + "/comment_threads.json"}};
};

TEST_F(YoutubeSourceTest, FirstPollMarksThenNewCommentsAndRepliesBecomeItems) {
    auto source = make();
    start(*source);
    EXPECT_TRUE(harness.sink.mentions.empty()) << "the first poll must not flood the room";
    EXPECT_EQ(calls(), 1);
    auto const request = fake.control("report")["requests"][0];
    EXPECT_EQ(request["part"], "snippet,replies");
    EXPECT_EQ(request["allThreadsRelatedToChannelId"], channel);
    EXPECT_EQ(request["order"], "time");
    EXPECT_EQ(request["maxResults"], "100");
    EXPECT_EQ(request["textFormat"], "plainText");

    comment("UgzNew1", "2026-11-23T10:30:00Z");
    comment("UgzNew1.reply", "2026-11-23T10:40:00Z", "UgzNew1");
    comment("UgzThreadOld.lateReply", "2026-11-23T10:50:00Z", "UgzThreadOld");
    harness.timers.advance_to(harness.clock.now() + Seconds{60});
    ASSERT_EQ(harness.sink.mentions.size(), 3u);
    auto const& top = harness.sink.mentions[0];
    EXPECT_EQ(top.external_id, "UgzNew1");
    EXPECT_EQ(top.platform, "youtube");
    EXPECT_EQ(top.kind, MentionKind::comment);
    EXPECT_EQ(top.account, "acme");
    EXPECT_EQ(top.url, "https://www.youtube.com/watch?v=vid1&lc=UgzNew1");
    EXPECT_EQ(harness.sink.mentions[1].parent_id, "UgzNew1");
    EXPECT_EQ(harness.sink.mentions[2].external_id, "UgzThreadOld.lateReply");
}

TEST_F(YoutubeSourceTest, AnEditByUpdatedAtReachesTheItemOnce) {
    auto source = make();
    start(*source);
    comment("UgzEdit", "2026-11-23T10:30:00Z");
    next_poll();
    ASSERT_EQ(harness.sink.mentions.size(), 1u);
    fake.control(
        "edit", {{"id", "UgzEdit"}, {"text", "fixed typo"}, {"updatedAt", "2026-11-23T10:45:00Z"}});
    next_poll();
    ASSERT_EQ(harness.sink.edits.size(), 1u);
    EXPECT_EQ(harness.sink.edits[0].change, MentionChange::edited);
    EXPECT_EQ(harness.sink.mentions[0].text, "fixed typo");
    next_poll();
    EXPECT_EQ(harness.sink.edits.size(), 1u) << "an edit seen is not sent again";
}

TEST_F(YoutubeSourceTest, PagesAreFollowedOnlyBackToTheCursor) {
    auto source = make();
    start(*source);
    fake.control("page_size", {{"size", 1}});
    comment("UgzA", "2026-11-23T10:20:00Z");
    comment("UgzB", "2026-11-23T10:30:00Z");
    comment("UgzC", "2026-11-23T10:40:00Z");
    next_poll();
    EXPECT_EQ(harness.sink.mentions.size(), 3u);
    // C, B, A, the thread at the cursor (10:00), then the older one: stop there.
    EXPECT_EQ(calls(), 1 + 5);
}

TEST_F(YoutubeSourceTest, SpentBudgetStopsPollingUntilPacificMidnightAcrossRestarts) {
    // 4 units a day: one poll every 12 hours by default.
    auto source = make({{"daily_quota", 4}});
    start(*source);
    fake.control("page_size", {{"size", 1}});
    for (auto const* id : {"UgzA", "UgzB", "UgzC", "UgzD"})
        comment(id, "2026-11-23T10:30:00Z");
    next_poll(); // 23:00 UTC, still the 23rd in Los Angeles: 3 pages, then the budget is spent
    EXPECT_EQ(calls(), 4);
    EXPECT_EQ(harness.sink.mentions.size(), 3u);

    source.reset();
    harness.reopen();
    source = make({{"daily_quota", 4}});
    start(*source);
    EXPECT_EQ(calls(), 4) << "a restart must not reset the day's budget";
    auto status = source->status();
    EXPECT_EQ(status.state, "backing_off");
    EXPECT_NE(status.last_error.find("quota"), std::string::npos) << status.last_error;
    ASSERT_TRUE(status.next_attempt_at);
    EXPECT_EQ(*status.next_attempt_at, at("2026-11-24T08:00:00Z"));
    EXPECT_EQ(harness.timers.next_due(), at("2026-11-24T08:00:00Z"));

    next_poll();
    EXPECT_GT(calls(), 4) << "a new quota day";
    EXPECT_EQ(harness.sink.mentions.size(), 4u) << "the comment not read yesterday arrives";
    EXPECT_EQ(source->status().state, "ok");
}

TEST_F(YoutubeSourceTest, QuotaExceededFromGooglePausesUntilTheQuotaDayEnds) {
    auto source = make();
    fake.control("quota", {{"remaining", 0}});
    start(*source);
    EXPECT_NE(source->status().last_error.find("quotaExceeded"), std::string::npos)
        << source->status().last_error;
    EXPECT_EQ(harness.timers.next_due(), at("2026-11-24T08:00:00Z"));
    fake.control("quota", {{"remaining", 100}});
    next_poll();
    EXPECT_EQ(source->status().state, "ok");
}

TEST_F(YoutubeSourceTest, ARefusedKeyNeedsAPerson) {
    auto source = make({{"api_key", {{"env", "SB_TEST_YOUTUBE_WRONG_KEY"}}}});
    start(*source);
    auto status = source->status();
    EXPECT_EQ(status.state, "failed");
    EXPECT_NE(status.last_error.find("/sources/yt/api_key"), std::string::npos)
        << status.last_error;
    EXPECT_EQ(status.last_error.find("AIzaSyWrong"), std::string::npos) << "never the secret";
    EXPECT_FALSE(source->health().ready);
}

TEST_F(YoutubeSourceTest, ServerErrorsAndRateLimitsBackOff) {
    auto source = make();
    fake.control("fail", {{"status", 503}, {"count", 1}, {"retry_after", 300}});
    auto const started = harness.clock.now();
    start(*source);
    EXPECT_EQ(source->status().state, "backing_off");
    EXPECT_GE(*harness.timers.next_due(), started + Seconds{300});
    next_poll();
    EXPECT_EQ(source->status().state, "ok");
    EXPECT_TRUE(harness.sink.mentions.empty());
}

TEST_F(YoutubeSourceTest, RestartResumesFromTheStoredCursor) {
    auto source = make();
    start(*source);
    source.reset();
    comment("UgzWhileDown", "2026-11-23T10:59:00Z");
    harness.reopen();
    source = make();
    start(*source);
    ASSERT_EQ(harness.sink.mentions.size(), 1u);
    EXPECT_EQ(harness.sink.mentions[0].external_id, "UgzWhileDown");
}

TEST(YoutubeSourceSettings, AnIntervalOverTheBudgetNamesTheMinimum) {
    ::setenv("SB_TEST_YOUTUBE_KEY", api_key, 1);
    SourceHarness harness;
    auto deps = harness.deps();
    json settings = {{"type", "youtube"},
                     {"api_key", {{"env", "SB_TEST_YOUTUBE_KEY"}}},
                     {"channel_id", channel},
                     {"daily_quota", 100},
                     {"interval", "1m"}};
    auto made = youtube_source_entry().make(test::source_config("yt", settings), deps);
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().context, "/sources/yt/interval");
    EXPECT_NE(made.error().message.find("\"864s\""), std::string::npos) << made.error().message;

    settings.erase("channel_id");
    settings.erase("interval");
    made = youtube_source_entry().make(test::source_config("yt", settings), deps);
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().context, "/sources/yt/channel_id");
}

} // namespace
} // namespace sb
