// SPDX-License-Identifier: Apache-2.0
// Matrix JSON in and out without a server: commands, reactions, errors, ids.
#include "adapters/chat/matrix/matrix_wire.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace sb::matrix {
namespace {

TEST(MatrixWire, CommandsNeedThePrefixOrAMentionInRoomsButNotInDms) {
    auto const me = std::string("@bot:example.org");
    EXPECT_EQ(command_text("!claim 4", me, false), "claim 4");
    EXPECT_EQ(command_text("@bot:example.org: claim 4", me, false), "claim 4");
    EXPECT_EQ(command_text("bot: claim 4", me, false), "claim 4");
    EXPECT_EQ(command_text("botanist says hi", me, false), std::nullopt);
    EXPECT_EQ(command_text("hello", me, false), std::nullopt);
    EXPECT_EQ(command_text("who", me, true), "who");
    EXPECT_EQ(command_text("> <@bot:example.org> card\n> more\n\n!claim", me, false), "claim");
}

TEST(MatrixWire, OnlyHandAndCheckReactionsAreCommands) {
    EXPECT_EQ(reaction_command("\xE2\x9C\x8B"), "claim");
    EXPECT_EQ(reaction_command("\xE2\x9C\x8B\xEF\xB8\x8F"), "claim");
    EXPECT_EQ(reaction_command("\xE2\x9C\x85"), "resolve");
    EXPECT_EQ(reaction_command("\xF0\x9F\x91\x8D"), std::nullopt);
}

TEST(MatrixWire, RetryAfterHeaderWinsOverTheBodyHint) {
    auto body =
        R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000})";
    EXPECT_EQ(parse_error(429, body, "").retry_after, std::chrono::milliseconds(2000));
    EXPECT_EQ(parse_error(429, body, "5").retry_after, std::chrono::milliseconds(5000));
    auto error = parse_error(403, R"({"errcode":"M_FORBIDDEN"})", "");
    EXPECT_EQ(error.describe(), "M_FORBIDDEN");
    EXPECT_EQ(parse_error(502, "<html>", "").describe(), "HTTP 502");
}

TEST(MatrixWire, CardRefsAndTxnIdsRoundTrip) {
    auto ref = make_card_ref("!room:example.org", "$event");
    auto parts = split_card_ref(ref);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->first, "!room:example.org");
    EXPECT_EQ(parts->second, "$event");
    EXPECT_EQ(txn_id_for_outbox(12), txn_id_for_outbox(12));
    EXPECT_NE(txn_id_for_outbox(12), txn_id_for_outbox(13));
    EXPECT_EQ(encode_component("!a:b"), "%21a%3Ab");
}

TEST(MatrixWire, EditReplacesTheWholeContentAndKeepsTheHtml) {
    CardView card;
    card.item_id = 3;
    card.state = "claimed";
    auto edit = card_edit_content(card, "$original");
    EXPECT_EQ(edit["m.relates_to"]["rel_type"], "m.replace");
    EXPECT_EQ(edit["m.relates_to"]["event_id"], "$original");
    EXPECT_EQ(edit["m.new_content"]["format"], "org.matrix.custom.html");
    EXPECT_FALSE(edit["m.new_content"].contains("m.relates_to"));
}

