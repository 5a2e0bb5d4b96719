// SPDX-License-Identifier: Apache-2.0
// Meta's webhook and Graph API JSON (Facebook Pages, Instagram, Messenger) turned into Mentions;
// the only file that knows those payloads.
#pragma once

#include "base/result.hpp"
#include "bot/core/mention.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sb {

struct MetaWireOptions {
    std::string source;  // the configured source id, copied into Mention::source
    std::string account; // our account name; empty: the page or IG account id of the entry
};

// An Instagram @mention: the webhook carries only ids, the text needs a Graph API call.
struct InstagramMentionLookup {
    std::string ig_user_id; // our Instagram professional account (entry.id)
    std::string comment_id; // empty when the mention is in a media caption
    std::string media_id;
    Instant notified_at{}; // entry.time, used when the Graph answer has no timestamp
};

struct MetaDelivery {
    std::vector<Mention> mentions;               // ready for the sink
    std::vector<InstagramMentionLookup> lookups; // to fetch first
    int ignored = 0; // events of no interest: our own echoes, likes, reactions, read receipts
};

// A whole POST body: entry[].changes[] (feed, mention, comments, mentions fields) and
// entry[].messaging[] (Messenger and Instagram Direct). An error only when the body is not a
// JSON object with an "entry" array; single events of unknown shape are counted as ignored.
Result<MetaDelivery> parse_meta_delivery(std::string_view body, MetaWireOptions const& options);

// The documented lookup: GET /{ig-user-id}?fields=mentioned_comment.comment_id({id}){...} for a
// comment, mentioned_media.media_id({id}){...} for a caption.
struct GraphQuery {
    std::string path;   // "/{ig-user-id}"
    std::string fields; // the fields parameter, not yet URL-encoded
};
GraphQuery instagram_mention_query(InstagramMentionLookup const& lookup);

// The Graph API's answer to that query, as a Mention.
Result<Mention> parse_instagram_mention(std::string_view body, InstagramMentionLookup const& lookup,
                                        MetaWireOptions const& options);

// The message of a Graph API error body ({"error": {"message", "type", "code"}}), for logs; the
// code tells whether retrying can help (190: the access token is invalid or expired).
struct GraphError {
    std::string message;
    int code = 0;
};
GraphError parse_graph_error(std::string_view body);

} // namespace sb
