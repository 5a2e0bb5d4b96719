// SPDX-License-Identifier: Apache-2.0
// The only code that knows RSS 2.0 and Atom 1.0: a feed document in, its entries as mentions out.
#pragma once

#include "base/result.hpp"
#include "bot/core/mention.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sb {

// What the source's configuration stamps on every entry.
struct FeedLabels {
    std::string source;
    std::string platform = "rss";
    MentionKind kind = MentionKind::post;
    std::string account;
};

struct FeedEntry {
    // The dedupe key: RSS guid / Atom id, else the link, else the title.
    std::string key;
    Mention mention;
};

// Entries in document order (newest first in most feeds). An entry without a date gets
// `fallback_time`; an entry with no key at all is skipped, since it could never be deduplicated.
// A rating is read from one element, <rating> in any namespace with a value 1..5 (decimals
// rounded), as review sites that publish feeds add it; anything else leaves rating empty.
Result<std::vector<FeedEntry>> parse_feed(std::string_view document, FeedLabels const& labels,
                                          Instant fallback_time);

// RFC 822 dates as RSS uses them ("Mon, 23 Nov 2026 10:00:00 GMT", "+0100", day name optional).
Result<Instant> parse_rfc822_date(std::string_view text);

} // namespace sb
