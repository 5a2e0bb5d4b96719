// SPDX-License-Identifier: Apache-2.0
// Slack's wire format: signatures, Web API answers, cards and inbound payloads.
#include "adapters/chat/slack/slack_wire.hpp"
#include "bot/commands/command.hpp"

#include <gtest/gtest.h>

namespace sb::slack {
namespace {

using nlohmann::json;

// Slack's worked example from "Verifying requests from Slack".
constexpr char const* docs_secret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr char const* docs_timestamp = "1531420618";
constexpr char const* docs_body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
constexpr char const* docs_signature =
    "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

Instant at_seconds(long long s) {
    return Instant(Seconds(s));
}

TEST(SlackSignature, AcceptsTheExampleFromSlacksDocumentation) {
    EXPECT_TRUE(verify_signature(docs_secret, docs_timestamp, docs_body, docs_signature,
                                 at_seconds(1531420618)));
    EXPECT_TRUE(verify_signature(docs_secret, docs_timestamp, docs_body, docs_signature,
                                 at_seconds(1531420618 + 299)));
}

TEST(SlackSignature, RefusesAnAlteredBody) {
    std::string body = docs_body;
    body.back() = 'd';
    EXPECT_FALSE(verify_signature(docs_secret, docs_timestamp, body, docs_signature,
                                  at_seconds(1531420618)));
    EXPECT_FALSE(verify_signature(docs_secret, docs_timestamp, std::string(docs_body) + " ",
                                  docs_signature, at_seconds(1531420618)));
}

TEST(SlackSignature, RefusesAnotherSecretOrAMissingSignature) {
    EXPECT_FALSE(verify_signature("another-secret", docs_timestamp, docs_body, docs_signature,
                                  at_seconds(1531420618)));
    EXPECT_FALSE(
        verify_signature(docs_secret, docs_timestamp, docs_body, "", at_seconds(1531420618)));
    EXPECT_FALSE(
        verify_signature(docs_secret, "", docs_body, docs_signature, at_seconds(1531420618)));
}

TEST(SlackSignature, RefusesTimestampsMoreThanFiveMinutesAwayEitherWay) {
    auto stale = verify_signature(docs_secret, docs_timestamp, docs_body, docs_signature,
                                  at_seconds(1531420618 + 301));
    ASSERT_FALSE(stale);
    EXPECT_NE(stale.error().message.find("five minutes"), std::string::npos);
    EXPECT_FALSE(verify_signature(docs_secret, docs_timestamp, docs_body, docs_signature,
                                  at_seconds(1531420618 - 301)));
    EXPECT_FALSE(verify_signature(docs_secret, "1531420618x", docs_body, docs_signature,
                                  at_seconds(1531420618)));
}

TEST(SlackForm, DecodesTheSlashCommandFields) {
    auto fields = parse_form(docs_body);
    EXPECT_EQ(fields["command"], "/webhook-collect");
    EXPECT_EQ(fields["user_id"], "U2CERLKJA");
    EXPECT_EQ(fields["text"], "");
    EXPECT_EQ(fields["response_url"],
              "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
}

TEST(SlackForm, HostileEscapesAreKeptAsTextAndNoByteIsLost) {
    auto fields = parse_form("text=%\xff%4%zz%%41\x80+%e2%82%ac&text=second&=x");
    EXPECT_EQ(fields["text"], "%\xff%4%zz%A\x80 \xe2\x82\xac"); // the first of a repeated field
    EXPECT_EQ(fields[""], "x");
}

OutboundResponse answer(int status, std::string body,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    OutboundResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

TEST(SlackWebApiAnswers, RateLimitHonoursRetryAfter) {
    auto result =
        classify_response("chat.postMessage", answer(429, R"({"ok":false,"error":"ratelimited"})",
                                                     {{"retry-after", "30"}}));
    auto* failure = std::get_if<ApiFailure>(&result);
    ASSERT_NE(failure, nullptr);
    EXPECT_EQ(failure->retry, Retry::later);
    EXPECT_EQ(failure->retry_after, Seconds(30));
}

TEST(SlackWebApiAnswers, TransientErrorsAreRetriedAndMistakesDropped) {
    auto later = [](std::string const& error) {
        auto result = classify_response("chat.postMessage",
                                        answer(200, json{{"ok", false}, {"error", error}}.dump()));
        return std::get<ApiFailure>(result).retry == Retry::later;
    };
    EXPECT_TRUE(later("ratelimited"));
    EXPECT_TRUE(later("internal_error"));
    EXPECT_TRUE(later("request_timeout"));
    EXPECT_FALSE(later("channel_not_found"));
    EXPECT_FALSE(later("not_in_channel"));
    EXPECT_FALSE(later("invalid_auth"));
    EXPECT_FALSE(later("invalid_blocks"));
    auto outage = classify_response("chat.postMessage", answer(503, "<html>"));
    EXPECT_EQ(std::get<ApiFailure>(outage).retry, Retry::later);
    auto refused =
        classify_response("chat.postMessage",
                          Result<OutboundResponse>(make_error(ErrorCode::unavailable, "refused")));
    EXPECT_EQ(std::get<ApiFailure>(refused).retry, Retry::later);
    auto ok = classify_response("chat.postMessage", answer(200, R"({"ok":true,"ts":"1.2"})"));
    EXPECT_EQ(std::get<json>(ok)["ts"], "1.2");
}

TEST(SlackCards, CardShowsEverythingTheCoreDecidedAndOneButtonPerAction) {
    CardView card;
    card.item_id = 42;
    card.platform = "mastodon";
    card.author = "@someone";
    card.excerpt = "Where is my <order> & why?";
    card.url = "https://example.org/42";
    card.priority = "high";
    card.state = "open";
    card.status_line = "Open, nobody has claimed it";
    card.on_call = "primary: Bob";
    card.received_at = at_seconds(1'700'000'000);
    card.actions = {"claim", "resolve", "snooze", "dismiss"};
    auto rendered = render_card(card, at_seconds(1'700'000'000 + 600));
    auto text = rendered.blocks.dump();
    EXPECT_NE(text.find("mastodon"), std::string::npos);
    EXPECT_NE(text.find("@someone"), std::string::npos);
    EXPECT_NE(text.find("&lt;order&gt; &amp; why?"), std::string::npos);
    EXPECT_NE(text.find("https://example.org/42"), std::string::npos);
    EXPECT_NE(text.find("high"), std::string::npos);
    EXPECT_NE(text.find("10m ago"), std::string::npos);
    EXPECT_NE(text.find("primary: Bob"), std::string::npos);
    auto const& actions = rendered.blocks.back();
    ASSERT_EQ(actions["type"], "actions");
    std::vector<std::string> ids;
    for (auto const& button : actions["elements"]) {
        ids.push_back(button["action_id"]);
        EXPECT_EQ(button["value"], "42");
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"claim", "resolve", "snooze", "dismiss"}));
    EXPECT_EQ(actions["elements"][2]["text"]["text"], "Snooze 1h");
}

TEST(SlackCards, HostileFieldsMakeNoMentionAndNoLink) {
    CardView card;
    card.item_id = 7;
    card.platform = "x|evil>";
    card.author = "<!here>";
    card.excerpt = "<!channel> refund <https://evil.example|https://www.paypal.com>";
    card.url = "https://x.com/a|x> <!channel> <https://evil.example/login";
    card.state = "open";
    card.status_line = "<@U0BOSS> said so";
    auto rendered = render_card(card, at_seconds(1'700'000'000));
    auto all = rendered.blocks.dump() + rendered.text;
    for (auto const* hostile : {"<!here>", "<!channel>", "<https://evil", "<@U0BOSS>", "evil>"})
        EXPECT_EQ(all.find(hostile), std::string::npos) << hostile << " in " << all;
    EXPECT_NE(all.find("https://x.com/a|x&gt; &lt;!channel&gt;"), std::string::npos) << all;
    EXPECT_EQ(all.find("Open on"), std::string::npos) << "the URL is text, not a link";

    card.url = "https://x.com/dana/status/1";
    rendered = render_card(card, at_seconds(1'700'000'000));
    EXPECT_NE(rendered.blocks.dump().find("<https://x.com/dana/status/1|Open on x|evil&gt;>"),
              std::string::npos)
        << rendered.blocks.dump();
    EXPECT_EQ(escape("a & <b> |c"), "a &amp; &lt;b&gt; |c");
}

TEST(SlackInbound, ReactionsClaimAndResolveTheCardTheyAreOn) {
    auto event = [](std::string reaction) {
        return json{{"type", "event_callback"},
                    {"event_id", "Ev1"},
                    {"event",
                     {{"type", "reaction_added"},
                      {"user", "U1"},
                      {"reaction", reaction},
                      {"item", {{"type", "message"}, {"channel", "C1"}, {"ts", "1.000100"}}}}}};
    };
    auto claim = translate(PayloadKind::events_api, event("raised_hand"), "slack", "UBOT");
    ASSERT_TRUE(claim && claim->command);
    EXPECT_EQ(claim->event_id, "Ev1");
    EXPECT_EQ(claim->command->text, "claim");
    EXPECT_EQ(claim->command->origin.card_ref, "C1:1.000100");
    auto resolve = translate(PayloadKind::events_api, event("white_check_mark"), "slack", "UBOT");
    ASSERT_TRUE(resolve && resolve->command);
    EXPECT_EQ(resolve->command->text, "resolve");
    auto other = translate(PayloadKind::events_api, event("tada"), "slack", "UBOT");
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->command);
}

TEST(SlackInbound, MessagesNeedThePrefixOrAMentionAndTheBotIgnoresItself) {
    auto message = [](std::string user, std::string text, std::string channel_type = "channel") {
        return json{{"type", "event_callback"},
                    {"event_id", "Ev2"},
                    {"event",
                     {{"type", "message"},
                      {"user", user},
                      {"text", text},
                      {"channel", "C1"},
                      {"channel_type", channel_type}}}};
    };
    auto typed = translate(PayloadKind::events_api, message("U1", "!claim 7"), "slack", "UBOT");
    ASSERT_TRUE(typed && typed->command);
    EXPECT_EQ(typed->command->text, "claim 7");
    auto chatter = translate(PayloadKind::events_api, message("U1", "claim 7"), "slack", "UBOT");
    EXPECT_FALSE(chatter->command);
    auto own = translate(PayloadKind::events_api, message("UBOT", "!claim 7"), "slack", "UBOT");
    EXPECT_FALSE(own->command);
    auto dm = translate(PayloadKind::events_api, message("U1", "resolve 7", "im"), "slack", "UBOT");
    ASSERT_TRUE(dm->command);
    EXPECT_TRUE(dm->command->direct);
    EXPECT_EQ(dm->command->text, "resolve 7");
    json mention = {
        {"type", "event_callback"},
        {"event_id", "Ev3"},
        {"event",
         {{"type", "app_mention"}, {"user", "U1"}, {"text", "<@UBOT> who"}, {"channel", "C1"}}}};
    auto mentioned = translate(PayloadKind::events_api, mention, "slack", "UBOT");
    ASSERT_TRUE(mentioned->command);
    EXPECT_EQ(mentioned->command->text, "who");
}

} // namespace
} // namespace sb::slack

namespace sb::slack {
namespace {

TEST(SlackInbound, EveryCardButtonBecomesACommandTheGrammarAccepts) {
    for (std::string verb : {"claim", "resolve", "snooze", "dismiss"}) {
        nlohmann::json click = {
            {"type", "block_actions"},
            {"user", {{"id", "U1"}}},
            {"container", {{"type", "message"}, {"channel_id", "C1"}, {"message_ts", "5.1"}}},
            {"actions", {{{"action_id", verb}, {"value", "7"}, {"type", "button"}}}}};
        auto translated = translate(PayloadKind::interactive, click, "slack", "UBOT");
        ASSERT_TRUE(translated && translated->command) << verb;
        EXPECT_EQ(translated->command->text.rfind(verb + " 7", 0), 0u);
        EXPECT_TRUE(commands::parse_command(translated->command->text))
            << translated->command->text;
    }
}

} // namespace
} // namespace sb::slack

namespace sb::slack {
namespace {

nlohmann::json button(std::string const& verb, nlohmann::json value) {
    return {{"type", "block_actions"},
            {"user", {{"id", "U1"}}},
            {"container", {{"type", "message"}, {"channel_id", "C1"}, {"message_ts", "5.1"}}},
            {"actions", {{{"action_id", verb}, {"value", value}, {"type", "button"}}}}};
}

TEST(SlackInbound, ButtonsAndReactionsArriveTypedAndMarkedAsSlackWhateverTheName) {
    auto click = translate(PayloadKind::interactive, button("claim", "7"), "team-slack", "UBOT");
    ASSERT_TRUE(click && click->command && click->command->action);
    auto const& action = *click->command->action;
    EXPECT_EQ(action.verb, "claim");
    EXPECT_EQ(action.item, ItemId{7});
    EXPECT_TRUE(action.args.empty());
    EXPECT_EQ(action.origin.adapter, "team-slack");
    EXPECT_EQ(action.origin.via, Via::slack);
    EXPECT_EQ(action.origin.card_ref, "C1:5.1");
    auto snooze = translate(PayloadKind::interactive, button("snooze", "7"), "team-slack", "UBOT");
    ASSERT_TRUE(snooze && snooze->command && snooze->command->action);
    EXPECT_EQ(snooze->command->action->args, std::vector<std::string>{"1h"});

    nlohmann::json reaction = {
        {"type", "event_callback"},
        {"event_id", "Ev1"},
        {"event",
         {{"type", "reaction_added"},
          {"user", "U1"},
          {"reaction", "raised_hand::skin-tone-3"},
          {"item", {{"type", "message"}, {"channel", "C1"}, {"ts", "1.000100"}}}}}};
    auto reacted = translate(PayloadKind::events_api, reaction, "team-slack", "UBOT");
    ASSERT_TRUE(reacted && reacted->command && reacted->command->action);
    EXPECT_EQ(reacted->command->action->verb, "claim");
    EXPECT_EQ(reacted->command->action->item, std::nullopt);
    EXPECT_EQ(reacted->command->action->origin.via, Via::slack);
    EXPECT_EQ(reacted->command->action->origin.card_ref, "C1:1.000100");

    nlohmann::json typed = {{"type", "event_callback"},
                            {"event_id", "Ev2"},
                            {"event",
                             {{"type", "message"},
                              {"user", "U1"},
                              {"text", "!claim 7"},
                              {"channel", "C1"},
                              {"channel_type", "channel"}}}};
    auto line = translate(PayloadKind::events_api, typed, "team-slack", "UBOT");
    ASSERT_TRUE(line && line->command);
    EXPECT_FALSE(line->command->action);
    EXPECT_EQ(line->command->origin.via, Via::slack);
}

TEST(SlackInbound, HostileButtonValuesAreRefusedNotActedOn) {
    for (nlohmann::json value :
         {nlohmann::json(""), nlohmann::json("7; resolve 8"), nlohmann::json(std::string(40, '9')),
          nlohmann::json(std::string(100000, '1')), nlohmann::json(7), nlohmann::json("-1"),
          // Arabic-Indic digits, and bytes that are negative as a plain char
          nlohmann::json("\u0667"), nlohmann::json(std::string("7\xff\x80", 3))}) {
        auto click = translate(PayloadKind::interactive, button("claim", value), "team-slack", "U");
        EXPECT_FALSE(click) << value.dump().substr(0, 60);
    }
    auto unknown = translate(PayloadKind::interactive, button("drop_tables", "7"), "s", "U");
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(unknown->command);
}

TEST(SlackCards, AGermanTeamsCardHasGermanButtonsAndLabels) {
    CardView card;
    card.language = Language::de;
    card.item_id = 7;
    card.platform = "x";
    card.author = "@dana";
    card.excerpt = "Rechnung <falsch> {0}";
    card.url = "https://x.com/dana/status/7";
    card.priority = "high";
    card.state = "open";
    card.status_line = "Offen seit 10 Min.";
    card.on_call = "primary: Bob";
    card.received_at = at_seconds(1'700'000'000);
    card.actions = {"claim", "resolve", "snooze", "dismiss"};
    auto rendered = render_card(card, at_seconds(1'700'000'000 + 600));
    auto text = rendered.blocks.dump();
    EXPECT_NE(text.find("hoch · offen"), std::string::npos) << text;
    EXPECT_NE(text.find("|Auf x öffnen>"), std::string::npos) << text;
    EXPECT_NE(text.find("Eingegangen vor 10 Min."), std::string::npos) << text;
    EXPECT_NE(text.find("Bereitschaft: primary: Bob"), std::string::npos) << text;
    EXPECT_NE(text.find("Rechnung &lt;falsch&gt; {0}"), std::string::npos) << text;
    std::vector<std::string> labels;
    for (auto const& button : rendered.blocks.back()["elements"])
        labels.push_back(button["text"]["text"]);
    EXPECT_EQ(labels, (std::vector<std::string>{"Übernehmen", "Erledigen", "1 Std. zurückstellen",
                                                "Verwerfen"}));
    EXPECT_NE(rendered.text.find("#7 x von @dana"), std::string::npos) << rendered.text;
    auto page = render_page_blocks("Alarm", 7, Language::de).dump();
    EXPECT_NE(page.find("Übernehmen"), std::string::npos) << page;
}

} // namespace
} // namespace sb::slack
