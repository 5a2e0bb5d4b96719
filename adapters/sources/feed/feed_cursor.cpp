// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/feed/feed_cursor.hpp"

#include <nlohmann/json.hpp>

namespace sb {

FeedCursor FeedCursor::parse(std::string const& text) {
    FeedCursor cursor;
    auto const json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object())
        return cursor;
    cursor.m_initialized = true;
    cursor.etag = json.value("etag", "");
    cursor.last_modified = json.value("last_modified", "");
    if (auto const seen = json.find("seen"); seen != json.end() && seen->is_array())
        for (auto const& key : *seen)
            if (key.is_string())
                cursor.add_seen(key.get<std::string>(), seen->size());
    return cursor;
}

std::string FeedCursor::dump() const {
    nlohmann::json json = {{"etag", etag}, {"last_modified", last_modified}};
    json["seen"] = nlohmann::json::array();
    for (auto const& key : m_seen)
        json["seen"].push_back(key);
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void FeedCursor::add_seen(std::string const& key, std::size_t capacity) {
    if (m_lookup.contains(key))
        return;
    m_seen.push_back(key);
    m_lookup.insert(key);
    while (m_seen.size() > capacity && !m_seen.empty()) {
        m_lookup.erase(m_seen.front());
        m_seen.pop_front();
    }
}

} // namespace sb