TEST(MatrixWire, SyncSkipsOwnEventsAndEditsAndFindsInvitesAndEncryption) {
    auto body = nlohmann::json{
        {"next_batch", "s9"},
        {"rooms",
         {{"join",
           {{"!r:hs",
             {{"state", {{"events", {{{"type", "m.room.encryption"}, {"state_key", ""}}}}}},
              {"timeline",
               {{"events",
                 {{{"type", "m.room.message"},
                   {"sender", "@bot:hs"},
                   {"event_id", "$1"},
                   {"content", {{"msgtype", "m.notice"}, {"body", "card"}}}},
                  {{"type", "m.room.message"},
                   {"sender", "@a:hs"},
                   {"event_id", "$2"},
                   {"content",
                    {{"msgtype", "m.text"},
                     {"body", "* !claim"},
                     {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", "$0"}}}}}},
                  {{"type", "m.room.message"},
                   {"sender", "@a:hs"},
                   {"event_id", "$3"},
                   {"content", {{"msgtype", "m.text"}, {"body", "!who"}}}}}}}}}}}},
          {"invite",
           {{"!i:hs",
             {{"invite_state",
               {{"events",
                 {{{"type", "m.room.member"},
                   {"state_key", "@bot:hs"},
                   {"sender", "@a:hs"},
                   {"content", {{"membership", "invite"}, {"is_direct", true}}}}}}}}}}}}}}};
    auto batch = parse_sync(body.dump(), "@bot:hs");
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->next_batch, "s9");
    ASSERT_EQ(batch->messages.size(), 1u);
    EXPECT_EQ(batch->messages[0].body, "!who");
    ASSERT_EQ(batch->invites.size(), 1u);
    EXPECT_EQ(batch->invites[0].inviter, "@a:hs");
    EXPECT_TRUE(batch->invites[0].is_direct);
    EXPECT_EQ(batch->encrypted_rooms, std::vector<std::string>{"!r:hs"});
    EXPECT_FALSE(parse_sync("{}", "@bot:hs"));
}

TEST(MatrixWire, LimitedTimelineIsAGapAndMessagesPagesAreRead) {
    auto sync = R"({"next_batch":"s9","rooms":{"join":{"!r:x":{"timeline":{"limited":true,
        "prev_batch":"s6","events":[{"type":"m.room.message","event_id":"$7","sender":"@a:x",
        "content":{"msgtype":"m.text","body":"!claim 7"}}]}},
        "!q:x":{"timeline":{"limited":false,"prev_batch":"s1","events":[]}}}}})";
    auto batch = parse_sync(sync, "@bot:x");
    ASSERT_TRUE(batch.has_value());
    ASSERT_EQ(batch->gaps.size(), 1u);
    EXPECT_EQ(batch->gaps[0].room, "!r:x");
    EXPECT_EQ(batch->gaps[0].prev_batch, "s6");
    EXPECT_EQ(batch->gaps[0].first_event_id, "$7");

    auto page = parse_messages(
        R"({"start":"s6","end":"s4","chunk":[
        {"type":"m.room.message","event_id":"$6","sender":"@a:x","content":{"msgtype":"m.text","body":"!claim 6"}},
        {"type":"m.room.message","event_id":"$5","sender":"@bot:x","content":{"msgtype":"m.notice","body":"done"}}]})",
        "!r:x", "@bot:x");
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->end, "s4");
    ASSERT_EQ(page->events.size(), 2u);
    ASSERT_TRUE(page->events[0].message.has_value());
    EXPECT_EQ(page->events[0].message->body, "!claim 6");
    EXPECT_EQ(page->events[0].message->room, "!r:x");
    EXPECT_EQ(page->events[1].event_id, "$5");
    EXPECT_FALSE(page->events[1].message.has_value()) << "the bot's own events are not read";
    EXPECT_FALSE(parse_messages(R"({"start":"s1"})", "!r:x", "@bot:x").has_value());
}

TEST(MatrixWire, AGermanTeamsCardIsGermanInTextAndHtmlAndEscapesTheStranger) {
    CardView card;
    card.language = Language::de;
    card.item_id = 5;
    card.priority = "urgent";
    card.platform = "mastodon";
    card.state = "open";
    card.author = "@dana<script>";
    card.excerpt = "Kündigung {0} <b>sofort</b>";
    card.on_call = "primary: Bob";
    card.actions = {"claim", "resolve"};
    auto content = card_content(card);
    auto body = content["body"].get<std::string>();
    EXPECT_NE(body.find("#5 · dringend · mastodon · offen"), std::string::npos) << body;
    EXPECT_NE(body.find("Bereitschaft: primary: Bob"), std::string::npos) << body;
    EXPECT_NE(body.find("Antworte mit !claim 5, !resolve 5 oder reagiere mit ✋ zum Übernehmen"),
              std::string::npos)
        << body;
    auto html = content["formatted_body"].get<std::string>();
    EXPECT_NE(html.find("dringend"), std::string::npos) << html;
    EXPECT_NE(html.find("oder reagiere mit ✋ zum Übernehmen, ✅ zum Erledigen"), std::string::npos)
        << html;
    EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
    EXPECT_EQ(html.find("<b>sofort"), std::string::npos) << html;
}

} // namespace
} // namespace sb::matrix
