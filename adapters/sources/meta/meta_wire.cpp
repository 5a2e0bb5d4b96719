// SPDX-License-Identifier: Apache-2.0
// Meta's webhook and Graph API JSON turned into Mentions.
#include "adapters/sources/meta/meta_wire.hpp"

#include "base/json_bounded.hpp"
#include "base/json_fields.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>

namespace sb {

namespace {

using nlohmann::json;

// Deliveries name times in seconds (feed) or milliseconds (messaging, some entry.time values);
// nothing Meta sends in seconds is past the year 5000, so larger numbers are milliseconds.
constexpr std::int64_t milliseconds_threshold = 100'000'000'000;

std::string dump(json const& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A JSON number as whole units, when it fits in 64 bits: a float is cut, and one out of range
// (1e300, or an unsigned past INT64_MAX) is no number of seconds at all, since converting it
// would overflow.
std::optional<std::int64_t> whole_number(json const& value) {
    if (value.is_number_unsigned()) {
        auto const number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(number);
    }
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_number_float()) {
        auto const number = value.get<double>();
        // -2^63 and 2^63 are exact doubles; NaN fails both comparisons.
        if (!(number >= -9223372036854775808.0 && number < 9223372036854775808.0))
            return std::nullopt;
        return static_cast<std::int64_t>(number);
    }
    return std::nullopt;
}

std::optional<Instant> time_of(json const& value) {
    if (value.is_number()) {
        auto number = whole_number(value);
        if (!number)
            return std::nullopt;
        if (*number > milliseconds_threshold)
            *number /= 1000;
        // Before 1970 or still past the year 5000 as milliseconds: not a time Meta sent.
        if (*number < 0 || *number > milliseconds_threshold)
            return std::nullopt;
        return instant_of(*number);
    }
    if (value.is_string()) {
        // The Graph API writes offsets without a colon: 2017-05-03T16:09:08+0000.
        auto text = value.get<std::string>();
        if (text.size() > 5 && (text[text.size() - 5] == '+' || text[text.size() - 5] == '-'))
            text.insert(text.size() - 2, ":");
        if (auto parsed = parse_instant(text))
            return *parsed;
    }
    return std::nullopt;
}

Instant time_or(json const& object, char const* key, Instant fallback) {
    if (object.is_object())
        if (auto const it = object.find(key); it != object.end())
            if (auto at = time_of(*it))
                return *at;
    return fallback;
}

// verb "edit" arrives now and then instead of the documented "edited" (restfb/restfb#749). A
// hidden comment is gone for the public, like a removed one, so it counts as deleted.
std::optional<MentionChange> change_of(std::string const& verb) {
    if (verb == "add")
        return MentionChange::created;
    if (verb == "edited" || verb == "edit")
        return MentionChange::edited;
    if (verb == "remove" || verb == "hide")
        return MentionChange::deleted;
    return std::nullopt; // unhide, block, unblock …: nothing for a person to answer
}

struct EntryContext {
    std::string object; // "page" or "instagram"
    std::string entry_id;
    Instant time{};
    MetaWireOptions const* options = nullptr;

