// SPDX-License-Identifier: Apache-2.0
// The status ids this source turned into mentions, so that edits and deletions of other posts
// in the home feed (which the user stream also carries) never become items of their own.
#pragma once

#include "bot/ports/cursor_store.hpp"

#include <cstddef>
#include <deque>
#include <string>

namespace sb::mastodon {

class KnownStatuses {
public:
    // Kept in the store under "<source>:statuses", the newest `capacity` ids.
    KnownStatuses(CursorStore& store, std::string source, std::size_t capacity = 2000);

    bool contains(std::string const& status_id) const;
    // Remembers the id; a store failure only costs a later edit of this status.
    void add(std::string const& status_id, Instant now);

private:
    CursorStore& m_store;
    std::string m_key;
    std::size_t m_capacity;
    std::deque<std::string> m_ids;
};

} // namespace sb::mastodon
