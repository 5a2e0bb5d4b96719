// SPDX-License-Identifier: Apache-2.0
// The only code that knows the YouTube Data API's JSON: commentThreads pages and error bodies.
#pragma once

#include "base/result.hpp"
#include "bot/core/mention.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

struct YoutubeComment {
    Mention mention;    // kind comment; external_id is the comment id
    Instant updated_at; // snippet.updatedAt: later than publishedAt once the author edited it
    bool top_level = true;
};

struct YoutubeThreadPage {
    std::vector<YoutubeComment> comments; // each thread's top-level comment, then its replies
    std::string next_page_token;          // empty on the last page
    std::optional<Instant> oldest_thread; // publishedAt of the page's oldest top-level comment
};

// A commentThreadListResponse (part=snippet,replies). source and account are stamped on each.
Result<YoutubeThreadPage> parse_comment_threads(std::string_view body, std::string const& source,
                                                std::string const& account);

// Google's error body: {"error": {"code", "message", "errors": [{"reason", ...}], "details"}}.
struct YoutubeError {
    int status = 0;
    std::string reason;  // errors[0].reason, or the ErrorInfo reason in details (API_KEY_INVALID)
    std::string message; // error.message, for people
};

YoutubeError parse_youtube_error(int status, std::string_view body);

bool is_quota_exceeded(YoutubeError const& error);
bool is_key_invalid(YoutubeError const& error);

// "https://www.youtube.com/watch?v=<video>&lc=<comment>", the link YouTube itself uses to
// highlight a comment; a comment on the channel (no video) links to the channel.
std::string youtube_comment_url(std::string const& video_id, std::string const& channel_id,
                                std::string const& comment_id);

} // namespace sb
