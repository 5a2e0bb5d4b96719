// SPDX-License-Identifier: Apache-2.0
// Mastodon's payloads, from samples shaped like the documentation, into mentions.
#include "adapters/sources/mastodon/mastodon_wire.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace sb::mastodon {
namespace {

std::string sample(std::string const& name) {
    std::ifstream in(std::string(MASTODON_SAMPLES) + "/" + name);
    EXPECT_TRUE(in) << name;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Origin const origin{"masto", "@brand"};

TEST(MastodonWire, StreamNotificationPayloadIsDecodedTwiceIntoAMention) {
    auto frame = parse_stream_frame(sample("stream_notification.json"));
    ASSERT_TRUE(frame) << frame.error().message;
    EXPECT_EQ(frame->event, "notification");
    ASSERT_EQ(frame->payload.front(), '{') << "the payload stays JSON text until it is parsed";
    auto notification = parse_notification(frame->payload, origin);
    ASSERT_TRUE(notification) << notification.error().message;
    EXPECT_EQ(notification->id, "68739215");
    EXPECT_EQ(notification->type, "mention");
    ASSERT_TRUE(notification->mention);
    auto const& m = *notification->mention;
    EXPECT_EQ(m.platform, "mastodon");
    EXPECT_EQ(m.source, "masto");
    EXPECT_EQ(m.account, "@brand");
    EXPECT_EQ(m.external_id, "108914343542683797") << "keyed by the status, not the notification";
    EXPECT_EQ(m.author, "@a@pl.nulled.red");
    EXPECT_EQ(m.url, "https://pl.nulled.red/objects/64b196c6-3bc5-44d5-8ffb-f760235ee6ca");
    EXPECT_EQ(m.text, "@trwnh test");
    EXPECT_EQ(m.kind, MentionKind::mention);
    EXPECT_EQ(m.language, "") << "language null";
    EXPECT_EQ(m.parent_id, "") << "in_reply_to_id null";
    EXPECT_EQ(m.change, MentionChange::created);
    EXPECT_EQ(m.created_at, parse_instant("2022-08-30T23:09:52Z").value());
    auto extra = nlohmann::json::parse(m.extra_json);
    EXPECT_EQ(extra["notification_id"], "68739215");
    EXPECT_EQ(extra["visibility"], "unlisted");
}

TEST(MastodonWire, DirectStatusIsADmWithParentLanguageAndPlainText) {
    auto frame = parse_stream_frame(sample("stream_notification_direct.json"));
    ASSERT_TRUE(frame);
    auto notification = parse_notification(frame->payload, origin);
    ASSERT_TRUE(notification && notification->mention);
    auto const& m = *notification->mention;
    EXPECT_EQ(m.kind, MentionKind::dm);
    EXPECT_EQ(m.parent_id, "108914298452377720");
    EXPECT_EQ(m.language, "de");
    EXPECT_EQ(m.text, "@trwnh Rechnung & Vertrag <falsch>\n\nDanke! \xF0\x9F\x98\x80\nGru&szlig;")
        << "named entities outside the common few stay as written";
}

TEST(MastodonWire, StatusUpdateIsAnEditKeyedByTheStatusId) {
    auto frame = parse_stream_frame(sample("stream_status_update.json"));
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->event, "status.update");
    auto edit = parse_status_update(frame->payload, origin);
    ASSERT_TRUE(edit) << edit.error().message;
    EXPECT_EQ(edit->external_id, "109348677773283527");
    EXPECT_EQ(edit->change, MentionChange::edited);
    EXPECT_EQ(edit->text, "edited");
    EXPECT_EQ(edit->author, "@admin");
    EXPECT_EQ(edit->language, "en");
}

TEST(MastodonWire, DeletePayloadIsTheBareStatusId) {
    auto frame = parse_stream_frame(sample("stream_delete.json"));
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->event, "delete");
    EXPECT_EQ(frame->payload, "108914343542683797");
    auto deleted = deleted_status(frame->payload, origin);
    EXPECT_EQ(deleted.external_id, "108914343542683797");
    EXPECT_EQ(deleted.change, MentionChange::deleted);
    EXPECT_EQ(deleted.platform, "mastodon");
}

