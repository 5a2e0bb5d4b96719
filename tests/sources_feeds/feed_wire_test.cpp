// SPDX-License-Identifier: Apache-2.0
// RSS 2.0 and Atom 1.0 samples (tests/data/feed) parsed into mentions.
#include "adapters/sources/feed/feed_wire.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sb {
namespace {

std::string sample(std::string const& name) {
    std::ifstream in(std::string(FEED_DATA_DIR) + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Instant at(char const* text) {
    return parse_instant(text).value();
}

FeedLabels labels() {
    return {"reviews", "trustpilot", MentionKind::review, "acme"};
}

TEST(FeedWire, Rss2ItemsBecomeMentionsKeyedByGuidThenLinkThenTitle) {
    auto entries = parse_feed(sample("rss2.xml"), labels(), at("2026-11-24T00:00:00Z"));
    ASSERT_TRUE(entries) << entries.error().to_string();
    ASSERT_EQ(entries->size(), 3u);
    auto const& first = (*entries)[0];
    EXPECT_EQ(first.key, "review-3");
    EXPECT_EQ(first.mention.external_id, "review-3");
    EXPECT_EQ(first.mention.platform, "trustpilot");
    EXPECT_EQ(first.mention.source, "reviews");
    EXPECT_EQ(first.mention.account, "acme");
    EXPECT_EQ(first.mention.kind, MentionKind::review);
    EXPECT_EQ(first.mention.author, "Dana");
    EXPECT_EQ(first.mention.text, "Parcel never arrived\nOrdered two weeks ago & still waiting.");
    EXPECT_EQ(first.mention.url, "https://reviews.example.com/acme/r/3");
    EXPECT_EQ(first.mention.created_at, at("2026-11-23T10:00:00Z"));
    EXPECT_EQ(first.mention.rating, 1);

    auto const& second = (*entries)[1];
    EXPECT_EQ(second.key, "https://reviews.example.com/acme/r/2") << "no guid: the link";
    EXPECT_EQ(second.mention.author, "erin@example.com (Erin)");
    EXPECT_EQ(second.mention.created_at, at("2026-11-22T17:30:00Z"));
    EXPECT_EQ(second.mention.rating, 5) << "4.6 rounds to 5";

    auto const& third = (*entries)[2];
    EXPECT_EQ(third.key, "Just a title") << "neither guid nor link: the title";
    EXPECT_EQ(third.mention.created_at, at("2026-11-24T00:00:00Z")) << "no date: the poll's time";
    EXPECT_FALSE(third.mention.rating);
}

TEST(FeedWire, AtomEntriesUseIdAlternateLinkAndPublished) {
    auto entries = parse_feed(sample("atom.xml"), {"forum", "rss", MentionKind::post, ""},
                              at("2026-11-24T00:00:00Z"));
    ASSERT_TRUE(entries) << entries.error().to_string();
    ASSERT_EQ(entries->size(), 2u);
    auto const& first = (*entries)[0];
    EXPECT_EQ(first.key, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
    EXPECT_EQ(first.mention.platform, "rss");
    EXPECT_EQ(first.mention.kind, MentionKind::post);
    EXPECT_EQ(first.mention.url, "https://forum.example.com/t/42") << "rel=alternate, not edit";
    EXPECT_EQ(first.mention.author, "Frank");
    EXPECT_EQ(first.mention.text,
              "Login broken since the update\nI cannot log in on Android since 4.2.");
    EXPECT_EQ(first.mention.created_at, at("2026-11-23T08:00:00Z"))
        << "published, fraction dropped";
    EXPECT_NE(first.mention.extra_json.find("\"updated\":\"2026-11-23T10:00:00Z\""),
              std::string::npos);

    auto const& second = (*entries)[1];
    EXPECT_EQ(second.key, "https://forum.example.com/t/41");
    EXPECT_EQ(second.mention.text, "Feature idea\nDark mode please.");
    EXPECT_EQ(second.mention.created_at, at("2026-11-22T08:00:00Z")) << "no published: updated";
}

TEST(FeedWire, MalformedOrForeignDocumentsAreErrorsNotCrashes) {
    auto const now = at("2026-11-24T00:00:00Z");
    EXPECT_FALSE(parse_feed("<rss><channel><item>", {}, now));
    EXPECT_FALSE(parse_feed("", {}, now));
    auto html = parse_feed("<html><body>moved</body></html>", {}, now);
    ASSERT_FALSE(html);
    EXPECT_NE(html.error().message.find("<html>"), std::string::npos) << html.error().message;
    // An Atom-looking root outside the Atom namespace is not Atom.
    EXPECT_FALSE(parse_feed("<feed><entry><id>x</id></entry></feed>", {}, now));
}

TEST(FeedWire, ExternalEntitiesAreNeitherFetchedNorExpanded) {
    auto const document = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><item><guid>a</guid><title>&secret;</title></item></channel></rss>)";
    auto entries = parse_feed(document, {}, at("2026-11-24T00:00:00Z"));
    ASSERT_TRUE(entries) << entries.error().to_string();
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_TRUE((*entries)[0].mention.text.empty()) << (*entries)[0].mention.text;
}

TEST(FeedWire, Rfc822DatesWithZoneNamesOffsetsAndNoDayName) {
    EXPECT_EQ(parse_rfc822_date("Mon, 23 Nov 2026 10:00:00 GMT").value(),
              at("2026-11-23T10:00:00Z"));
    EXPECT_EQ(parse_rfc822_date("23 Nov 2026 10:00:00 +0200").value(), at("2026-11-23T08:00:00Z"));
    EXPECT_EQ(parse_rfc822_date("Mon, 23 Nov 2026 02:00:00 PST").value(),
              at("2026-11-23T10:00:00Z"));
    EXPECT_EQ(parse_rfc822_date("Mon, 23 Nov 2026 10:00 Z").value(), at("2026-11-23T10:00:00Z"));
    EXPECT_FALSE(parse_rfc822_date("yesterday"));
}

} // namespace
} // namespace sb
