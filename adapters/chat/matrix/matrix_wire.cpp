// SPDX-License-Identifier: Apache-2.0
// Matrix event contents and /sync parsing; everything else in the adapter speaks in plain terms.
#include "adapters/chat/matrix/matrix_wire.hpp"

#include "base/json_bounded.hpp"
#include "base/json_fields.hpp"
#include "base/safe_text.hpp"
#include "base/say.hpp"
#include "base/text.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace sb::matrix {
namespace {

using nlohmann::json;

// The longest wait a homeserver's hint is followed for; beyond it, asking again costs one request,
// while a wait of years (or one that overflows the clock) would stop the adapter for good.
constexpr std::chrono::milliseconds longest_retry_after = std::chrono::hours(1);

// count units of unit_ms milliseconds, negative as no wait and past the longest as the longest.
std::chrono::milliseconds bounded_wait(long long count, long long unit_ms) {
    if (count <= 0)
        return std::chrono::milliseconds(0);
    if (count >= longest_retry_after.count() / unit_ms)
        return longest_retry_after;
    return std::chrono::milliseconds(count * unit_ms);
}

std::string card_plain(CardView const& card) {
    auto id = std::to_string(card.item_id);
    auto const lang = card.language;
    std::string text = "#" + id + " · " + std::string(words(lang, card.priority)) + " · " +
                       card.platform + " · " + std::string(words(lang, card.state)) + "\n" +
                       card.author + ": " + card.excerpt;
    if (!card.url.empty())
        text += "\n" + card.url;
    if (!card.on_call.empty())
        text += "\n" + say(lang, "On call: {0}", card.on_call);
    if (!card.due_line.empty())
        text += "\n" + card.due_line;
    if (!card.status_line.empty())
        text += "\n" + card.status_line;
    if (!card.actions.empty()) {
        std::string commands;
        for (std::size_t i = 0; i < card.actions.size(); ++i)
            commands += (i ? ", !" : "!") + card.actions[i] + " " + id;
        text += "\n" + say(lang, "Reply with {0}, or react ✋ to claim, ✅ to resolve.", commands);
    }
    return text;
}

std::string card_html(CardView const& card) {
    auto id = std::to_string(card.item_id);
    auto const lang = card.language;
    std::string html = "<p><b>#" + id + "</b> · " + html_escape(words(lang, card.priority)) +
                       " · " + html_escape(card.platform) + " · <b>" +
                       html_escape(words(lang, card.state)) + "</b></p><blockquote><b>" +
                       html_escape(card.author) + "</b>: " + html_escape(card.excerpt) +
                       "</blockquote>";
    if (is_linkable_url(card.url))
        html +=
            "<p><a href=\"" + html_escape(card.url) + "\">" + html_escape(card.url) + "</a></p>";
    if (!card.on_call.empty())
        html += "<p>" + html_escape(say(lang, "On call: {0}", card.on_call)) + "</p>";
    if (!card.due_line.empty())
        html += "<p>" + html_escape(card.due_line) + "</p>";
    if (!card.status_line.empty())
        html += "<p><i>" + html_escape(card.status_line) + "</i></p>";
    if (!card.actions.empty()) {
        html += "<p>";
        for (std::size_t i = 0; i < card.actions.size(); ++i)
            html += (i ? ", " : "") + std::string("<code>!") + html_escape(card.actions[i]) + " " +
                    id + "</code>";
        html += " — " + html_escape(say(lang, "or react ✋ to claim, ✅ to resolve")) + "</p>";
    }
    return html;
}

} // namespace

std::string ApiError::describe() const {
    std::string text = errcode.empty() ? "HTTP " + std::to_string(status) : errcode;
    if (!error.empty())
        text += ": " + error;
    return text;
}

ApiError parse_error(int status, std::string const& body, std::string const& retry_after_header) {
    ApiError error;
    error.status = status;
    auto parsed = parse_json_bounded(body);
    error.errcode = string_field(parsed, "errcode");
    error.error = string_field(parsed, "error");
    if (!retry_after_header.empty()) {
        try {
            error.retry_after = bounded_wait(std::stoll(retry_after_header), 1000);
        } catch (std::exception const&) {
            // An HTTP date instead of seconds: fall back to the body's hint.
        }
    }
    if (!error.retry_after) {
        if (auto const& ms = field_or_null(parsed, "retry_after_ms"); ms.is_number_unsigned())
            error.retry_after = ms.get<std::uint64_t>() > std::uint64_t(longest_retry_after.count())
                                    ? longest_retry_after
                                    : std::chrono::milliseconds(ms.get<std::int64_t>());
        else if (ms.is_number_integer())
            error.retry_after = bounded_wait(ms.get<std::int64_t>(), 1);
    }
    return error;
}

std::string encode_component(std::string const& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        }
    }
    return out;
}

std::string make_card_ref(std::string const& room, std::string const& event_id) {
    return room + "/" + event_id;
}

