// SPDX-License-Identifier: Apache-2.0
// RSS 2.0 and Atom 1.0 samples (tests/data/feed) parsed into mentions, and the hostile samples
// the feed fuzz target starts from (tests/fuzz/corpus/feed).
#include "adapters/sources/feed/feed_wire.hpp"

#include <libxml/parser.h>
#include <libxml/xmlIO.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <vector>

namespace sb {
namespace {

std::string read_file(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string sample(std::string const& name) {
    return read_file(std::string(FEED_DATA_DIR) + "/" + name);
}

std::string hostile(std::string const& name) {
    return read_file(std::string(FEED_CORPUS_DIR) + "/" + name);
}

Instant at(char const* text) {
    return parse_instant(text).value();
}

FeedLabels labels() {
    return {"reviews", "trustpilot", MentionKind::review, "acme"};
}

// Every URI libxml2 is asked to open while one of these lives; they are only recorded.
class OpenedResources {
public:
    OpenedResources() {
        xmlInitParser(); // the default handlers first, so this one is asked before them
        uris().clear();
        xmlRegisterInputCallbacks(&record, &never_open, nullptr, nullptr);
    }
    ~OpenedResources() { xmlPopInputCallbacks(); }
    OpenedResources(OpenedResources const&) = delete;
    OpenedResources& operator=(OpenedResources const&) = delete;

    static std::vector<std::string>& uris() {
        static std::vector<std::string> seen;
        return seen;
    }

private:
    static int record(char const* uri) {
        uris().emplace_back(uri ? uri : "");
        return 0; // not this handler's: libxml2 goes on to its own
    }
    static void* never_open(char const*) { return nullptr; }
};

// What a parse returned and how long it took.
struct TimedParse {
    Result<std::vector<FeedEntry>> entries;
    std::chrono::steady_clock::duration took;
};

TimedParse timed_parse(std::string const& document) {
    auto const started = std::chrono::steady_clock::now();
    auto entries = parse_feed(document, {}, at("2026-11-24T00:00:00Z"));
    return {std::move(entries), std::chrono::steady_clock::now() - started};
}

TEST(FeedWire, BillionLaughsEndsFastAndExpandsNothing) {
    auto const document = hostile("billion-laughs.xml");
    ASSERT_FALSE(document.empty());
    auto const parse = timed_parse(document);
    EXPECT_LT(parse.took, std::chrono::seconds(2));
    // Refusing the document is as good as reading it with the entities left out.
    if (parse.entries)
        for (auto const& entry : *parse.entries) {
            EXPECT_EQ(entry.mention.text.find("lol"), std::string::npos) << entry.key;
            EXPECT_LE(entry.mention.text.size(), document.size()) << entry.key;
        }
}

TEST(FeedWire, EntitiesDeclaredInTheDocumentCannotMakeItsTextLarger) {
    for (auto const* name : {"quadratic-blowup.xml", "entity-amplification-nested.xml",
                             "entity-amplification-attribute.xml"}) {
        auto const document = hostile(name);
        ASSERT_FALSE(document.empty()) << name;
        auto const parse = timed_parse(document);
        EXPECT_LT(parse.took, std::chrono::seconds(2)) << name;
        ASSERT_TRUE(parse.entries) << name << ": " << parse.entries.error().to_string();
        ASSERT_EQ(parse.entries->size(), 1u) << name;
        auto const& mention = (*parse.entries)[0].mention;
        EXPECT_LE(mention.text.size(), document.size()) << name;
        EXPECT_LE(mention.url.size(), document.size()) << name;
    }
}

TEST(FeedWire, TheXxeSamplesOpenNoFileAndFetchNothing) {
    OpenedResources const opened;
    for (auto const* name :
         {"xxe-file.xml", "xxe-atom.xml", "xxe-parameter-entity.xml", "external-dtd.xml"}) {
        auto const document = hostile(name);
        ASSERT_FALSE(document.empty()) << name;
        auto const parse = timed_parse(document);
        EXPECT_LT(parse.took, std::chrono::seconds(2)) << name;
        ASSERT_TRUE(parse.entries) << name << ": " << parse.entries.error().to_string();
        for (auto const& entry : *parse.entries) {
            EXPECT_EQ(entry.mention.text.find("root:"), std::string::npos) << name;
            EXPECT_EQ(entry.key.find("root:"), std::string::npos) << name;
        }
    }
    auto const xxe = timed_parse(hostile("xxe-file.xml"));
    ASSERT_TRUE(xxe.entries);
    ASSERT_EQ(xxe.entries->size(), 1u);
    EXPECT_EQ((*xxe.entries)[0].key, "xxe");
    EXPECT_TRUE((*xxe.entries)[0].mention.text.empty()) << (*xxe.entries)[0].mention.text;
    EXPECT_TRUE(OpenedResources::uris().empty())
        << "libxml2 was asked to open " << OpenedResources::uris().front();
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

TEST(FeedWire, Rfc822DatesOfAnotherShapeAreRefusedBeforeDateParseSeesThem) {
    // What the feed fuzz target found: date::parse misbehaves on a colon without seconds after it
    // and on a '-' zone without digits.
    EXPECT_FALSE(parse_rfc822_date("Mon, 23 Nov 2026 10:00:\xcd"
                                   "0 MGT"));
    EXPECT_FALSE(parse_rfc822_date("Mon, 33 Nov 2026 10:0-:00 GMT"));
    EXPECT_FALSE(parse_rfc822_date("Mon, 23 Nov 2026 10:00: GMT"));
    EXPECT_FALSE(parse_rfc822_date("Mon, 23 Nov 2026 10:00 -"));
    EXPECT_FALSE(parse_rfc822_date("Mon, 23 Nov 2026 10:00 -:0"));
    EXPECT_FALSE(parse_rfc822_date(std::string(200, '1')));
    EXPECT_EQ(parse_rfc822_date("Mon, 23 Nov 2026 10:00:59 GMT").value(),
              at("2026-11-23T10:00:59Z"));
    EXPECT_EQ(parse_rfc822_date("Mon,  3 November 2026  10:00 -0130").value(),
              at("2026-11-03T11:30:00Z"));
    EXPECT_EQ(parse_rfc822_date("Mon, 23 Nov 2026 10:00:00 +0000 (UTC)").value(),
              at("2026-11-23T10:00:00Z"));
}

} // namespace
} // namespace sb