TEST(MastodonWire, NotificationsPageKeepsServerOrderAndOnlyMentionsCarryAMention) {
    auto page = parse_notifications(sample("notifications_page.json"), origin);
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->size(), 3u);
    EXPECT_EQ((*page)[0].id, "68739215");
    EXPECT_TRUE((*page)[0].mention);
    EXPECT_EQ((*page)[1].type, "follow");
    EXPECT_FALSE((*page)[1].mention);
    EXPECT_EQ((*page)[2].mention->external_id, "108914300000000000");
}

TEST(MastodonWire, MalformedPayloadsAreErrorsNotCrashes) {
    EXPECT_FALSE(parse_stream_frame("not json"));
    EXPECT_FALSE(parse_stream_frame(R"({"payload": "x"})"));
    EXPECT_FALSE(parse_notification("{\"id\": ", origin));
    EXPECT_FALSE(parse_notification(R"({"type": "mention"})", origin));
    EXPECT_FALSE(parse_notifications(R"({"error": "x"})", origin));
    EXPECT_FALSE(parse_status_update(R"({"id": "1", "created_at": "yesterday"})", origin));
    auto no_status = parse_notification(R"({"id": "5", "type": "mention"})", origin);
    ASSERT_TRUE(no_status);
    EXPECT_FALSE(no_status->mention) << "a mention whose status is gone has nothing to answer";
}

TEST(MastodonWire, IdsStayStringsEvenBeyondSixtyFourBits) {
    auto n = parse_notification(
        R"({"id": "99999999999999999999999", "type": "mention", "status": {"id": "000123",
            "created_at": "2026-11-20T10:00:00Z", "content": "", "account": {"acct": "x"}}})",
        origin);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->id, "99999999999999999999999");
    EXPECT_EQ(n->mention->external_id, "000123") << "leading zeros kept: never a number";
}

TEST(MastodonWire, LinkHeaderPrevCarriesTheNewerMinId) {
    std::string link = "<https://mastodon.example/api/v1/notifications?max_id=34975535>; "
                       "rel=\"next\", <https://mastodon.example/api/v1/"
                       "notifications?types%5B%5D=mention&min_id=34975861>; rel=\"prev\"";
    EXPECT_EQ(link_parameter(link, "prev", "min_id"), "34975861");
    EXPECT_EQ(link_parameter(link, "next", "max_id"), "34975535");
    EXPECT_FALSE(link_parameter(link, "next", "min_id"));
    EXPECT_FALSE(link_parameter("", "prev", "min_id"));
}

TEST(MastodonWire, StreamingHostComesFromTheInstance) {
    EXPECT_EQ(streaming_url_from_instance(sample("instance_v2.json")),
              "wss://streaming.mastodon.social");
    EXPECT_EQ(streaming_url_from_instance(sample("instance_v1.json")), "wss://mastodon.social");
    EXPECT_FALSE(streaming_url_from_instance(R"({"domain": "x"})"));
}

TEST(MastodonWire, HtmlBecomesPlainText) {
    EXPECT_EQ(html_to_text("<p>a &amp; b</p><p>c<br>d</p>"), "a & b\n\nc\nd");
    EXPECT_EQ(html_to_text("&lt;script&gt; &#39;x&#39; &#x27;y&#x27; &quot;"),
              "<script> 'x' 'y' \"");
    EXPECT_EQ(html_to_text("5 &lt 6 & 7"), "5 &lt 6 & 7") << "no semicolon: not an entity";
    EXPECT_EQ(html_to_text("cut <a href="), "cut");
    EXPECT_EQ(html_to_text("&#0; &#xD800;"), "\xEF\xBF\xBD \xEF\xBF\xBD");
}

TEST(MastodonWire, ApiErrorsReadTheErrorField) {
    EXPECT_EQ(api_error_message(401, R"({"error": "The access token is invalid"})"),
              "The access token is invalid (HTTP 401)");
    EXPECT_EQ(api_error_message(502, "<html>"), "HTTP 502");
}

} // namespace
} // namespace sb::mastodon
