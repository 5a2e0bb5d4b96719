// SPDX-License-Identifier: Apache-2.0
// Mastodon's JSON into mentions; follows docs.joinmastodon.org (entities/Status, Notification,
// methods/streaming, methods/notifications, methods/instance).
#include "adapters/sources/mastodon/mastodon_wire.hpp"

#include "base/json_bounded.hpp"
#include "base/json_fields.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>

namespace sb::mastodon {
namespace {

using nlohmann::json;

Error malformed(std::string message) {
    return make_error(ErrorCode::invalid_argument, std::move(message));
}

// Ids are opaque strings, but a server that sends a number still means that id.
std::string id_of(json const& object, char const* key) {
    auto it = object.find(key);
    if (it == object.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return it->dump();
    return {};
}

std::optional<json> parse_object(std::string_view text) {
    auto value = parse_json_bounded(text);
    if (!value.is_object())
        return std::nullopt;
    return value;
}

Result<Mention> mention_from_status(json const& status, Origin const& origin) {
    if (!status.is_object())
        return malformed("status is not an object");
    Mention mention;
    mention.source = origin.source;
    mention.platform = platform_name;
    mention.account = origin.account;
    mention.external_id = id_of(status, "id");
    if (mention.external_id.empty())
        return malformed("status has no id");
    auto account = status.find("account");
    if (account != status.end() && account->is_object())
        mention.author = "@" + string_field(*account, "acct");
    mention.url = string_field(status, "url");
    if (mention.url.empty())
        mention.url = string_field(status, "uri");
    mention.text = html_to_text(string_field(status, "content"));
    // A content warning is part of what the author said, and shown before the text.
    auto warning = string_field(status, "spoiler_text");
    if (!warning.empty())
        mention.text = "CW: " + warning + "\n" + mention.text;
    mention.kind =
        string_field(status, "visibility") == "direct" ? MentionKind::dm : MentionKind::mention;
    mention.language = string_field(status, "language");
    mention.parent_id = id_of(status, "in_reply_to_id");
    auto created = parse_instant(string_field(status, "created_at"));
    if (!created)
        return malformed("status " + mention.external_id + " has no valid created_at");
    mention.created_at = *created;
    json extra = json::object();
    for (auto const* key : {"uri", "visibility", "edited_at", "in_reply_to_account_id"}) {
        if (auto it = status.find(key); it != status.end() && !it->is_null())
            extra[key] = *it;
    }
    if (account != status.end() && account->is_object())
        extra["account_url"] = string_field(*account, "url");
    mention.extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    return mention;
}

Result<Notification> notification_from(json const& object, Origin const& origin) {
    if (!object.is_object())
        return malformed("notification is not an object");
    Notification notification;
    notification.id = id_of(object, "id");
    notification.type = string_field(object, "type");
    if (notification.id.empty())
        return malformed("notification has no id");
    if (notification.type != "mention")
        return notification;
    auto status = object.find("status");
    if (status == object.end() || !status->is_object())
        return notification; // the status was deleted meanwhile: nothing left to answer
    auto mention = mention_from_status(*status, origin);
    if (!mention)
        return mention.error();
    auto extra = json::parse(mention->extra_json);
    extra["notification_id"] = notification.id;
    mention->extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    notification.mention = std::move(*mention);
    return notification;
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        code = 0xFFFD;
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// The entity at the start of text (after '&'), appended to out; returns its length or 0.
std::size_t decode_entity(std::string_view text, std::string& out) {
    auto end = text.find(';');
    if (end == std::string_view::npos || end == 0 || end > 10)
        return 0;
    auto name = text.substr(0, end);
    if (name[0] == '#') {
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        auto digits = name.substr(hex ? 2 : 1);
        if (digits.empty())
            return 0;
        std::uint32_t code = 0;
        for (char c : digits) {
            int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                        : hex && std::isxdigit(static_cast<unsigned char>(c))
                            ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                            : -1;
            if (digit < 0)
                return 0;
            code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
            if (code > 0x10FFFF)
                code = 0x110000; // stays out of range; reported as U+FFFD
        }
        append_utf8(out, code);
        return end + 1;
    }
    static constexpr std::pair<std::string_view, std::string_view> named[] = {
        {"amp", "&"},
        {"lt", "<"},
        {"gt", ">"},
        {"quot", "\""},
        {"apos", "'"},
        {"nbsp", " "},
        {"hellip", "\xE2\x80\xA6"}};
    for (auto const& [entity, text_value] : named) {
        if (name == entity) {
            out += text_value;
            return end + 1;
        }
    }
    return 0;
}

std::string lower_tag_name(std::string_view tag) {
    std::size_t start = tag.starts_with('/') ? 1 : 0;
    std::string name;
    for (std::size_t i = start; i < tag.size(); ++i) {
        auto c = static_cast<unsigned char>(tag[i]);
        if (!std::isalnum(c))
            break;
        name += static_cast<char>(std::tolower(c));
    }
    return name;
}

} // namespace

Result<StreamFrame> parse_stream_frame(std::string_view text) {
    auto frame = parse_object(text);
    if (!frame)
        return malformed("stream message is not a JSON object");
    StreamFrame out;
    out.event = string_field(*frame, "event");
    if (out.event.empty())
        return malformed("stream message has no event");
    auto payload = frame->find("payload");
    if (payload != frame->end()) {
        // Documented as a string; an object from a lenient server is taken as its JSON text.
        out.payload = payload->is_string() ? payload->get<std::string>() : payload->dump();
    }
    return out;
}

Result<Notification> parse_notification(std::string_view json_text, Origin const& origin) {
    auto object = parse_object(json_text);
    if (!object)
        return malformed("notification is not a JSON object");
    return notification_from(*object, origin);
}

Result<std::vector<Notification>> parse_notifications(std::string_view body, Origin const& origin) {
    auto list = parse_json_bounded(body);
    if (!list.is_array())
        return malformed("notifications response is not a JSON array");
    std::vector<Notification> out;
    for (auto const& entry : list) {
        auto notification = notification_from(entry, origin);
        if (!notification)
            return notification.error();
        out.push_back(std::move(*notification));
    }
    return out;
}

Result<Mention> parse_status_update(std::string_view json_text, Origin const& origin) {
    auto status = parse_object(json_text);
    if (!status)
        return malformed("status.update payload is not a JSON object");
    auto mention = mention_from_status(*status, origin);
    if (mention)
        mention->change = MentionChange::edited;
    return mention;
}

Mention deleted_status(std::string const& status_id, Origin const& origin) {
    Mention mention;
    mention.source = origin.source;
    mention.platform = platform_name;
    mention.account = origin.account;
    mention.external_id = status_id;
    mention.change = MentionChange::deleted;
    return mention;
}

std::optional<std::string> link_parameter(std::string_view link_header, std::string_view rel,
                                          std::string_view parameter) {
    // Link: <url>; rel="next", <url>; rel="prev"  (RFC 8288; URLs never hold '>' unescaped).
    std::size_t at = 0;
    while ((at = link_header.find('<', at)) != std::string_view::npos) {
        auto close = link_header.find('>', at);
        if (close == std::string_view::npos)
            return std::nullopt;
        auto url = link_header.substr(at + 1, close - at - 1);
        auto next = link_header.find('<', close);
        auto params = link_header.substr(
            close + 1, next == std::string_view::npos ? std::string_view::npos : next - close - 1);
        at = close + 1;
        std::string wanted = "rel=\"" + std::string(rel) + "\"";
        std::string bare = "rel=" + std::string(rel);
        auto found = params.find(wanted);
        if (found == std::string_view::npos) {
            found = params.find(bare);
            if (found == std::string_view::npos ||
                (found + bare.size() < params.size() && params[found + bare.size()] != ';' &&
                 params[found + bare.size()] != ' ' && params[found + bare.size()] != ','))
                continue;
        }
        auto query = url.find('?');
        if (query == std::string_view::npos)
            return std::nullopt;
        auto rest = url.substr(query + 1);
        while (!rest.empty()) {
            auto amp = rest.find('&');
            auto pair = rest.substr(0, amp);
            auto equals = pair.find('=');
            if (equals != std::string_view::npos && pair.substr(0, equals) == parameter)
                return std::string(pair.substr(equals + 1));
            if (amp == std::string_view::npos)
                break;
            rest = rest.substr(amp + 1);
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> streaming_url_from_instance(std::string_view body) {
    auto instance = parse_object(body);
    if (!instance)
        return std::nullopt;
    auto pick = [](json const& object, std::initializer_list<char const*> path) {
        json const* at = &object;
        for (auto const* key : path) {
            if (!at->is_object())
                return std::string();
            auto it = at->find(key);
            if (it == at->end())
                return std::string();
            at = &*it;
        }
        return at->is_string() ? at->get<std::string>() : std::string();
    };
    auto url = pick(*instance, {"configuration", "urls", "streaming"});
    if (url.empty())
        url = pick(*instance, {"urls", "streaming_api"});
    if (url.empty())
        return std::nullopt;
    return url;
}

std::string api_error_message(int status, std::string_view body) {
    if (auto object = parse_object(body)) {
        auto text = string_field(*object, "error");
        if (!text.empty())
            return text.substr(0, 300) + " (HTTP " + std::to_string(status) + ")";
    }
    return "HTTP " + std::to_string(status);
}

std::string html_to_text(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        char c = html[i];
        if (c == '<') {
            auto close = html.find('>', i);
            if (close == std::string_view::npos)
                break; // a cut-off tag shows nothing rather than half a tag
            auto name = lower_tag_name(html.substr(i + 1, close - i - 1));
            bool closing = html[i + 1] == '/';
            if (name == "br")
                out += '\n';
            else if (closing && name == "p" && close + 1 < html.size())
                out += "\n\n"; // paragraphs keep a blank line between them
            i = close + 1;
            continue;
        }
        if (c == '&') {
            if (auto used = decode_entity(html.substr(i + 1), out)) {
                i += used + 1;
                continue;
            }
        }
        out += c;
        ++i;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

} // namespace sb::mastodon