    Mention base(std::string platform) const {
        Mention mention;
        mention.source = options->source;
        mention.platform = std::move(platform);
        mention.account = options->account.empty() ? entry_id : options->account;
        mention.created_at = time;
        return mention;
    }
};

// A Page's feed: comments on its posts and posts by visitors, each added, edited or removed.
void feed_change(EntryContext const& entry, json const& value, MetaDelivery& out) {
    auto const item = text_field(value, "item");
    auto const change = change_of(text_field(value, "verb"));
    auto const& from = field_or_null(value, "from");
    // The Page's own posts and replies come back through its feed too.
    if (!change || text_field(from, "id") == entry.entry_id) {
        ++out.ignored;
        return;
    }
    auto mention = entry.base("facebook");
    mention.change = *change;
    mention.author = text_field(from, "name");
    if (mention.author.empty())
        mention.author = text_field(from, "id");
    mention.text = text_field(value, "message");
    mention.created_at = time_or(value, "created_time", entry.time);
    mention.extra_json = dump(value);
    auto const post_id = text_field(value, "post_id");
    if (item == "comment") {
        mention.kind = MentionKind::comment;
        mention.external_id = text_field(value, "comment_id");
        mention.parent_id = text_field(value, "parent_id");
        if (mention.parent_id.empty())
            mention.parent_id = post_id;
    } else if (item == "post" || item == "status" || item == "photo" || item == "video" ||
               item == "share") {
        mention.kind = MentionKind::post;
        mention.external_id = post_id;
    } else {
        ++out.ignored; // reactions, likes: no words to answer
        return;
    }
    if (mention.external_id.empty()) {
        ++out.ignored;
        return;
    }
    mention.url = "https://www.facebook.com/" + mention.external_id;
    out.mentions.push_back(std::move(mention));
}

// The Page @mentioned in someone else's post or comment.
void page_mention_change(EntryContext const& entry, json const& value, MetaDelivery& out) {
    auto const change = change_of(text_field(value, "verb"));
    if (!change) {
        ++out.ignored;
        return;
    }
    auto mention = entry.base("facebook");
    mention.kind = MentionKind::mention;
    mention.change = *change;
    auto const comment_id = text_field(value, "comment_id");
    auto const post_id = text_field(value, "post_id");
    mention.external_id = comment_id.empty() ? post_id : comment_id;
    mention.parent_id = comment_id.empty() ? std::string() : post_id;
    mention.author = text_field(value, "sender_name");
    if (mention.author.empty())
        mention.author = text_field(value, "sender_id");
    mention.text = text_field(value, "message");
    mention.created_at = time_or(value, "created_time", entry.time);
    mention.extra_json = dump(value);
    if (mention.external_id.empty()) {
        ++out.ignored;
        return;
    }
    mention.url = "https://www.facebook.com/" + mention.external_id;
    out.mentions.push_back(std::move(mention));
}

// A comment on one of our Instagram media. No edit or delete marker is documented for it.
void instagram_comment_change(EntryContext const& entry, json const& value, MetaDelivery& out) {
    auto const& from = field_or_null(value, "from");
    if (text_field(from, "id") == entry.entry_id) {
        ++out.ignored; // our own reply
        return;
    }
    auto mention = entry.base("instagram");
    mention.kind = MentionKind::comment;
    mention.external_id = text_field(value, "id");
    mention.author = text_field(from, "username");
    if (mention.author.empty())
        mention.author = text_field(from, "id");
    mention.text = text_field(value, "text");
    mention.parent_id = text_field(value, "parent_id");
    if (mention.parent_id.empty() && value.contains("media"))
        mention.parent_id = text_field(field_or_null(value, "media"), "id");
    mention.extra_json = dump(value);
    if (mention.external_id.empty()) {
        ++out.ignored;
        return;
    }
    out.mentions.push_back(std::move(mention));
}

void instagram_mentions_change(EntryContext const& entry, json const& value, MetaDelivery& out) {
    InstagramMentionLookup lookup;
    lookup.ig_user_id = entry.entry_id;
    lookup.comment_id = text_field(value, "comment_id");
    lookup.media_id = text_field(value, "media_id");
    lookup.notified_at = entry.time;
    if (lookup.ig_user_id.empty() || (lookup.comment_id.empty() && lookup.media_id.empty())) {
        ++out.ignored;
        return;
    }
    out.lookups.push_back(std::move(lookup));
}

void change(EntryContext const& entry, json const& change, MetaDelivery& out) {
    auto const field = text_field(change, "field");
    auto const& value = field_or_null(change, "value");
    if (!value.is_object()) {
        ++out.ignored;
        return;
    }
    if (entry.object == "page" && field == "feed")
        feed_change(entry, value, out);
    else if (entry.object == "page" && field == "mention")
        page_mention_change(entry, value, out);
    else if (entry.object == "instagram" && (field == "comments" || field == "live_comments"))
        instagram_comment_change(entry, value, out);
    else if (entry.object == "instagram" && field == "mentions")
        instagram_mentions_change(entry, value, out);
    else
        ++out.ignored;
}

std::string attachment_text(json const& message) {
    auto const it = message.find("attachments");
    if (it == message.end() || !it->is_array() || it->empty())
        return {};
    auto type = text_field((*it)[0], "type");
    return "(attachment: " + (type.empty() ? std::string("file") : type) + ")";
}

// One Messenger or Instagram Direct event; only messages and their edits or unsends matter.
void messaging(EntryContext const& entry, json const& event, MetaDelivery& out) {
    auto mention = entry.base(entry.object == "instagram" ? "instagram" : "messenger");
    mention.kind = MentionKind::dm;
    mention.author = text_field(field_or_null(event, "sender"), "id");
    mention.created_at = time_or(event, "timestamp", entry.time);
    mention.extra_json = dump(event);
    if (auto const edit = event.find("message_edit"); edit != event.end() && edit->is_object()) {
        mention.change = MentionChange::edited;
        mention.external_id = text_field(*edit, "mid");
        mention.text = text_field(*edit, "text");
    } else if (auto const message = event.find("message");
               message != event.end() && message->is_object()) {
        if (flag_field(*message, "is_echo")) {
            ++out.ignored; // what we sent ourselves
            return;
        }
        mention.external_id = text_field(*message, "mid");
        mention.text = text_field(*message, "text");
        if (flag_field(*message, "is_deleted"))
            mention.change = MentionChange::deleted;
        else if (mention.text.empty())
            mention.text = attachment_text(*message);
    } else {
        ++out.ignored; // reads, deliveries, reactions, postbacks
        return;
    }
    if (mention.external_id.empty()) {
        ++out.ignored;
        return;
    }
    out.mentions.push_back(std::move(mention));
}

} // namespace

Result<MetaDelivery> parse_meta_delivery(std::string_view body, MetaWireOptions const& options) {
    auto root = parse_json_bounded(body);
    if (root.is_discarded() || !root.is_object())
        return unexpected(ErrorCode::invalid_argument, "the body is not a JSON object");
    auto const entries = root.find("entry");
    if (entries == root.end() || !entries->is_array())
        return unexpected(ErrorCode::invalid_argument, "the body has no \"entry\" array", "entry");
    MetaDelivery out;
    EntryContext context;
    context.object = text_field(root, "object");
    context.options = &options;
    for (auto const& entry : *entries) {
        if (!entry.is_object()) {
            ++out.ignored;
            continue;
        }
        context.entry_id = text_field(entry, "id");
        context.time = time_or(entry, "time", Instant{});
        if (auto const changes = entry.find("changes");
            changes != entry.end() && changes->is_array())
            for (auto const& each : *changes)
                change(context, each, out);
        if (auto const events = entry.find("messaging");
            events != entry.end() && events->is_array())
            for (auto const& event : *events)
                if (event.is_object())
                    messaging(context, event, out);
    }
    return out;
}

GraphQuery instagram_mention_query(InstagramMentionLookup const& lookup) {
    if (!lookup.comment_id.empty())
        return {"/" + lookup.ig_user_id, "mentioned_comment.comment_id(" + lookup.comment_id +
                                             "){id,text,timestamp,media{id,permalink}}"};
    return {"/" + lookup.ig_user_id, "mentioned_media.media_id(" + lookup.media_id +
                                         "){id,caption,username,timestamp,permalink}"};
}

Result<Mention> parse_instagram_mention(std::string_view body, InstagramMentionLookup const& lookup,
                                        MetaWireOptions const& options) {
    auto root = parse_json_bounded(body);
    if (root.is_discarded() || !root.is_object())
        return unexpected(ErrorCode::unavailable, "the Graph API answer is not a JSON object");
    bool const in_comment = !lookup.comment_id.empty();
    auto const key = in_comment ? "mentioned_comment" : "mentioned_media";
    auto const found = root.find(key);
    if (found == root.end() || !found->is_object())
        return unexpected(ErrorCode::unavailable,
                          std::string("the Graph API answer has no \"") + key + "\" object");
    auto const& object = *found;
    Mention mention;
    mention.source = options.source;
    mention.platform = "instagram";
    mention.kind = MentionKind::mention;
    mention.account = options.account.empty() ? lookup.ig_user_id : options.account;
    mention.created_at = time_or(object, "timestamp", lookup.notified_at);
    mention.extra_json = dump(object);
    if (in_comment) {
        mention.external_id = lookup.comment_id;
        mention.text = text_field(object, "text");
        auto const& media = field_or_null(object, "media");
        mention.parent_id = text_field(media, "id");
        if (mention.parent_id.empty())
            mention.parent_id = lookup.media_id;
        mention.url = text_field(media, "permalink");
        // mentioned_comment documents no author field; the card says who it is not.
        mention.author = text_field(object, "username");
    } else {
        mention.external_id = lookup.media_id;
        mention.text = text_field(object, "caption");
        mention.url = text_field(object, "permalink");
        mention.author = text_field(object, "username");
    }
    if (mention.author.empty())
        mention.author = "an Instagram user";
    return mention;
}

GraphError parse_graph_error(std::string_view body) {
    GraphError error;
    auto root = parse_json_bounded(body);
    if (root.is_discarded() || !root.is_object() || !root.contains("error") ||
        !root["error"].is_object()) {
        error.message = "an answer without a Graph API error object";
        return error;
    }
    auto const& object = root["error"];
    error.message = text_field(object, "message");
    if (auto const code = object.find("code"); code != object.end() && code->is_number_integer())
        error.code = code->get<int>();
    return error;
}

} // namespace sb
