// SPDX-License-Identifier: Apache-2.0
// The rss source against the contract fake feed server, on manual time.
#include "adapters/sources/feed/feed_source.hpp"
#include "tests/sources_feeds/fake_process.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

using nlohmann::json;
using test::FakeProcess;
using test::SourceHarness;

class FeedSourceTest : public ::testing::Test {
protected:
    void SetUp() override { harness.clock.set(parse_instant("2026-11-23T11:00:00Z").value()); }
    std::unique_ptr<Source> make(std::string const& path, json extra = json::object()) {
        json settings = {{"type", "rss"}, {"url", fake.url() + path}, {"interval", "1m"}};
        settings.update(extra);
        auto config = test::source_config("feed", settings);
        auto deps = harness.deps();
        auto made = feed_source_entry().make(config, deps);
        EXPECT_TRUE(made) << made.error().to_string();
        return made ? std::move(*made) : nullptr;
    }
    void next_poll() { harness.timers.advance_to(harness.clock.now() + Seconds{60}); }

    SourceHarness harness;
    FakeProcess fake{{FEED_FAKE_SCRIPT, "--rss", std::string(FEED_DATA_DIR) + "/rss2.xml", "--atom",
                      std::string(FEED_DATA_DIR) + "/atom.xml"}};
};

TEST_F(FeedSourceTest, FirstPollMarksWhatIsThereAsSeenAndTheNextNewEntryBecomesOneItem) {
    auto source = make("/feed.rss", {{"platform", "trustpilot"}, {"kind", "review"}});
    source->start();
    harness.timers.run_due();
    EXPECT_TRUE(harness.sink.mentions.empty()) << "the first poll must not flood the room";
    EXPECT_EQ(source->status().state, "ok");

    fake.control("add", {{"feed", "rss"},
                         {"id", "review-4"},
                         {"title", "Refund please"},
                         {"link", "https://reviews.example.com/acme/r/4"},
                         {"text", "Broken."}});
    next_poll();
    ASSERT_EQ(harness.sink.mentions.size(), 1u);
    auto const& mention = harness.sink.mentions[0];
    EXPECT_EQ(mention.external_id, "review-4");
    EXPECT_EQ(mention.platform, "trustpilot");
    EXPECT_EQ(mention.kind, MentionKind::review);
    EXPECT_EQ(mention.source, "feed");
    EXPECT_EQ(mention.text, "Refund please\nBroken.");
    EXPECT_EQ(source->status().mentions, 1);
}

TEST_F(FeedSourceTest, UnchangedFeedAnswers304AndNothingIsIngestedTwice) {
    auto source = make("/feed.atom");
    source->start();
    harness.timers.run_due();
    next_poll();
    auto report = fake.control("report");
    EXPECT_EQ(report["requests"]["atom"], 2);
    EXPECT_EQ(report["not_modified"], 1);
    EXPECT_EQ(report["headers"][1]["if-none-match"], "\"atom-v1\"");
    EXPECT_FALSE(report["headers"][1]["if-modified-since"].is_null());

    fake.control("add", {{"feed", "atom"},
                         {"id", "tag:forum,2026:43"},
                         {"title", "Crash"},
                         {"link", "https://forum.example.com/t/43"}});
    next_poll();
    next_poll();
    EXPECT_EQ(fake.control("report")["not_modified"], 2);
    ASSERT_EQ(harness.sink.mentions.size(), 1u);
    EXPECT_EQ(harness.sink.mentions[0].external_id, "tag:forum,2026:43");
    EXPECT_EQ(source->status().state, "ok");
}

TEST_F(FeedSourceTest, EntriesAreDedupedByIdThenLink) {
    auto source = make("/feed.atom");
    source->start();
    harness.timers.run_due();
    // No id: keyed by its link. A repeated id is the same entry, whatever its link.
    fake.control(
        "add", {{"feed", "atom"}, {"title", "No id"}, {"link", "https://forum.example.com/t/50"}});
    fake.control("add", {{"feed", "atom"},
                         {"id", "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"},
                         {"title", "Same id again"},
                         {"link", "https://forum.example.com/t/other"}});
    fake.control("add", {{"feed", "atom"},
                         {"title", "Same link, no id"},
                         {"link", "https://forum.example.com/t/41"}});
    next_poll();
    ASSERT_EQ(harness.sink.mentions.size(), 1u);
    EXPECT_EQ(harness.sink.mentions[0].external_id, "https://forum.example.com/t/50");
}

