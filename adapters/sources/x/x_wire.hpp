// SPDX-License-Identifier: Apache-2.0
// The only code that knows X API v2 JSON: mentions timeline pages and problem bodies.
#pragma once

#include "base/result.hpp"
#include "bot/core/mention.hpp"

#include <string>
#include <vector>

namespace sb {

struct XPage {
    std::vector<Mention> mentions; // in the page's order, newest first
    std::string newest_id;         // meta.newest_id; empty when the page is empty
    std::string next_token;        // meta.next_token; empty on the last page
};

// A GET /2/users/:id/mentions answer. An edited post becomes an edit of its original
// (external_id = edit_history_tweet_ids[0], change = edited); a reply to user_id is a comment.
// An answer with errors and no data (an unknown user id) is a not_found error.
Result<XPage> parse_x_mentions(std::string const& body, std::string const& source,
                               std::string const& account, std::string const& user_id);

// "HTTP 401 Unauthorized: Unauthorized" from a problem body, for logs and /readyz.
std::string x_error_text(int status, std::string const& body);

} // namespace sb
