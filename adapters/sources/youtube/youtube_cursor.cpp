// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/youtube/youtube_cursor.hpp"

#include "adapters/sources/common/cursor_json.hpp"

namespace sb {

YoutubeCursor YoutubeCursor::parse(std::string const& text) {
    YoutubeCursor cursor;
    auto const json = parse_cursor_json(text);
    if (json.is_null())
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
    m_updated.each([&](std::string const& id, Instant updated_at) {
        json["seen"].push_back({id, seconds_of(updated_at)});
    });
    return dump_cursor_json(json);
}

std::optional<Instant> YoutubeCursor::seen(std::string const& id) const {
    auto const* updated_at = m_updated.find(id);
    if (!updated_at)
        return std::nullopt;
    return *updated_at;
}

void YoutubeCursor::remember(std::string const& id, Instant updated_at, std::size_t capacity) {
    m_updated.remember(id, updated_at, capacity);
}

} // namespace sb
