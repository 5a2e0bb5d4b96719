// SPDX-License-Identifier: Apache-2.0
// Parses X API v2 answers defensively: a post with a field of the wrong type keeps the rest.
#include "adapters/sources/x/x_wire.hpp"

#include "base/json_bounded.hpp"
#include "base/json_fields.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace sb {
namespace {

using nlohmann::json;

std::string first_problem(json const& errors) {
    for (auto const& error : errors) {
        auto detail = string_field(error, "detail");
        if (detail.empty())
            detail = string_field(error, "message");
        if (!detail.empty())
            return detail.substr(0, 200);
    }
    return "X answered with errors and no posts";
}

Mention to_mention(json const& post, std::map<std::string, std::string> const& usernames,
                   std::string const& source, std::string const& account,
                   std::string const& user_id) {
    Mention mention;
    mention.source = source;
    mention.platform = "x";
    mention.account = account;
    auto id = string_field(post, "id");
    mention.external_id = id;
    mention.text = string_field(post, "text");
    auto author_id = string_field(post, "author_id");
    auto username = usernames.find(author_id);
    mention.author = username != usernames.end() ? "@" + username->second : author_id;
    mention.url = "https://x.com/" +
                  (username != usernames.end() ? username->second : std::string("i/web")) +
                  "/status/" + id;
    if (auto lang = string_field(post, "lang"); lang != "und")
        mention.language = lang; // "und": X could not tell
    mention.kind = !user_id.empty() && string_field(post, "in_reply_to_user_id") == user_id
                       ? MentionKind::comment
                       : MentionKind::mention;
    if (auto const* references = array_field(post, "referenced_tweets"))
        for (auto const& reference : *references)
            if (string_field(reference, "type") == "replied_to")
                mention.parent_id = string_field(reference, "id");
    if (auto created = parse_instant(string_field(post, "created_at")))
        mention.created_at = *created;
    if (auto const* history = array_field(post, "edit_history_tweet_ids");
        history && !history->empty() && history->front().is_string()) {
        auto original = history->front().get<std::string>();
        if (original != id) {
            mention.external_id = original;
            mention.change = MentionChange::edited;
        }
    }
    json extra = {{"id", id}, {"author_id", author_id}};
    if (auto conversation = string_field(post, "conversation_id"); !conversation.empty())
        extra["conversation_id"] = conversation;
    mention.extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    return mention;
}

} // namespace

Result<XPage> parse_x_mentions(std::string const& body, std::string const& source,
                               std::string const& account, std::string const& user_id) {
    auto parsed = parse_json_bounded(body);
    if (parsed.is_discarded() || !parsed.is_object())
        return unexpected(ErrorCode::unavailable, "X sent a mentions answer that is not JSON");
    auto const* data = array_field(parsed, "data");
    auto const* errors = array_field(parsed, "errors");
    if (!data && errors && !parsed.contains("meta"))
        return unexpected(ErrorCode::not_found, first_problem(*errors));

    std::map<std::string, std::string> usernames;
    if (auto includes = parsed.find("includes"); includes != parsed.end())
        if (auto const* users = array_field(*includes, "users"))
            for (auto const& user : *users)
                usernames[string_field(user, "id")] = string_field(user, "username");

    XPage page;
    if (auto meta = parsed.find("meta"); meta != parsed.end()) {
        page.newest_id = string_field(*meta, "newest_id");
        page.next_token = string_field(*meta, "next_token");
    }
    if (data)
        for (auto const& post : *data)
            // Without an id a post cannot be deduplicated.
            if (!string_field(post, "id").empty())
                page.mentions.push_back(to_mention(post, usernames, source, account, user_id));
    return page;
}

std::string x_error_text(int status, std::string const& body) {
    std::string text = "HTTP " + std::to_string(status);
    auto parsed = parse_json_bounded(body);
    if (parsed.is_discarded())
        return text;
    auto title = string_field(parsed, "title");
    auto detail = string_field(parsed, "detail");
    if (!title.empty())
        text += " " + title;
    if (!detail.empty())
        text += ": " + detail.substr(0, 200);
    if (auto const* errors = array_field(parsed, "errors"))
        text += " (" + first_problem(*errors) + ")";
    return text;
}

} // namespace sb
