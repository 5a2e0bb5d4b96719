// SPDX-License-Identifier: Apache-2.0
#include "bot/store/store_tally.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace sb {
namespace {

// A count never goes below zero: a write the tally missed must not show as a negative gauge.
template <class Map, class Key> void take_one(Map& counts, Key const& key) {
    if (auto it = counts.find(key); it != counts.end() && it->second > 0)
        --it->second;
}

template <class Map, class Key> void move_one(Map& counts, Key const& from, Key const& to) {
    if (from == to)
        return;
    take_one(counts, from);
    ++counts[to];
}

StoreTally::Counts count_items(SQLite::Database& db, char const* column) {
    SQLite::Statement q(db, std::string("SELECT ") + column + ", COUNT(*) FROM items GROUP BY " +
                                column);
    StoreTally::Counts out;
    while (q.executeStep())
        out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return out;
}

} // namespace

void StoreTally::load(SQLite::Database& db) {
    m_items_by_state = count_items(db, "state");
    m_items_by_source = count_items(db, "source");
    m_items_by_priority = count_items(db, "priority");
    SQLite::Statement outbox(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
    outbox.executeStep();
    m_outbox_pending = outbox.getColumn(0).getInt64();
    m_pages.clear();
    m_pages_stored = 0;
    SQLite::Statement pages(db, "SELECT method, state, COUNT(*) FROM pages GROUP BY method, state");
    while (pages.executeStep()) {
        auto const count = pages.getColumn(2).getInt64();
        m_pages[{pages.getColumn(0).getString(), pages.getColumn(1).getString()}] = count;
        m_pages_stored += count;
    }
}

void StoreTally::item_added(std::string const& state, std::string const& source,
                            std::string const& priority) {
    ++m_items_by_state[state];
    ++m_items_by_source[source];
    ++m_items_by_priority[priority];
}

void StoreTally::item_state_changed(std::string const& from, std::string const& to) {
    move_one(m_items_by_state, from, to);
}

void StoreTally::item_priority_changed(std::string const& from, std::string const& to) {
    move_one(m_items_by_priority, from, to);
}

void StoreTally::outbox_added(std::int64_t entries) {
    m_outbox_pending += entries;
}

void StoreTally::outbox_settled() {
    if (m_outbox_pending > 0)
        --m_outbox_pending;
}

void StoreTally::page_added(std::string const& method, std::string const& state) {
    ++m_pages[{method, state}];
    ++m_pages_stored;
}

void StoreTally::page_state_changed(std::string const& method, std::string const& from,
                                    std::string const& to) {
    move_one(m_pages, std::pair{method, from}, std::pair{method, to});
}

StoreTally::Counts const& StoreTally::items_by(std::string_view column) const {
    static Counts const none;
    if (column == "state")
        return m_items_by_state;
    if (column == "source")
        return m_items_by_source;
    if (column == "priority")
        return m_items_by_priority;
    return none;
}

} // namespace sb
