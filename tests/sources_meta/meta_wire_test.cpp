// SPDX-License-Identifier: Apache-2.0
// Meta's documented payloads (tests/data/meta) parsed into mentions.
#include "adapters/sources/meta/meta_wire.hpp"
#include "base/hmac.hpp"
#include "tests/sources_meta/fake_meta_process.hpp"

#include <gtest/gtest.h>

namespace sb::test {
namespace {

MetaWireOptions options(std::string account = {}) {
    return {"meta", std::move(account)};
}

MetaDelivery parse(std::string const& sample, std::string account = {}) {
    auto parsed = parse_meta_delivery(meta_sample(sample), options(std::move(account)));
    EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
    return parsed ? *parsed : MetaDelivery{};
}

TEST(MetaWire, SignatureOfPlatformsSelfMadeVectorMatches) {
    EXPECT_EQ(hmac_sha256_hex("appsecret", R"({"object":"page","entry":[]})"),
              "0e9e0080a310f376450c46d999aa4d49ed772bfe43c13205f38a3a6e6611ed2b");
}

TEST(MetaWire, FacebookCommentBecomesACommentKeyedByCommentId) {
    auto const delivery = parse("feed_comment_add.json");
    ASSERT_EQ(delivery.mentions.size(), 1u);
    auto const& m = delivery.mentions[0];
    EXPECT_EQ(m.source, "meta");
    EXPECT_EQ(m.platform, "facebook");
    EXPECT_EQ(m.external_id, "998877_5551");
    EXPECT_EQ(m.kind, MentionKind::comment);
    EXPECT_EQ(m.change, MentionChange::created);
    EXPECT_EQ(m.author, "Dana Fan");
    EXPECT_EQ(m.text, "Is the shop open on Sunday?");
    EXPECT_EQ(m.parent_id, "1122334455_998877");
    EXPECT_EQ(m.account, "1122334455");
    EXPECT_EQ(m.created_at, instant_of(1764000000));
    EXPECT_EQ(m.url, "https://www.facebook.com/998877_5551");
}

TEST(MetaWire, ConfiguredAccountReplacesThePageId) {
    auto const delivery = parse("feed_comment_add.json", "shop-de");
    ASSERT_EQ(delivery.mentions.size(), 1u);
    EXPECT_EQ(delivery.mentions[0].account, "shop-de");
}

TEST(MetaWire, FeedVerbsNormaliseToCreatedEditedDeleted) {
    EXPECT_EQ(parse("feed_comment_edited.json").mentions.at(0).change, MentionChange::edited);
    auto const legacy = parse("feed_comment_edit_legacy_verb.json").mentions.at(0);
    EXPECT_EQ(legacy.change, MentionChange::edited);
    EXPECT_EQ(legacy.text, "Is the shop open on Sunday evening?");
    auto const removed = parse("feed_comment_remove.json").mentions.at(0);
    EXPECT_EQ(removed.change, MentionChange::deleted);
    EXPECT_EQ(removed.external_id, "998877_5551");
}

TEST(MetaWire, HiddenCommentCountsAsDeletedAndUnhideIsIgnored) {
    auto body = meta_sample("feed_comment_remove.json");
    auto const verb = body.find("\"remove\"");
    ASSERT_NE(verb, std::string::npos);
    auto hidden = body;
    hidden.replace(verb, 8, "\"hide\"");
    auto parsed = parse_meta_delivery(hidden, options());
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(parsed->mentions.size(), 1u);
    EXPECT_EQ(parsed->mentions[0].change, MentionChange::deleted);
    auto unhidden = body;
    unhidden.replace(verb, 8, "\"unhide\"");
    parsed = parse_meta_delivery(unhidden, options());
    ASSERT_TRUE(parsed.has_value());
    EXPECT_TRUE(parsed->mentions.empty());
    EXPECT_EQ(parsed->ignored, 1);
}

TEST(MetaWire, VisitorPostIsKeyedByPostId) {
    auto const m = parse("feed_visitor_post.json").mentions.at(0);
    EXPECT_EQ(m.kind, MentionKind::post);
    EXPECT_EQ(m.external_id, "1122334455_776655");
    EXPECT_EQ(m.author, "Eli Visitor");
}

TEST(MetaWire, PagesOwnReplyIsIgnored) {
    auto const delivery = parse("feed_own_reply.json");
    EXPECT_TRUE(delivery.mentions.empty());
    EXPECT_EQ(delivery.ignored, 1);
}

TEST(MetaWire, MessengerMessageIsADirectMessageWithMillisecondTime) {
    auto const m = parse("messenger_message.json").mentions.at(0);
    EXPECT_EQ(m.platform, "messenger");
    EXPECT_EQ(m.kind, MentionKind::dm);
    EXPECT_EQ(m.external_id, "m_AbCdEf123");
    EXPECT_EQ(m.text, "hello, world!");
    EXPECT_EQ(m.author, "2468013579");
    EXPECT_EQ(m.created_at, instant_of(1764002000));
}

TEST(MetaWire, EchoOfOurOwnMessageIsSkipped) {
    auto const delivery = parse("messenger_echo.json");
    EXPECT_TRUE(delivery.mentions.empty());
    EXPECT_EQ(delivery.ignored, 1);
}

TEST(MetaWire, MessageEditIsAnEditOfTheSameMid) {
    auto const m = parse("messenger_message_edit.json").mentions.at(0);
    EXPECT_EQ(m.change, MentionChange::edited);
    EXPECT_EQ(m.external_id, "m_AbCdEf123");
    EXPECT_EQ(m.text, "hello, everyone!");
}

TEST(MetaWire, InstagramCommentIsKeyedByValueId) {
    auto const m = parse("instagram_comment.json").mentions.at(0);
    EXPECT_EQ(m.platform, "instagram");
    EXPECT_EQ(m.kind, MentionKind::comment);
    EXPECT_EQ(m.external_id, "17900000000000001");
    EXPECT_EQ(m.author, "gus.photos");
    EXPECT_EQ(m.parent_id, "18000000000000001");
    EXPECT_EQ(m.account, "17841400000000001");
}

TEST(MetaWire, InstagramDirectMessageAndItsUnsend) {
    auto const m = parse("instagram_dm.json").mentions.at(0);
    EXPECT_EQ(m.platform, "instagram");
    EXPECT_EQ(m.kind, MentionKind::dm);
    EXPECT_EQ(m.external_id, "aWdfZAG1faXRlbToxOklH");
    auto const deleted = parse("instagram_dm_deleted.json").mentions.at(0);
    EXPECT_EQ(deleted.change, MentionChange::deleted);
    EXPECT_EQ(deleted.external_id, "aWdfZAG1faXRlbToxOklH");
}

TEST(MetaWire, InstagramMentionNeedsALookup) {
    auto const delivery = parse("instagram_mention.json");
    EXPECT_TRUE(delivery.mentions.empty());
    ASSERT_EQ(delivery.lookups.size(), 1u);
    auto const& lookup = delivery.lookups[0];
    EXPECT_EQ(lookup.ig_user_id, "17841400000000001");
    EXPECT_EQ(lookup.comment_id, "17900000000000002");
    auto const query = instagram_mention_query(lookup);
    EXPECT_EQ(query.path, "/17841400000000001");
    EXPECT_EQ(query.fields, "mentioned_comment.comment_id(17900000000000002)"
                            "{id,text,timestamp,media{id,permalink}}");
}

TEST(MetaWire, MentionedCommentAnswerBecomesAMention) {
    auto const lookup = parse("instagram_mention.json").lookups.at(0);
    auto const m =
        parse_instagram_mention(meta_sample("graph_mentioned_comment.json"), lookup, options());
    ASSERT_TRUE(m.has_value()) << m.error().message;
    EXPECT_EQ(m->platform, "instagram");
    EXPECT_EQ(m->kind, MentionKind::mention);
    EXPECT_EQ(m->external_id, "17900000000000002");
    EXPECT_EQ(m->text, "@ourshop this arrived broken");
    EXPECT_EQ(m->url, "https://www.instagram.com/p/DAbCdEfGhIj/");
    EXPECT_EQ(m->parent_id, "18000000000000002");
    EXPECT_EQ(m->created_at, parse_instant("2025-11-24T17:06:40Z").value());
}

TEST(MetaWire, CaptionMentionReadsMentionedMedia) {
    auto const lookup = parse("instagram_caption_mention.json").lookups.at(0);
    EXPECT_EQ(instagram_mention_query(lookup).fields, "mentioned_media.media_id(18000000000000003)"
                                                      "{id,caption,username,timestamp,permalink}");
    auto const m =
        parse_instagram_mention(meta_sample("graph_mentioned_media.json"), lookup, options());
    ASSERT_TRUE(m.has_value()) << m.error().message;
    EXPECT_EQ(m->external_id, "18000000000000003");
    EXPECT_EQ(m->author, "ivy.unboxes");
    EXPECT_EQ(m->text, "Unboxing day with @ourshop");
}

TEST(MetaWire, MultiEntryBodyYieldsEveryMentionAndIgnoresTheRest) {
    auto const delivery = parse("multi_entry.json");
    ASSERT_EQ(delivery.mentions.size(), 3u);
    EXPECT_EQ(delivery.mentions[0].external_id, "998877_5560");
    EXPECT_EQ(delivery.mentions[1].external_id, "m_Multi789");
    EXPECT_EQ(delivery.mentions[2].external_id, "1122334456_112233");
    EXPECT_EQ(delivery.mentions[2].account, "1122334456");
    EXPECT_EQ(delivery.ignored, 2); // a reaction and a read receipt
}

TEST(MetaWire, EscapedUnicodeAsMetaSendsItIsDecoded) {
    auto const body =
        R"({"object":"page","entry":[{"id":"1","time":1764000000,"changes":[{"field":"feed","value":{"from":{"id":"9","name":"J\u00fcrgen"},"message":"K\u00fcndigung? \ud83d\ude20 https:\/\/x.example","post_id":"1_2","comment_id":"2_3","created_time":1764000000,"item":"comment","verb":"add"}}]}]})";
    auto parsed = parse_meta_delivery(body, options());
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(parsed->mentions.size(), 1u);
    EXPECT_EQ(parsed->mentions[0].author, "J\xC3\xBCrgen");
    EXPECT_EQ(parsed->mentions[0].text, "K\xC3\xBCndigung? \xF0\x9F\x98\xA0 https://x.example");
}

TEST(MetaWire, BodyWithoutEntriesIsAnError) {
    EXPECT_FALSE(parse_meta_delivery("not json", options()).has_value());
    EXPECT_FALSE(parse_meta_delivery(R"({"object":"page"})", options()).has_value());
    EXPECT_FALSE(parse_meta_delivery("[]", options()).has_value());
}

TEST(MetaWire, GraphErrorBodyGivesMessageAndCode) {
    auto const error = parse_graph_error(meta_sample("graph_oauth_error.json"));
    EXPECT_EQ(error.code, 190);
    EXPECT_EQ(error.message, "Invalid OAuth access token - Cannot parse access token");
}

} // namespace
} // namespace sb::test
