// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/youtube/youtube_wire.hpp"

#include "base/json_bounded.hpp"
#include "base/json_fields.hpp"
#include "base/rfc3339.hpp"

#include <nlohmann/json.hpp>

namespace sb {

namespace {

using nlohmann::json;

Result<Instant> parse_time(std::string const& text, char const* what) {
    auto parsed = parse_rfc3339(text);
    if (!parsed)
        return unexpected(ErrorCode::invalid_argument, std::string(what) +
                                                           " is not an RFC 3339 time: '" +
                                                           text.substr(0, 80) + "'");
    return *parsed;
}

Result<YoutubeComment> parse_comment(json const& comment, std::string const& source,
                                     std::string const& account, bool top_level) {
    if (!comment.is_object() || !comment.contains("snippet") || !comment["snippet"].is_object())
        return unexpected(ErrorCode::invalid_argument, "a comment without a snippet");
    auto const& snippet = comment["snippet"];
    YoutubeComment result;
    result.top_level = top_level;
    auto& mention = result.mention;
    mention.source = source;
    mention.platform = "youtube";
    mention.kind = MentionKind::comment;
    mention.account = account;
    mention.external_id = string_field(comment, "id");
    if (mention.external_id.empty())
        return unexpected(ErrorCode::invalid_argument, "a comment without an id");
    mention.author = string_field(snippet, "authorDisplayName");
    // textOriginal is the author's own text; textDisplay is what textFormat asked for.
    mention.text = string_field(snippet, "textOriginal");
    if (mention.text.empty())
        mention.text = string_field(snippet, "textDisplay");
    auto const video_id = string_field(snippet, "videoId");
    auto const channel_id = string_field(snippet, "channelId");
    mention.parent_id = top_level ? video_id : string_field(snippet, "parentId");
    mention.url = youtube_comment_url(video_id, channel_id, mention.external_id);
    mention.created_at = SB_TRY(parse_time(string_field(snippet, "publishedAt"), "publishedAt"));
    auto const updated = string_field(snippet, "updatedAt");
    result.updated_at =
        updated.empty() ? mention.created_at : SB_TRY(parse_time(updated, "updatedAt"));
    json extra = json::object();
    if (!video_id.empty())
        extra["video_id"] = video_id;
    if (!channel_id.empty())
        extra["channel_id"] = channel_id;
    if (auto const author = snippet.find("authorChannelId");
        author != snippet.end() && author->is_object())
        extra["author_channel_id"] = string_field(*author, "value");
    if (auto const likes = snippet.find("likeCount"); likes != snippet.end() && likes->is_number())
        extra["like_count"] = *likes;
    mention.extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    return result;
}

} // namespace

std::string youtube_comment_url(std::string const& video_id, std::string const& channel_id,
                                std::string const& comment_id) {
    if (!video_id.empty())
        return "https://www.youtube.com/watch?v=" + video_id + "&lc=" + comment_id;
    return "https://www.youtube.com/channel/" + channel_id;
}

Result<YoutubeThreadPage> parse_comment_threads(std::string_view body, std::string const& source,
                                                std::string const& account) {
    auto const document = parse_json_bounded(body);
    if (!document.is_object())
        return unexpected(ErrorCode::invalid_argument, "the commentThreads answer is not JSON");
    auto const items = document.find("items");
    if (items == document.end() || !items->is_array())
        return unexpected(ErrorCode::invalid_argument, "the commentThreads answer has no items");
    YoutubeThreadPage page;
    page.next_page_token = string_field(document, "nextPageToken");
    for (auto const& thread : *items) {
        auto const snippet = thread.find("snippet");
        if (!thread.is_object() || snippet == thread.end() || !snippet->is_object() ||
            !snippet->contains("topLevelComment"))
            return unexpected(ErrorCode::invalid_argument,
                              "a comment thread without snippet.topLevelComment");
        auto top = SB_TRY(parse_comment((*snippet)["topLevelComment"], source, account, true));
        if (!page.oldest_thread || top.mention.created_at < *page.oldest_thread)
            page.oldest_thread = top.mention.created_at;
        page.comments.push_back(std::move(top));
        auto const replies = thread.find("replies");
        if (replies == thread.end() || !replies->is_object() || !replies->contains("comments"))
            continue;
        for (auto const& reply : (*replies)["comments"])
            page.comments.push_back(SB_TRY(parse_comment(reply, source, account, false)));
    }
    return page;
}

YoutubeError parse_youtube_error(int status, std::string_view body) {
    YoutubeError error;
    error.status = status;
    auto const document = parse_json_bounded(body);
    if (!document.is_object() || !document.contains("error") || !document["error"].is_object()) {
        error.message = "HTTP " + std::to_string(status);
        return error;
    }
    auto const& inner = document["error"];
    error.message = string_field(inner, "message");
    if (auto const errors = inner.find("errors"); errors != inner.end() && errors->is_array() &&
                                                  !errors->empty() && errors->front().is_object())
        error.reason = string_field(errors->front(), "reason");
    // Newer answers put the precise cause in google.rpc.ErrorInfo and keep "badRequest" above.
    if (auto const details = inner.find("details"); details != inner.end() && details->is_array())
        for (auto const& detail : *details)
            if (detail.is_object() &&
                string_field(detail, "@type").ends_with("google.rpc.ErrorInfo") &&
                !string_field(detail, "reason").empty() &&
                (error.reason.empty() || error.reason == "badRequest"))
                error.reason = string_field(detail, "reason");
    if (error.message.empty())
        error.message = "HTTP " + std::to_string(status);
    return error;
}

bool is_quota_exceeded(YoutubeError const& error) {
    return error.reason == "quotaExceeded" || error.reason == "dailyLimitExceeded";
}

bool is_key_invalid(YoutubeError const& error) {
    return error.reason == "keyInvalid" || error.reason == "API_KEY_INVALID";
}

} // namespace sb
