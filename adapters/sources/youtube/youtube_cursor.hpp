// SPDX-License-Identifier: Apache-2.0
// What a YouTube source remembers across polls and restarts, kept as JSON in the Store's cursor.
#pragma once

#include "adapters/sources/common/recent_keys.hpp"
#include "base/time.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace sb {

struct YoutubeCursor {
    // The newest top-level comment seen; none yet means the first poll, which only marks.
    std::optional<Instant> since;
    // Units spent in the quota day named here, so a restart does not reset the budget.
    std::string quota_day;
    long long spent = 0;

    static YoutubeCursor parse(std::string const& text);
    std::string dump() const;

    // The updatedAt last seen for a comment, if it is among the remembered ones.
    std::optional<Instant> seen(std::string const& id) const;
    // Remembers the newest `capacity` comments: edits are looked for only among them, which
    // keeps the cursor small; an older comment's edit is not noticed.
    void remember(std::string const& id, Instant updated_at, std::size_t capacity);

private:
    RecentKeys<Instant> m_updated; // each comment's updatedAt
};

} // namespace sb
