// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/youtube/youtube_cursor.hpp"

#include <nlohmann/json.hpp>

namespace sb {

YoutubeCursor YoutubeCursor::parse(std::string const& text) {
    YoutubeCursor cursor;
    auto const json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object())
        return cursor;
    if (auto const since = json.find("since"); since != json.end() && since->is_number_integer())
        cursor.since = instant_of(since->get<std::int64_t>());
    cursor.quota_day = json.value("quota_day", "");
    cursor.spent = json.value("spent", 0LL);
    if (auto const seen = json.find("seen"); seen != json.end() && seen->is_array())
        for (auto const& pair : *seen)
            if (pair.is_array() && pair.size() == 2 && pair[0].is_string() &&
                pair[1].is_number_integer())
                cursor.remember(pair[0].get<std::string>(), instant_of(pair[1].get<std::int64_t>()),
                                seen->size());
    return cursor;
}

std::string YoutubeCursor::dump() const {
    nlohmann::json json = {{"quota_day", quota_day}, {"spent", spent}};
    if (since)
        json["since"] = seconds_of(*since);
    json["seen"] = nlohmann::json::array();
    for (auto const& id : m_order)
        json["seen"].push_back({id, seconds_of(m_updated.at(id))});
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Instant> YoutubeCursor::seen(std::string const& id) const {
    auto const it = m_updated.find(id);
    if (it == m_updated.end())
        return std::nullopt;
    return it->second;
}

void YoutubeCursor::remember(std::string const& id, Instant updated_at, std::size_t capacity) {
    if (auto const it = m_updated.find(id); it != m_updated.end()) {
        it->second = updated_at;
        return;
    }
    m_order.push_back(id);
    m_updated.emplace(id, updated_at);
    while (m_order.size() > capacity) {
        m_updated.erase(m_order.front());
        m_order.pop_front();
    }
}

} // namespace sb
