// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/feed/feed_cursor.hpp"

#include "adapters/sources/common/cursor_json.hpp"

namespace sb {

FeedCursor FeedCursor::parse(std::string const& text) {
    FeedCursor cursor;
    auto const json = parse_cursor_json(text);
    if (json.is_null())
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
    m_seen.each([&](std::string const& key, Seen) { json["seen"].push_back(key); });
    return dump_cursor_json(json);
}

} // namespace sb
