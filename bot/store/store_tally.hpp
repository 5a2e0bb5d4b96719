// SPDX-License-Identifier: Apache-2.0
// How many items, outbox entries and pages the store holds by the labels /metrics shows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace SQLite {
class Database;
}

namespace sb {

// Counted once when the store opens and then moved along by every write as it commits, so that a
// scrape reads memory instead of scanning tables that grow with every mention. The store's
// connection owns it; it is read on the same thread.
class StoreTally {
public:
    using Counts = std::map<std::string, std::int64_t, std::less<>>;
    using PageCounts = std::map<std::pair<std::string, std::string>, std::int64_t>;

    // The one scan, when the store opens (after its migrations).
    void load(SQLite::Database& db);

    void item_added(std::string const& state, std::string const& source,
                    std::string const& priority);
    void item_state_changed(std::string const& from, std::string const& to);
    void item_priority_changed(std::string const& from, std::string const& to);
    void outbox_added(std::int64_t entries);
    void outbox_settled(); // a pending entry delivered or given up
    void page_added(std::string const& method, std::string const& state);
    void page_state_changed(std::string const& method, std::string const& from,
                            std::string const& to);

    // "state", "source" or "priority"; an empty map for any other name.
    Counts const& items_by(std::string_view column) const;
    std::int64_t outbox_depth() const { return m_outbox_pending; }
    // By (method, state).
    PageCounts const& pages() const { return m_pages; }
    std::int64_t pages_stored() const { return m_pages_stored; }

private:
    Counts m_items_by_state;
    Counts m_items_by_source;
    Counts m_items_by_priority;
    std::int64_t m_outbox_pending = 0;
    PageCounts m_pages;
    std::int64_t m_pages_stored = 0;
};

} // namespace sb