std::optional<std::pair<std::string, std::string>> split_card_ref(std::string const& ref) {
    auto slash = ref.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == ref.size())
        return std::nullopt;
    return std::pair{ref.substr(0, slash), ref.substr(slash + 1)};
}

std::string txn_id_for_outbox(std::int64_t outbox_id) {
    return "switchboard-outbox-" + std::to_string(outbox_id);
}

// Strangers' text must not notify anybody: an empty m.mentions turns off the push rules that
// look for "@room" or a display name in the body (intentional mentions, MSC3952).
json no_mentions() {
    return json::object();
}

json card_content(CardView const& card) {
    return {{"msgtype", "m.notice"},
            {"body", card_plain(card)},
            {"format", "org.matrix.custom.html"},
            {"formatted_body", card_html(card)},
            {"m.mentions", no_mentions()}};
}

json card_edit_content(CardView const& card, std::string const& original_event_id) {
    auto fresh = card_content(card);
    // The outer body is only the fallback for clients without edits.
    json content = {{"msgtype", "m.notice"},
                    {"body", "* " + fresh["body"].get<std::string>()},
                    {"format", "org.matrix.custom.html"},
                    {"formatted_body", "* " + fresh["formatted_body"].get<std::string>()},
                    {"m.new_content", fresh},
                    {"m.mentions", no_mentions()},
                    {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", original_event_id}}}};
    return content;
}

json thread_note_content(std::string const& text, std::string const& root_event_id) {
    return {{"msgtype", "m.notice"},
            {"body", text},
            {"m.mentions", no_mentions()},
            {"m.relates_to",
             {{"rel_type", "m.thread"},
              {"event_id", root_event_id},
              {"is_falling_back", true},
              {"m.in_reply_to", {{"event_id", root_event_id}}}}}};
}

json notice_content(std::string const& text) {
    return {{"msgtype", "m.notice"}, {"body", text}, {"m.mentions", no_mentions()}};
}

json page_content(std::string const& text, std::string const& user_id) {
    // m.notice is silenced by the default rule .m.rule.suppress_notices: a page must ring.
    json mentions = json::object();
    if (!user_id.empty())
        mentions["user_ids"] = json::array({user_id});
    return {{"msgtype", "m.text"}, {"body", text}, {"m.mentions", mentions}};
}

std::string sync_filter_json() {
    json filter = {
        {"presence", {{"not_types", {"*"}}}},
        {"account_data", {{"types", {"m.direct"}}}},
        {"room",
         {{"timeline",
           {{"types", {"m.room.message", "m.reaction", "m.room.encryption"}}, {"limit", 50}}},
          {"state", {{"types", {"m.room.encryption"}}, {"lazy_load_members", true}}},
          {"ephemeral", {{"not_types", {"*"}}}},
          {"account_data", {{"not_types", {"*"}}}}}}};
    return filter.dump();
}

std::map<std::string, std::vector<std::string>> parse_direct(json const& content) {
    std::map<std::string, std::vector<std::string>> direct;
    if (!content.is_object())
        return direct;
    for (auto const& [user, rooms] : content.items()) {
        if (!rooms.is_array())
            continue;
        for (auto const& room : rooms)
            if (room.is_string())
                direct[user].push_back(room.get<std::string>());
    }
    return direct;
}

std::optional<TimelineMessage> timeline_message(json const& event, std::string const& room_id,
                                                std::string const& own_user_id) {
    auto type = string_field(event, "type");
    auto sender = string_field(event, "sender");
    if (sender == own_user_id)
        return std::nullopt;
    auto const& content = field_or_null(event, "content");
    auto const& relates = field_or_null(content, "m.relates_to");
    TimelineMessage message;
    message.room = room_id;
    message.event_id = string_field(event, "event_id");
    message.sender = sender;
    message.type = type;
    if (type == "m.reaction") {
        if (string_field(relates, "rel_type") != "m.annotation")
            return std::nullopt;
        message.reaction_target = string_field(relates, "event_id");
        message.reaction_key = string_field(relates, "key");
    } else if (type == "m.room.message") {
        // Edits of a person's own message are not new commands.
        if (string_field(relates, "rel_type") == "m.replace")
            return std::nullopt;
        message.msgtype = string_field(content, "msgtype");
        message.body = string_field(content, "body");
        message.in_reply_to = string_field(field_or_null(relates, "m.in_reply_to"), "event_id");
        if (string_field(relates, "rel_type") == "m.thread")
            message.in_reply_to = string_field(relates, "event_id");
    } else {
        return std::nullopt;
    }
    return message;
}

Result<MessagesPage> parse_messages(std::string const& body, std::string const& room_id,
                                    std::string const& own_user_id) {
    auto root = parse_json_bounded(body);
    if (!root.is_object() || !field_or_null(root, "chunk").is_array())
        return unexpected(ErrorCode::unavailable,
                          "the homeserver's /messages answer has no chunk of events");
    MessagesPage page;
    page.end = string_field(root, "end");
    for (auto const& event : root["chunk"]) {
        if (string_field(event, "type") == "m.room.encryption")
            page.encrypted = true;
        page.events.push_back(
            {string_field(event, "event_id"), timeline_message(event, room_id, own_user_id)});
    }
    return page;
}

std::string messages_filter_json() {
    json filter = {{"types", {"m.room.message", "m.reaction", "m.room.encryption"}}};
    return filter.dump();
}

Result<SyncBatch> parse_sync(std::string const& body, std::string const& own_user_id) {
    auto root = parse_json_bounded(body);
    if (!root.is_object() || !root.contains("next_batch") || !root["next_batch"].is_string())
        return unexpected(ErrorCode::unavailable,
                          "the homeserver's /sync answer has no next_batch token");
    SyncBatch batch;
    batch.next_batch = root["next_batch"].get<std::string>();

    for (auto const& event : field_or_null(field_or_null(root, "account_data"), "events"))
        if (string_field(event, "type") == "m.direct")
            batch.direct = parse_direct(field_or_null(event, "content"));

    auto const& rooms = field_or_null(root, "rooms");
    for (auto const& [room_id, room] : field_or_null(rooms, "invite").items()) {
        Invite invite{room_id, {}, false};
        for (auto const& event : field_or_null(field_or_null(room, "invite_state"), "events")) {
            if (string_field(event, "type") == "m.room.member" &&
                string_field(event, "state_key") == own_user_id) {
                invite.inviter = string_field(event, "sender");
                auto const& content = field_or_null(event, "content");
                invite.is_direct = field_or_null(content, "is_direct").is_boolean() &&
                                   content["is_direct"].get<bool>();
            }
        }
        batch.invites.push_back(invite);
    }

    for (auto const& [room_id, room] : field_or_null(rooms, "join").items()) {
        bool encrypted = false;
        for (auto const& event : field_or_null(field_or_null(room, "state"), "events"))
            if (string_field(event, "type") == "m.room.encryption")
                encrypted = true;
        auto const& timeline = field_or_null(room, "timeline");
        for (auto const& event : field_or_null(timeline, "events")) {
            if (string_field(event, "type") == "m.room.encryption")
                encrypted = true;
            else if (auto message = timeline_message(event, room_id, own_user_id))
                batch.messages.push_back(std::move(*message));
        }
        auto const& limited = field_or_null(timeline, "limited");
        if (limited.is_boolean() && limited.get<bool>()) {
            auto prev_batch = string_field(timeline, "prev_batch");
            std::string first_event;
            if (auto const& events = field_or_null(timeline, "events");
                events.is_array() && !events.empty())
                first_event = string_field(events.front(), "event_id");
            if (!prev_batch.empty())
                batch.gaps.push_back({room_id, prev_batch, first_event});
        }
        if (encrypted)
            batch.encrypted_rooms.push_back(room_id);
    }
    return batch;
}

std::optional<std::string> command_text(std::string const& body, std::string const& own_user_id,
                                        bool addressed_anyway) {
    // A reply carries the quoted original as "> …" lines before a blank line.
    std::string text = body;
    if (text.rfind("> ", 0) == 0) {
        auto gap = text.find("\n\n");
        text = gap == std::string::npos ? std::string{} : text.substr(gap + 2);
    }
    auto trim = [](std::string s) {
        auto first = s.find_first_not_of(" \t\r\n");
        if (first == std::string::npos)
            return std::string{};
        auto last = s.find_last_not_of(" \t\r\n");
        return s.substr(first, last - first + 1);
    };
    text = trim(text);
    if (text.empty())
        return std::nullopt;
    if (text.front() == '!')
        return trim(text.substr(1));
    auto localpart = own_user_id.substr(1, own_user_id.find(':') - 1);
    for (auto const& name : {own_user_id, localpart}) {
        if (name.empty() || text.size() <= name.size())
            continue;
        auto start = text[0] == '@' && name[0] != '@' ? 1u : 0u;
        if (text.compare(start, name.size(), name) == 0) {
            auto rest = text.substr(start + name.size());
            if (rest.empty() || (rest[0] != ':' && rest[0] != ' ' && rest[0] != ','))
                continue;
            return trim(rest.substr(1));
        }
    }
    if (addressed_anyway)
        return text;
    return std::nullopt;
}

std::optional<std::string> reaction_command(std::string const& key) {
    // Clients add the emoji presentation selector U+FE0F to some keys; compare without it.
    std::string bare = key;
    for (std::string selector = "\xEF\xB8\x8F"; bare.find(selector) != std::string::npos;)
        bare.erase(bare.find(selector), selector.size());
    if (bare == "\xE2\x9C\x8B") // ✋
        return "claim";
    if (bare == "\xE2\x9C\x85") // ✅
        return "resolve";
    return std::nullopt;
}

} // namespace sb::matrix
