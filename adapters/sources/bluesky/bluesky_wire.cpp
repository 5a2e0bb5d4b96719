// SPDX-License-Identifier: Apache-2.0
// Parses XRPC answers defensively: a field of the wrong type is skipped, never fatal to a page.
#include "adapters/sources/bluesky/bluesky_wire.hpp"

#include "base/json_bounded.hpp"
#include "base/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace sb {
namespace {

using nlohmann::json;

Result<json> parse_object(std::string const& body, char const* what) {
    auto parsed = parse_json_bounded(body);
    if (parsed.is_discarded() || !parsed.is_object())
        return unexpected(ErrorCode::unavailable, std::string("Bluesky sent a ") + what +
                                                      " answer that is not a JSON object");
    return parsed;
}

std::optional<MentionKind> kind_of(std::string const& reason) {
    if (reason == "mention" || reason == "quote")
        return MentionKind::mention;
    if (reason == "reply")
        return MentionKind::comment;
    return std::nullopt;
}

std::optional<Mention> to_mention(json const& item, std::string const& uri, Instant indexed,
                                  std::string const& source, std::string const& account) {
    auto reason = string_field(item, "reason");
    auto kind = kind_of(reason);
    if (!kind)
        return std::nullopt;
    json const empty = json::object();
    json const* author = object_field(item, "author");
    json const* record = object_field(item, "record");
    if (!record)
        record = &empty;
    auto handle = author ? string_field(*author, "handle") : std::string{};

    Mention mention;
    mention.source = source;
    mention.platform = "bluesky";
    mention.external_id = uri;
    mention.author = handle.empty() ? string_field(author ? *author : empty, "did") : "@" + handle;
    mention.text = string_field(*record, "text");
    mention.url = bluesky_post_url(handle, uri);
    mention.kind = *kind;
    mention.account = account;
    if (auto langs = record->find("langs"); langs != record->end() && langs->is_array() &&
                                            !langs->empty() && langs->front().is_string())
        mention.language = langs->front().get<std::string>();
    if (auto const* reply = object_field(*record, "reply"))
        if (auto const* parent = object_field(*reply, "parent"))
            mention.parent_id = string_field(*parent, "uri");
    auto created = parse_instant(string_field(*record, "createdAt"));
    mention.created_at = created ? *created : indexed;

    json extra = {{"reason", reason}, {"cid", string_field(item, "cid")}};
    if (author) {
        extra["author_did"] = string_field(*author, "did");
        if (auto name = string_field(*author, "displayName"); !name.empty())
            extra["author_name"] = name;
    }
    if (auto subject = string_field(item, "reasonSubject"); !subject.empty())
        extra["reason_subject"] = subject;
    mention.extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    return mention;
}

} // namespace

Result<BlueskyTokens> parse_bluesky_session(std::string const& body) {
    auto parsed = parse_object(body, "session");
    if (!parsed)
        return unexpected(parsed.error());
    BlueskyTokens tokens{string_field(*parsed, "accessJwt"), string_field(*parsed, "refreshJwt"),
                         string_field(*parsed, "did"), string_field(*parsed, "handle")};
    if (tokens.access_jwt.empty() || tokens.refresh_jwt.empty())
        return unexpected(ErrorCode::unavailable,
                          "Bluesky's session answer has no accessJwt or refreshJwt");
    return tokens;
}

std::string bluesky_error_name(std::string const& body) {
    auto parsed = parse_json_bounded(body);
    return parsed.is_discarded() ? std::string{} : string_field(parsed, "error");
}

std::string bluesky_error_text(int status, std::string const& body) {
    auto parsed = parse_json_bounded(body);
    auto name = parsed.is_discarded() ? std::string{} : string_field(parsed, "error");
    auto message = parsed.is_discarded() ? std::string{} : string_field(parsed, "message");
    std::string text = "HTTP " + std::to_string(status);
    if (!name.empty())
        text += " " + name;
    if (!message.empty())
        text += ": " + message.substr(0, 200);
    return text;
}

Result<BlueskyPage> parse_bluesky_notifications(std::string const& body, std::string const& source,
                                                std::string const& account) {
    auto parsed = parse_object(body, "listNotifications");
    if (!parsed)
        return unexpected(parsed.error());
    auto list = parsed->find("notifications");
    if (list == parsed->end() || !list->is_array())
        return unexpected(ErrorCode::unavailable,
                          "Bluesky's listNotifications answer has no notifications array");
    BlueskyPage page;
    page.cursor = string_field(*parsed, "cursor");
    for (auto const& item : *list) {
        auto uri = string_field(item, "uri");
        auto indexed_at = string_field(item, "indexedAt");
        auto indexed = parse_instant(indexed_at);
        // Without its key or time a notification cannot be deduplicated or ordered.
        if (uri.empty() || !indexed)
            continue;
        page.notifications.push_back(
            {uri, indexed_at, *indexed, to_mention(item, uri, *indexed, source, account)});
    }
    return page;
}

std::string bluesky_post_url(std::string const& handle, std::string const& at_uri) {
    // at://<did>/app.bsky.feed.post/<rkey>: the profile may be named by handle or by DID.
    constexpr std::string_view scheme = "at://";
    if (at_uri.rfind(scheme, 0) != 0)
        return {};
    auto rest = at_uri.substr(scheme.size());
    auto first = rest.find('/');
    auto last = rest.rfind('/');
    if (first == std::string::npos || last == first)
        return {};
    auto profile = handle.empty() ? rest.substr(0, first) : handle;
    return "https://bsky.app/profile/" + profile + "/post/" + rest.substr(last + 1);
}

} // namespace sb
