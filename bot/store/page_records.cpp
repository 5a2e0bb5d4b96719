// SPDX-License-Identifier: Apache-2.0
// The pages list of the item view (one record per page sent), with the pages' migrations.
#include "bot/store/migration.hpp"
#include "bot/store/store_sql.hpp"
#include "bot/store/write_scope.hpp"

#include <array>

namespace sb {

// The migrations of phone pages; the runner in store.cpp applies them in version order.
std::span<Migration const> page_migrations() {
    static constexpr std::array<Migration, 1> steps{{
        // 3: phone pages planned ahead (contact rules, quiet hours), their delivery and receipts,
        // and the single use of each claim link.
        {3, R"sql(
ALTER TABLE pages ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE pages ADD COLUMN due_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN claim_used_at INTEGER;
CREATE INDEX pages_due ON pages(state, due_at);
)sql"},
    }};
    return steps;
}

namespace store_sql {

std::optional<std::pair<std::string, std::string>> page_labels(SQLite::Database& db,
                                                               std::int64_t id) {
    SQLite::Statement q(db, "SELECT method, state FROM pages WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep())
        return std::nullopt;
    return std::pair{q.getColumn(0).getString(), q.getColumn(1).getString()};
}

} // namespace store_sql

using store_sql::page_labels;
using store_sql::store_error;

void Store::count_page(std::string const& method, std::string const& state) {
    tally_after_commit([method, state](StoreTally& tally) { tally.page_added(method, state); });
}

void Store::count_page_state(std::optional<std::pair<std::string, std::string>> const& before,
                             std::string const& to) {
    if (before && before->second != to)
        tally_after_commit([from = *before, to](StoreTally& tally) {
            tally.page_state_changed(from.first, from.second, to);
        });
}

Result<std::int64_t> Store::add_page(PageRecord const& page) {
    try {
        SQLite::Statement q(*m_db, "INSERT INTO pages(item_id, person, method, state, "
                                   "created_at, detail) VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, static_cast<int64_t>(page.item_id));
        q.bind(2, page.person);
        q.bind(3, page.method);
        q.bind(4, page.state);
        q.bind(5, static_cast<int64_t>(seconds_of(page.created_at)));
        q.bind(6, page.detail);
        q.exec();
        count_page(page.method, page.state);
        return static_cast<std::int64_t>(m_db->getLastInsertRowid());
    } catch (std::exception const& e) {
        return store_error(e, "record a page");
    }
}

Result<void> Store::set_page_state(std::int64_t id, std::string const& state,
                                   std::string const& detail) {
    try {
        WriteScope transaction(*m_db);
        auto const before = page_labels(*m_db, id);
        SQLite::Statement q(*m_db, "UPDATE pages SET state = ?, detail = ? WHERE id = ?");
        q.bind(1, state);
        q.bind(2, detail);
        q.bind(3, static_cast<int64_t>(id));
        q.exec();
        transaction.commit();
        count_page_state(before, state);
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "update a page");
    }
}

std::vector<PageRecord> Store::pages(ItemId item) {
    SQLite::Statement q(*m_db, "SELECT id, item_id, person, method, state, created_at, detail "
                               "FROM pages WHERE item_id = ? ORDER BY id");
    q.bind(1, static_cast<int64_t>(item));
    std::vector<PageRecord> out;
    while (q.executeStep()) {
        PageRecord p;
        p.id = q.getColumn(0).getInt64();
        p.item_id = q.getColumn(1).getInt64();
        p.person = q.getColumn(2).getString();
        p.method = q.getColumn(3).getString();
        p.state = q.getColumn(4).getString();
        p.created_at = instant_of(q.getColumn(5).getInt64());
        p.detail = q.getColumn(6).getString();
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace sb
