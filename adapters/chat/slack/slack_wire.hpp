// SPDX-License-Identifier: Apache-2.0
// Slack's JSON and forms: cards as Block Kit, Web API answers, inbound events as commands.
#pragma once

#include "base/result.hpp"
#include "base/text.hpp"
#include "base/time.hpp"
#include "bot/ports/chat_adapter.hpp"
#include "bot/ports/http_client.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sb::slack {

// mrkdwn and every text field give &, < and > meaning ("<!channel>", "<url|label>"); outside text
// must never make a mention or a link, so every text that leaves goes through this once.
std::string escape(std::string const& text);

// A card's blocks as a JSON array; text is the notification fallback Slack wants beside them.
struct RenderedCard {
    std::string text;
    nlohmann::json blocks; // a JSON array
};
RenderedCard render_card(CardView const& card, Instant now);

// A DM page: the text (escaped here) and a Claim button for the item.
nlohmann::json render_page_blocks(std::string const& text, ItemId item,
                                  Language language = Language::en);

// "C123:1712345.000100" ⇄ channel and ts.
std::string card_ref(std::string const& channel, std::string const& ts);
std::optional<std::pair<std::string, std::string>> split_card_ref(std::string const& ref);

// A Web API answer: the JSON on success, or an error with whether to retry.
struct ApiFailure {
    Error error;
    Retry retry = Retry::later;
    std::optional<Seconds> retry_after;
    std::string slack_error; // Slack's error code ("channel_not_found"), or "http_503", "transport"
};
using ApiResult = std::variant<nlohmann::json, ApiFailure>;
ApiResult classify_response(std::string const& method, Result<OutboundResponse> const& response);
// Errors that mean the token is wrong or gone: nothing works until a person fixes the config.
bool is_auth_error(std::string const& slack_error);

// Slack's v0 request signature over the raw body, within five minutes of now either way.
Result<void> verify_signature(std::string const& signing_secret, std::string const& timestamp,
                              std::string const& body, std::string const& signature, Instant now);

// Slash commands and interactive payloads arrive as application/x-www-form-urlencoded; the
// HTTP server's decoder reads them (the first of a repeated field wins).
using sb::parse_form;

// What a person asked for through Slack, ready for the core.
struct InboundCommand {
    ChatOrigin origin;
    std::string text;                    // a typed command line; for actions, their rendering
    std::optional<InboundAction> action; // a button or reaction, delivered typed
    std::string response_url;            // slash commands: where the ephemeral answer goes
    bool direct = false;                 // in a DM with the bot: answer in the DM
    std::string dm_channel;              // the DM's channel id, where that answer goes
};

// One inbound payload of any kind, translated. event_id is set for events_api payloads so the
// caller can drop redeliveries; nothing is returned for events that are not commands.
struct Translated {
    std::string event_id;
    std::optional<InboundCommand> command;
};
enum class PayloadKind { events_api, slash_commands, interactive };
Result<Translated> translate(PayloadKind kind, nlohmann::json const& payload,
                             std::string const& adapter, std::string const& bot_user);

} // namespace sb::slack
