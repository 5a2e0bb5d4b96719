// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/mastodon/mastodon_known_statuses.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb::mastodon {

KnownStatuses::KnownStatuses(CursorStore& store, std::string source, std::size_t capacity)
    : m_store(store), m_key(std::move(source) + ":statuses"), m_capacity(capacity) {
    auto saved = m_store.cursor(m_key);
    if (!saved) {
        // Only costs an edit of a status seen before the restart being taken as new.
        spdlog::warn("mastodon: could not read the known statuses: {}", saved.error().to_string());
        return;
    }
    if (!*saved)
        return;
    auto list = nlohmann::json::parse(**saved, nullptr, false);
    if (!list.is_array())
        return;
    for (auto const& id : list)
        if (id.is_string())
            m_ids.push_back(id.get<std::string>());
}

bool KnownStatuses::contains(std::string const& status_id) const {
    return std::find(m_ids.begin(), m_ids.end(), status_id) != m_ids.end();
}

void KnownStatuses::add(std::string const& status_id, Instant now) {
    if (contains(status_id))
        return;
    m_ids.push_back(status_id);
    while (m_ids.size() > m_capacity)
        m_ids.pop_front();
    auto saved = m_store.set_cursor(m_key, nlohmann::json(m_ids).dump(), now);
    if (!saved)
        spdlog::warn("mastodon: could not remember status {}: {}", status_id,
                     saved.error().to_string());
}

} // namespace sb::mastodon