TEST_F(FeedSourceTest, ServerErrorsBackOffAndHonourRetryAfter) {
    auto source = make("/feed.rss");
    fake.control("fail", {{"status", 503}, {"count", 1}, {"retry_after", 120}});
    auto const started = harness.clock.now();
    source->start();
    harness.timers.run_due();
    EXPECT_EQ(source->status().state, "backing_off");
    EXPECT_EQ(source->status().errors, 1);
    ASSERT_TRUE(harness.timers.next_due());
    EXPECT_GE(*harness.timers.next_due(), started + Seconds{120});
    harness.timers.advance_to(*harness.timers.next_due());
    EXPECT_EQ(source->status().state, "ok");
    EXPECT_TRUE(harness.sink.mentions.empty()) << "the first successful read only marks";
}

TEST_F(FeedSourceTest, AMissingFeedIsReportedForAPerson) {
    auto source = make("/nothing-here.xml");
    source->start();
    harness.timers.run_due();
    EXPECT_EQ(source->status().state, "failed");
    EXPECT_NE(source->status().last_error.find("404"), std::string::npos);
    EXPECT_FALSE(source->health().ready);
}

TEST_F(FeedSourceTest, RestartResumesFromTheStoredCursor) {
    auto source = make("/feed.rss");
    source->start();
    harness.timers.run_due();
    source.reset();
    fake.control("add", {{"feed", "rss"}, {"id", "while-down"}, {"title", "Posted while down"}});
    harness.reopen();
    source = make("/feed.rss");
    source->start();
    harness.timers.run_due();
    ASSERT_EQ(harness.sink.mentions.size(), 1u);
    EXPECT_EQ(harness.sink.mentions[0].external_id, "while-down");
    auto report = fake.control("report");
    EXPECT_EQ(report["headers"][1]["if-none-match"], "\"rss-v1\"") << "validators survive";
}

TEST_F(FeedSourceTest, AFailedStoreRetriesAndLosesNothing) {
    auto source = make("/feed.rss");
    source->start();
    harness.timers.run_due();
    fake.control("add", {{"feed", "rss"}, {"id", "kept"}, {"title", "Keep me"}});
    harness.sink.failing = true;
    next_poll();
    EXPECT_EQ(source->status().state, "backing_off");
    harness.sink.failing = false;
    harness.timers.advance_to(*harness.timers.next_due());
    ASSERT_EQ(harness.sink.mentions.size(), 1u);
    EXPECT_EQ(harness.sink.mentions[0].external_id, "kept");
}

TEST(FeedSourceSettings, ErrorsNameTheSetting) {
    SourceHarness harness;
    auto deps = harness.deps();
    auto check = [&](json settings, std::string const& path, std::string const& words) {
        settings["type"] = "rss";
        auto made = feed_source_entry().make(test::source_config("news", settings), deps);
        ASSERT_FALSE(made) << settings.dump();
        EXPECT_EQ(made.error().context, path);
        EXPECT_NE(made.error().message.find(words), std::string::npos) << made.error().message;
    };
    check(json::object(), "/sources/news/url", "required");
    check({{"url", "ftp://example.com/feed"}}, "/sources/news/url", "http");
    check({{"url", "https://example.com/feed"}, {"interval", "10s"}}, "/sources/news/interval",
          "30s");
    check({{"url", "https://example.com/feed"}, {"kind", "dm"}}, "/sources/news/kind", "review");
    check({{"url", "https://example.com/feed"}, {"intervall", "1m"}}, "/sources/news/intervall",
          "interval");
}

} // namespace
} // namespace sb
