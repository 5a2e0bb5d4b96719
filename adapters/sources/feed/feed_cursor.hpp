// SPDX-License-Identifier: Apache-2.0
// What a feed source remembers between polls and restarts, kept as JSON in the Store's cursor.
#pragma once

#include "adapters/sources/common/recent_keys.hpp"

#include <cstddef>
#include <string>

namespace sb {

class FeedCursor {
public:
    // Nothing stored yet: the feed was never read, so its first read only marks entries as seen.
    static FeedCursor fresh() { return FeedCursor{}; }
    // A stored cursor; text that does not parse counts as fresh rather than blocking the source.
    static FeedCursor parse(std::string const& text);
    std::string dump() const;

    bool initialized() const { return m_initialized; }
    void set_initialized() { m_initialized = true; }

    bool seen(std::string const& key) const { return m_seen.find(key) != nullptr; }
    // Remembers a key, forgetting the oldest beyond `capacity`: feeds shrink and regrow, so the
    // caller sizes it from the feed (at least twice its entries) rather than a fixed number.
    void add_seen(std::string const& key, std::size_t capacity) {
        m_seen.remember(key, Seen{}, capacity);
    }
    std::size_t seen_count() const { return m_seen.size(); }

    std::string etag;
    std::string last_modified;

private:
    struct Seen {}; // a feed entry's key is all there is to remember of it

    bool m_initialized = false;
    RecentKeys<Seen> m_seen;
};

} // namespace sb
