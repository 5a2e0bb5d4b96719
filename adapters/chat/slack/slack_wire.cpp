// SPDX-License-Identifier: Apache-2.0
// The only file that knows Slack's JSON: Block Kit cards, Web API answers, events and forms.
#include "adapters/chat/slack/slack_wire.hpp"

#include "base/hmac.hpp"
#include "base/json_bounded.hpp"
#include "base/json_fields.hpp"
#include "base/safe_text.hpp"
#include "base/say.hpp"

#include <algorithm>
#include <set>

namespace sb::slack {
namespace {

using nlohmann::json;

// Slack caps a section's text at 3000 characters; an excerpt is cut well before that.
std::string cut(std::string const& text, std::size_t limit) {
    if (text.size() <= limit)
        return text;
    return std::string(utf8_prefix(text, limit)) + "…";
}

json plain(std::string const& text) {
    return {{"type", "plain_text"}, {"text", text}, {"emoji", true}};
}
json mrkdwn(std::string const& text) {
    return {{"type", "mrkdwn"}, {"text", text}};
}

json button(std::string const& action, std::string const& label, ItemId item,
            std::string const& style = {}) {
    json b = {{"type", "button"},
              {"action_id", action},
              {"value", std::to_string(item)},
              {"text", plain(label)}};
    if (!style.empty())
        b["style"] = style;
    return b;
}

std::string received_line(Language lang, Instant received, Instant now) {
    if (received == Instant{} || now < received || now - received < std::chrono::minutes(1))
        return say(lang, "Received just now");
    auto age = std::chrono::duration_cast<std::chrono::minutes>(now - received);
    return say(lang, "Received {0} ago", duration_words(lang, age));
}

std::string trim(std::string text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// Reactions that act on a card. Slack names ✋ "raised_hand" (alias "hand") and ✅
// "white_check_mark"; skin tones arrive as "raised_hand::skin-tone-2".
std::optional<std::string> reaction_command(std::string reaction) {
    if (auto colon = reaction.find("::"); colon != std::string::npos)
        reaction.resize(colon);
    if (reaction == "raised_hand" || reaction == "hand")
        return "claim";
    if (reaction == "white_check_mark" || reaction == "heavy_check_mark")
        return "resolve";
    return std::nullopt;
}

Result<Translated> translate_event(json const& payload, std::string const& adapter,
                                   std::string const& bot_user) {
    Translated out;
    out.event_id = string_field(payload, "event_id");
    auto event = payload.find("event");
    if (event == payload.end() || !event->is_object())
        return out;
    auto type = string_field(*event, "type");
    auto user = string_field(*event, "user");
    // The bot's own messages and other bots' never become commands: that would loop.
    if (user.empty() || user == bot_user || event->contains("bot_id"))
        return out;
    InboundCommand command;
    command.origin.adapter = adapter;
    command.origin.via = Via::slack;
    command.origin.user = user;
    if (type == "reaction_added") {
        auto item = event->value("item", json::object());
        auto verb = reaction_command(string_field(*event, "reaction"));
        if (!verb || string_field(item, "type") != "message")
            return out;
        command.origin.room = string_field(item, "channel");
        command.origin.card_ref = card_ref(command.origin.room, string_field(item, "ts"));
        command.origin.ephemeral = true;
        command.action = InboundAction{*verb, std::nullopt, {}, command.origin};
        command.text = action_text(*command.action);
        out.command = command;
        return out;
    }
    auto text = string_field(*event, "text");
    command.origin.room = string_field(*event, "channel");
    auto mention = "<@" + bot_user + ">";
    if (type == "app_mention") {
        auto at = text.find(mention);
        if (bot_user.empty() || at == std::string::npos)
            return out;
        command.text = trim(text.substr(at + mention.size()));
    } else if (type == "message") {
        // Edits, joins and other subtypes are not typed commands.
        if (event->contains("subtype"))
            return out;
        text = trim(text);
        if (string_field(*event, "channel_type") == "im") {
            command.direct = true;
            command.origin.room.clear();
            command.origin.ephemeral = false;
            if (!text.empty() && text.front() == '!')
                text.erase(0, 1);
            // A mention in a DM is redundant; take what follows it.
            if (!bot_user.empty() && text.rfind(mention, 0) == 0)
                text = text.substr(mention.size());
            command.text = trim(text);
            command.dm_channel = string_field(*event, "channel");
        } else {
            // Mentions arrive as app_mention too; only the '!' prefix is handled here.
            if (text.empty() || text.front() != '!')
                return out;
            command.text = trim(text.substr(1));
            command.origin.ephemeral = true;
        }
    } else {
        return out;
    }
    if (command.text.empty())
        command.text = "help";
    if (!command.direct)
        command.origin.ephemeral = true;
    out.command = command;
    return out;
}

Result<Translated> translate_slash(json const& payload, std::string const& adapter) {
    Translated out;
    InboundCommand command;
    command.origin.adapter = adapter;
    command.origin.via = Via::slack;
    command.origin.user = string_field(payload, "user_id");
    command.origin.room = string_field(payload, "channel_id");
    command.origin.ephemeral = true;
    command.text = trim(string_field(payload, "text"));
    if (command.text.empty())
        command.text = "help";
    command.response_url = string_field(payload, "response_url");
    if (command.origin.user.empty())
        return unexpected(ErrorCode::invalid_argument, "a slash command without user_id");
    out.command = command;
    return out;
}

Result<Translated> translate_interactive(json const& payload, std::string const& adapter) {
    Translated out;
    if (string_field(payload, "type") != "block_actions")
        return out;
    auto const* actions = array_field(payload, "actions");
    if (!actions || actions->empty() || !(*actions)[0].is_object())
        return out;
    auto const& action = (*actions)[0];
    auto verb = string_field(action, "action_id");
    static std::set<std::string> const verbs = {"claim", "resolve", "snooze", "dismiss"};
    if (!verbs.contains(verb))
        return out;
    auto value = string_field(action, "value");
    // Item numbers fit in 18 digits; a longer value is not ours and would overflow.
    if (value.empty() || value.size() > 18 ||
        !std::all_of(value.begin(), value.end(),
                     [](unsigned char c) { return c >= '0' && c <= '9'; }))
        return unexpected(ErrorCode::invalid_argument, "a button without an item number");
    InboundCommand command;
    command.origin.adapter = adapter;
    command.origin.via = Via::slack;
    command.origin.user = string_field(field_or_null(payload, "user"), "id");
    auto container = field_or_null(payload, "container");
    auto channel = string_field(container, "channel_id");
    if (channel.empty())
        channel = string_field(field_or_null(payload, "channel"), "id");
    command.origin.room = channel;
    command.origin.card_ref = card_ref(channel, string_field(container, "message_ts"));
    command.origin.ephemeral = true;
    std::vector<std::string> args;
    if (verb == "snooze")
        args.push_back("1h");
    command.action = InboundAction{verb, std::stoll(value), args, command.origin};
    command.text = action_text(*command.action);
    command.response_url = string_field(payload, "response_url");
    if (command.origin.user.empty())
        return unexpected(ErrorCode::invalid_argument, "a button click without a user");
    out.command = command;
    return out;
}

} // namespace

std::string escape(std::string const& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

RenderedCard render_card(CardView const& card, Instant now) {
    RenderedCard out;
    auto id = std::to_string(card.item_id);
    auto const lang = card.language;
    std::string headline = "*#" + id + " · " + escape(card.platform) + "* · " +
                           escape(std::string(words(lang, card.priority))) + " · " +
                           escape(std::string(words(lang, card.state)));
    std::string body =
        headline + "\n*" + escape(card.author) + "*: " + escape(cut(card.excerpt, 1500));
    // Only switchboard builds links: a URL that could end the markup early is shown as text.
    if (is_linkable_url(card.url))
        body += "\n<" + card.url + "|" + escape(say(lang, "Open on {0}", card.platform)) + ">";
    else if (!card.url.empty())
        body += "\n" + escape(cut(card.url, 500));
    json blocks = json::array();
    // block_id changes with the state, so Slack redraws the card rather than keeping old inputs.
    blocks.push_back({{"type", "section"},
                      {"block_id", "card-" + id + "-" + card.state},
                      {"text", mrkdwn(cut(body, 2900))}});
    std::string context = received_line(lang, card.received_at, now);
    if (!card.on_call.empty())
        context += " · " + escape(say(lang, "On call: {0}", card.on_call));
    if (!card.due_line.empty())
        context += " · " + escape(card.due_line);
    blocks.push_back(
        {{"type", "context"}, {"elements", json::array({mrkdwn(cut(context, 2900))})}});
    if (!card.status_line.empty())
        blocks.push_back({{"type", "section"},
                          {"block_id", "status-" + id + "-" + card.state},
                          {"text", mrkdwn("*" + escape(cut(card.status_line, 2000)) + "*")}});
    json elements = json::array();
    for (auto const& action : card.actions) {
        if (action == "claim")
            elements.push_back(button("claim", say(lang, "Claim"), card.item_id, "primary"));
        else if (action == "resolve")
            elements.push_back(button("resolve", say(lang, "Resolve"), card.item_id));
        else if (action == "snooze")
            elements.push_back(button("snooze", say(lang, "Snooze 1h"), card.item_id));
        else if (action == "dismiss")
            elements.push_back(button("dismiss", say(lang, "Dismiss"), card.item_id, "danger"));
    }
    if (!elements.empty())
        blocks.push_back({{"type", "actions"},
                          {"block_id", "actions-" + id + "-" + card.state},
                          {"elements", elements}});
    out.blocks = blocks;
    out.text = escape(say(lang, "#{0} {1} from {2}: {3} — {4}", id, card.platform, card.author,
                          cut(card.excerpt, 200), card.status_line));
    return out;
}

nlohmann::json render_page_blocks(std::string const& text, ItemId item, Language language) {
    json blocks = json::array();
    blocks.push_back({{"type", "section"}, {"text", mrkdwn(escape(cut(text, 2900)))}});
    if (item != 0)
        blocks.push_back({{"type", "actions"},
                          {"block_id", "page-" + std::to_string(item)},
                          {"elements", json::array({button("claim", say(language, "Claim"), item,
                                                           "primary")})}});
    return blocks;
}

std::string card_ref(std::string const& channel, std::string const& ts) {
    return channel + ":" + ts;
}

std::optional<std::pair<std::string, std::string>> split_card_ref(std::string const& ref) {
    auto colon = ref.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == ref.size())
        return std::nullopt;
    return std::make_pair(ref.substr(0, colon), ref.substr(colon + 1));
}

bool is_auth_error(std::string const& slack_error) {
    static std::set<std::string> const errors = {
        "not_authed",    "invalid_auth",  "account_inactive",       "token_revoked",
        "token_expired", "team_disabled", "user_removed_from_team", "not_allowed_token_type",
        "missing_scope"};
    return errors.contains(slack_error);
}

ApiResult classify_response(std::string const& method, Result<OutboundResponse> const& response) {
    ApiFailure failure;
    if (!response) {
        failure.error = make_error(ErrorCode::unavailable,
                                   "Slack " + method + " failed: " + response.error().message);
        failure.slack_error = "transport";
        return failure;
    }
    if (response->status == 429) {
        failure.error = make_error(ErrorCode::rate_limited, "Slack rate-limited " + method);
        failure.slack_error = "ratelimited";
        auto after = response->header("retry-after");
        try {
            failure.retry_after = Seconds(after.empty() ? 1 : std::max(1, std::stoi(after)));
        } catch (std::exception const&) {
            failure.retry_after = Seconds(1);
        }
        return failure;
    }
    if (response->status != 200) {
        failure.error =
            make_error(ErrorCode::unavailable, "Slack answered " + method + " with HTTP " +
                                                   std::to_string(response->status));
        failure.slack_error = "http_" + std::to_string(response->status);
        return failure;
    }
    auto body = parse_json_bounded(response->body);
    if (!body.is_object()) {
        failure.error =
            make_error(ErrorCode::unavailable, "Slack answered " + method + " with no JSON");
        failure.slack_error = "bad_response";
        return failure;
    }
    if (flag_field(body, "ok"))
        return body;
    auto error = string_field(body, "error");
    failure.slack_error = error.empty() ? "unknown_error" : error;
    static std::set<std::string> const transient = {
        "ratelimited",     "rate_limited",        "internal_error",   "fatal_error",
        "request_timeout", "service_unavailable", "team_added_to_org"};
    failure.retry = transient.contains(failure.slack_error) ? Retry::later : Retry::never;
    failure.error = make_error(failure.retry == Retry::later        ? ErrorCode::unavailable
                               : is_auth_error(failure.slack_error) ? ErrorCode::unauthorized
                                                                    : ErrorCode::invalid_argument,
                               "Slack refused " + method + ": " + failure.slack_error);
    return failure;
}

Result<void> verify_signature(std::string const& signing_secret, std::string const& timestamp,
                              std::string const& body, std::string const& signature, Instant now) {
    if (timestamp.empty() || signature.empty())
        return unexpected(ErrorCode::unauthorized, "the request is not signed by Slack");
    long long seconds = 0;
    try {
        std::size_t used = 0;
        seconds = std::stoll(timestamp, &used);
        if (used != timestamp.size())
            throw std::invalid_argument("trailing characters");
    } catch (std::exception const&) {
        return unexpected(ErrorCode::unauthorized, "the request timestamp is not a number");
    }
    auto skew = now.time_since_epoch().count() - seconds;
    // Either direction: a replayed old request and one dated ahead are both refused.
    if (skew > 300 || skew < -300)
        return unexpected(ErrorCode::unauthorized,
                          "the request timestamp is more than five minutes away from now");
    auto expected = "v0=" + hmac_sha256_hex(signing_secret, "v0:" + timestamp + ":" + body);
    if (!constant_time_equal(expected, signature))
        return unexpected(ErrorCode::unauthorized, "the Slack signature does not match");
    return {};
}

Result<Translated> translate(PayloadKind kind, nlohmann::json const& payload,
                             std::string const& adapter, std::string const& bot_user) {
    if (!payload.is_object())
        return unexpected(ErrorCode::invalid_argument, "a Slack payload that is not an object");
    switch (kind) {
    case PayloadKind::events_api:
        return translate_event(payload, adapter, bot_user);
    case PayloadKind::slash_commands:
        return translate_slash(payload, adapter);
    case PayloadKind::interactive:
        return translate_interactive(payload, adapter);
    }
    return Translated{};
}

} // namespace sb::slack
