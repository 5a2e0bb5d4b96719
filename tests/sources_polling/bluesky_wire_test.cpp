// SPDX-License-Identifier: Apache-2.0
// Parsing of Bluesky's XRPC answers, from samples shaped after the lexicons.
#include "adapters/sources/bluesky/bluesky_wire.hpp"

#include "tests/sources_polling/test_data.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

using test::sample;

TEST(BlueskyWire, SessionGivesBothTokens) {
    auto tokens = parse_bluesky_session(sample("bluesky/create_session.json"));
    ASSERT_TRUE(tokens.has_value()) << tokens.error().message;
    EXPECT_TRUE(tokens->access_jwt.starts_with("eyJ"));
    EXPECT_TRUE(tokens->refresh_jwt.starts_with("eyJ"));
    EXPECT_EQ(tokens->did, "did:plc:brand7example4account");
}

TEST(BlueskyWire, SessionWithoutTokensIsAnError) {
    EXPECT_FALSE(parse_bluesky_session(R"({"did":"did:plc:x","handle":"x.bsky.social"})"));
    EXPECT_FALSE(parse_bluesky_session("<html>"));
}

TEST(BlueskyWire, ErrorBodyNamesTheError) {
    auto body = sample("bluesky/error_expired_token.json");
    EXPECT_EQ(bluesky_error_name(body), "ExpiredToken");
    EXPECT_EQ(bluesky_error_text(400, body), "HTTP 400 ExpiredToken: Token has expired");
    EXPECT_EQ(bluesky_error_name("not json"), "");
}

TEST(BlueskyWire, MentionReplyAndQuoteBecomeMentionsLikesAndFollowsDoNot) {
    auto page = parse_bluesky_notifications(sample("bluesky/list_notifications.json"), "bsky",
                                            "brand.bsky.social");
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->cursor, "2026-11-20T09:55:00.000Z");
    ASSERT_EQ(page->notifications.size(), 5u);
    EXPECT_TRUE(page->notifications[0].mention.has_value());
    EXPECT_FALSE(page->notifications[1].mention.has_value()); // like
    EXPECT_TRUE(page->notifications[2].mention.has_value());
    EXPECT_TRUE(page->notifications[3].mention.has_value());
    EXPECT_FALSE(page->notifications[4].mention.has_value()); // follow
}

TEST(BlueskyWire, MentionFieldsFollowTheRecord) {
    auto page = parse_bluesky_notifications(sample("bluesky/list_notifications.json"), "bsky",
                                            "brand.bsky.social");
    ASSERT_TRUE(page.has_value());
    auto const& mention = *page->notifications[0].mention;
    EXPECT_EQ(mention.source, "bsky");
    EXPECT_EQ(mention.platform, "bluesky");
    EXPECT_EQ(mention.external_id, "at://did:plc:alice2example/app.bsky.feed.post/3lbfsmhv5sk2y");
    EXPECT_EQ(mention.author, "@alice.bsky.social");
    EXPECT_EQ(mention.text, "@brand.bsky.social my parcel never arrived, order 1234");
    EXPECT_EQ(mention.url, "https://bsky.app/profile/alice.bsky.social/post/3lbfsmhv5sk2y");
    EXPECT_EQ(mention.kind, MentionKind::mention);
    EXPECT_EQ(mention.language, "en");
    EXPECT_EQ(mention.account, "brand.bsky.social");
    EXPECT_EQ(mention.created_at, parse_instant("2026-11-20T09:59:58Z").value());
    EXPECT_NE(mention.extra_json.find("\"cid\""), std::string::npos);
}

TEST(BlueskyWire, ReplyKeepsItsParentAndLanguage) {
    auto page = parse_bluesky_notifications(sample("bluesky/list_notifications.json"), "bsky", "");
    ASSERT_TRUE(page.has_value());
    auto const& reply = *page->notifications[2].mention;
    EXPECT_EQ(reply.kind, MentionKind::comment);
    EXPECT_EQ(reply.parent_id,
              "at://did:plc:brand7example4account/app.bsky.feed.post/3lbfoabcdef2a");
    EXPECT_EQ(reply.language, "de");
    auto const& quote = *page->notifications[3].mention;
    EXPECT_EQ(quote.kind, MentionKind::mention);
    EXPECT_EQ(quote.language, "");
    EXPECT_EQ(quote.parent_id, "");
}

TEST(BlueskyWire, LastPageHasNoCursor) {
    auto page = parse_bluesky_notifications(sample("bluesky/list_notifications_last_page.json"),
                                            "bsky", "");
    ASSERT_TRUE(page.has_value());
    EXPECT_TRUE(page->notifications.empty());
    EXPECT_TRUE(page->cursor.empty());
}

TEST(BlueskyWire, AnswerWithoutNotificationsIsAnError) {
    EXPECT_FALSE(parse_bluesky_notifications(R"({"cursor":"x"})", "bsky", ""));
    EXPECT_FALSE(parse_bluesky_notifications("[]", "bsky", ""));
}

TEST(BlueskyWire, PostUrlFallsBackToTheDid) {
    EXPECT_EQ(bluesky_post_url("", "at://did:plc:abc/app.bsky.feed.post/3k"),
              "https://bsky.app/profile/did:plc:abc/post/3k");
    EXPECT_EQ(bluesky_post_url("a.b", "https://example.com"), "");
}

} // namespace
} // namespace sb
