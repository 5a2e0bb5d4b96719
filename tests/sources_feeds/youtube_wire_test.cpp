// SPDX-License-Identifier: Apache-2.0
// YouTube commentThreads pages and Google error bodies (tests/data/youtube) parsed.
#include "adapters/sources/youtube/youtube_quota.hpp"
#include "adapters/sources/youtube/youtube_wire.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sb {
namespace {

std::string sample(std::string const& name) {
    std::ifstream in(std::string(YOUTUBE_DATA_DIR) + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Instant at(char const* text) {
    return parse_instant(text).value();
}

TEST(YoutubeWire, ThreadsAndRepliesBecomeCommentMentions) {
    auto page = parse_comment_threads(sample("comment_threads.json"), "yt", "acme");
    ASSERT_TRUE(page) << page.error().to_string();
    EXPECT_EQ(page->next_page_token, "QURTSl9pM2Q");
    EXPECT_EQ(page->oldest_thread, at("2026-11-22T08:00:00Z"));
    ASSERT_EQ(page->comments.size(), 3u);

    auto const& top = page->comments[0];
    EXPECT_TRUE(top.top_level);
    EXPECT_EQ(top.mention.external_id, "UgzThreadNew");
    EXPECT_EQ(top.mention.platform, "youtube");
    EXPECT_EQ(top.mention.source, "yt");
    EXPECT_EQ(top.mention.account, "acme");
    EXPECT_EQ(top.mention.kind, MentionKind::comment);
    EXPECT_EQ(top.mention.author, "@gina");
    EXPECT_EQ(top.mention.text, "My order is late, who can help?");
    EXPECT_EQ(top.mention.url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzThreadNew");
    EXPECT_EQ(top.mention.parent_id, "dQw4w9WgXcQ");
    EXPECT_EQ(top.mention.created_at, at("2026-11-23T10:00:00Z"));
    EXPECT_EQ(top.updated_at, at("2026-11-23T10:05:00Z"));
    EXPECT_NE(top.mention.extra_json.find("\"like_count\":3"), std::string::npos);

    auto const& reply = page->comments[1];
    EXPECT_FALSE(reply.top_level);
    EXPECT_EQ(reply.mention.external_id, "UgzThreadNew.AbCdReply1");
    EXPECT_EQ(reply.mention.parent_id, "UgzThreadNew");
    EXPECT_EQ(reply.mention.url,
              "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzThreadNew.AbCdReply1");
    EXPECT_EQ(reply.mention.created_at, at("2026-11-23T10:10:00Z")) << "fraction dropped";
    EXPECT_EQ(page->comments[2].mention.external_id, "UgzThreadOld");
}

TEST(YoutubeWire, MalformedPagesAreErrors) {
    EXPECT_FALSE(parse_comment_threads("not json", "yt", ""));
    EXPECT_FALSE(parse_comment_threads(R"({"kind":"x"})", "yt", ""));
    EXPECT_FALSE(parse_comment_threads(R"({"items":[{"id":"a","snippet":{}}]})", "yt", ""));
    auto empty = parse_comment_threads(R"({"items":[]})", "yt", "");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->comments.empty());
    EXPECT_FALSE(empty->oldest_thread);
}

TEST(YoutubeWire, QuotaAndKeyErrorsAreRecognised) {
    auto quota = parse_youtube_error(403, sample("error_quota_exceeded.json"));
    EXPECT_EQ(quota.reason, "quotaExceeded");
    EXPECT_TRUE(is_quota_exceeded(quota));
    EXPECT_FALSE(is_key_invalid(quota));
    auto key = parse_youtube_error(400, sample("error_key_invalid.json"));
    EXPECT_EQ(key.reason, "API_KEY_INVALID");
    EXPECT_EQ(key.message, "API key not valid. Please pass a valid API key.");
    EXPECT_TRUE(is_key_invalid(key));
    auto old_key = parse_youtube_error(
        400,
        R"({"error":{"code":400,"message":"Bad Request","errors":[{"reason":"keyInvalid"}]}})");
    EXPECT_TRUE(is_key_invalid(old_key));
    auto html = parse_youtube_error(502, "<html>Bad gateway</html>");
    EXPECT_EQ(html.message, "HTTP 502");
    EXPECT_TRUE(html.reason.empty());
}

TEST(YoutubeQuota, TheDayIsPacificAndResetsAtPacificMidnight) {
    // 07:59 UTC on 23 Nov is 23:59 PST on the 22nd.
    EXPECT_EQ(youtube_quota_day(at("2026-11-23T07:59:00Z")), "2026-11-22");
    EXPECT_EQ(youtube_quota_day(at("2026-11-23T08:00:00Z")), "2026-11-23");
    EXPECT_EQ(next_youtube_quota_reset(at("2026-11-23T10:00:00Z")), at("2026-11-24T08:00:00Z"));
    // Summer time: PDT is UTC-7.
    EXPECT_EQ(next_youtube_quota_reset(at("2026-07-01T10:00:00Z")), at("2026-07-02T07:00:00Z"));
}

TEST(YoutubeQuota, IntervalsKeepADaysCallsWithinTheBudget) {
    EXPECT_EQ(youtube_minimum_interval(10'000), Seconds{9}); // 86400 / 10000 = 8.64
    EXPECT_EQ(youtube_default_interval(10'000), Seconds{60});
    EXPECT_EQ(youtube_minimum_interval(100), Seconds{864});
    EXPECT_EQ(youtube_default_interval(100), Seconds{1728});
    EXPECT_EQ(youtube_minimum_interval(1'000'000), Seconds{1});
}

} // namespace
} // namespace sb
