// SPDX-License-Identifier: Apache-2.0
// Parsing of X API v2 mentions answers, from samples shaped after the documentation.
#include "adapters/sources/x/x_wire.hpp"

#include "tests/sources_polling/test_data.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

using test::sample;

constexpr char const* our_id = "2244994945";

TEST(XWire, PageGivesPostsNewestIdAndNextToken) {
    auto page = parse_x_mentions(sample("x/mentions_page.json"), "x", "brand", our_id);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    ASSERT_EQ(page->mentions.size(), 3u);
    EXPECT_EQ(page->newest_id, "1860000000000000005");
    EXPECT_EQ(page->next_token, "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i");
}

TEST(XWire, EditedPostIsAnEditOfTheOriginal) {
    auto page = parse_x_mentions(sample("x/mentions_page.json"), "x", "brand", our_id);
    ASSERT_TRUE(page.has_value());
    auto const& edited = page->mentions[0];
    EXPECT_EQ(edited.external_id, "1860000000000000003");
    EXPECT_EQ(edited.change, MentionChange::edited);
    EXPECT_EQ(edited.url, "https://x.com/alice/status/1860000000000000005");
    EXPECT_NE(edited.extra_json.find("1860000000000000005"), std::string::npos);
}

TEST(XWire, ReplyToUsIsACommentWithItsParent) {
    auto page = parse_x_mentions(sample("x/mentions_page.json"), "x", "brand", our_id);
    ASSERT_TRUE(page.has_value());
    auto const& reply = page->mentions[1];
    EXPECT_EQ(reply.external_id, "1860000000000000004");
    EXPECT_EQ(reply.change, MentionChange::created);
    EXPECT_EQ(reply.kind, MentionKind::comment);
    EXPECT_EQ(reply.parent_id, "1860000000000000001");
    EXPECT_EQ(reply.author, "@bob_b");
    EXPECT_EQ(reply.language, "en");
    EXPECT_EQ(reply.account, "brand");
    EXPECT_EQ(reply.created_at, parse_instant("2026-11-20T10:04:00Z").value());
}

TEST(XWire, UndeterminedLanguageAndUnknownAuthorStayUsable) {
    auto page = parse_x_mentions(sample("x/mentions_page.json"), "x", "brand", our_id);
    ASSERT_TRUE(page.has_value());
    auto const& post = page->mentions[2];
    EXPECT_EQ(post.kind, MentionKind::mention);
    EXPECT_EQ(post.language, "");
    EXPECT_EQ(post.author, "1003"); // not in includes.users
    EXPECT_EQ(post.text, "@brand 👍");
}

TEST(XWire, EmptyPageHasNoNewestId) {
    auto page = parse_x_mentions(sample("x/mentions_empty.json"), "x", "", our_id);
    ASSERT_TRUE(page.has_value());
    EXPECT_TRUE(page->mentions.empty());
    EXPECT_TRUE(page->newest_id.empty());
    EXPECT_TRUE(page->next_token.empty());
}

TEST(XWire, UnknownUserIsNotFound) {
    auto page = parse_x_mentions(sample("x/user_not_found.json"), "x", "", "1234567");
    ASSERT_FALSE(page.has_value());
    EXPECT_EQ(page.error().code, ErrorCode::not_found);
    EXPECT_NE(page.error().message.find("Could not find user"), std::string::npos);
}

TEST(XWire, ProblemBodyReadsAsText) {
    EXPECT_EQ(x_error_text(401, sample("x/unauthorized.json")),
              "HTTP 401 Unauthorized: Unauthorized");
    EXPECT_EQ(x_error_text(502, "<html>"), "HTTP 502");
}

} // namespace
} // namespace sb
