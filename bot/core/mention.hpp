// SPDX-License-Identifier: Apache-2.0
// A mention: one inbound social event, normalised, as every source hands it to the core.
#pragma once

#include "base/time.hpp"

#include <optional>
#include <string>

namespace sb {

enum class MentionKind { comment, mention, dm, review, post };

// What happened to the mention at its platform: a new post, an edit, or a removal by its author.
enum class MentionChange { created, edited, deleted };

struct Mention {
    std::string source;      // the configured source name, e.g. "demo" or "meta"
    std::string platform;    // facebook, instagram, mastodon, bluesky, x, youtube, rss, webhook …
    std::string external_id; // the platform's own id; (platform, external_id) is unique
    std::string author;
    std::string text;
    std::string url;
    MentionKind kind = MentionKind::mention;
    std::optional<int> rating; // 1..5 for reviews
    std::string language;      // BCP 47, may be empty
    std::string parent_id;     // the platform id of the post this replies to, may be empty
    std::string account;       // our account or page the mention was addressed to, may be empty
    Instant created_at{};
    MentionChange change = MentionChange::created;
    std::string extra_json = "{}"; // fields the source did not map, kept verbatim
};

char const* to_string(MentionKind kind);
std::optional<MentionKind> mention_kind_from_string(std::string_view text);

} // namespace sb
