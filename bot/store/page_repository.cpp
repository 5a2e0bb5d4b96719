// SPDX-License-Identifier: Apache-2.0
// Pages, by chat DM and by phone, with their migration.
#include "bot/store/page_repository.hpp"

#include "bot/store/migration.hpp"
#include "bot/store/store.hpp"

#include "bot/store/store_sql.hpp"
#include "bot/store/write_scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

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

namespace {

constexpr char const* columns = "id, item_id, person, method, address, urgency, state, "
                                "created_at, due_at, attempts, receipt, detail, claim_used_at";

PageRecord read_page(SQLite::Statement& q) {
    PageRecord p;
    p.id = q.getColumn(0).getInt64();
    p.item_id = q.getColumn(1).getInt64();
    p.person = q.getColumn(2).getString();
    p.method = q.getColumn(3).getString();
    p.address = q.getColumn(4).getString();
    p.urgency = q.getColumn(5).getString();
    p.state = q.getColumn(6).getString();
    p.created_at = instant_of(q.getColumn(7).getInt64());
    p.due_at = instant_of(q.getColumn(8).getInt64());
    p.attempts = q.getColumn(9).getInt();
    p.receipt = q.getColumn(10).getString();
    p.detail = q.getColumn(11).getString();
    if (!q.getColumn(12).isNull())
        p.claim_used_at = instant_of(q.getColumn(12).getInt64());
    return p;
}

std::vector<PageRecord> read_all(SQLite::Statement& q) {
    std::vector<PageRecord> out;
    while (q.executeStep())
        out.push_back(read_page(q));
    return out;
}

Unexpected<Error> page_error(std::exception const& e, char const* what) {
    return unexpected(ErrorCode::unavailable, std::string("could not ") + what + ": " + e.what());
}

template <typename F> auto read(F&& body, char const* what) -> Result<decltype(body())> {
    try {
        return body();
    } catch (std::exception const& e) {
        return page_error(e, what);
    }
}

} // namespace

void PageRepository::count_added(std::string const& method, std::string const& state) {
    m_store.tally_after_commit(
        [method, state](StoreTally& tally) { tally.page_added(method, state); });
}

void PageRepository::count_state(std::optional<std::pair<std::string, std::string>> const& before,
                                 std::string const& to) {
    if (before && before->second != to)
        m_store.tally_after_commit([from = *before, to](StoreTally& tally) {
            tally.page_state_changed(from.first, from.second, to);
        });
}

std::int64_t PageRepository::count() const {
    return m_store.tally().pages_stored();
}

Result<std::vector<PageRecord>> PageRepository::of_item(ItemId item) {
    return read(
        [&] {
            SQLite::Statement q(m_store.connection(),
                                std::string("SELECT ") + columns +
                                    " FROM pages WHERE item_id = ? ORDER BY id");
            q.bind(1, static_cast<int64_t>(item));
            return read_all(q);
        },
        "read an item's pages");
}

Result<std::int64_t> PageRepository::add(PageRecord const& page) {
    try {
        auto& db = m_store.connection();
        SQLite::Statement q(db, "INSERT INTO pages(item_id, person, method, address, urgency, "
                                "state, created_at, due_at, detail, updated_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, static_cast<int64_t>(page.item_id));
        q.bind(2, page.person);
        q.bind(3, page.method);
        q.bind(4, page.address);
        q.bind(5, page.urgency);
        q.bind(6, page.state);
        q.bind(7, static_cast<int64_t>(seconds_of(page.created_at)));
        q.bind(8, static_cast<int64_t>(seconds_of(page.due_at)));
        q.bind(9, page.detail);
        q.bind(10, static_cast<int64_t>(seconds_of(page.created_at)));
        q.exec();
        count_added(page.method, page.state);
        return static_cast<std::int64_t>(db.getLastInsertRowid());
    } catch (std::exception const& e) {
        return page_error(e, "plan a page");
    }
}

Result<std::optional<PageRecord>> PageRepository::get(std::int64_t id) {
    return read(
        [&]() -> std::optional<PageRecord> {
            SQLite::Statement q(m_store.connection(),
                                std::string("SELECT ") + columns + " FROM pages WHERE id = ?");
            q.bind(1, static_cast<int64_t>(id));
            if (q.executeStep())
                return read_page(q);
            return std::nullopt;
        },
        "read a page");
}

Result<std::vector<PageRecord>> PageRepository::due(Instant at) {
    return read(
        [&] {
            SQLite::Statement q(m_store.connection(),
                                std::string("SELECT ") + columns +
                                    " FROM pages WHERE state = 'queued' AND method LIKE 'push:%' "
                                    "AND due_at <= ? ORDER BY due_at, id");
            q.bind(1, static_cast<int64_t>(seconds_of(at)));
            return read_all(q);
        },
        "read the pages due");
}

Result<std::optional<Instant>> PageRepository::next_due() {
    return read(
        [&]() -> std::optional<Instant> {
            SQLite::Statement q(m_store.connection(), "SELECT MIN(due_at) FROM pages WHERE state = "
                                                      "'queued' AND method LIKE 'push:%'");
            if (q.executeStep() && !q.getColumn(0).isNull())
                return instant_of(q.getColumn(0).getInt64());
            return std::nullopt;
        },
        "read when the next page is due");
}

Result<std::vector<PageRecord>> PageRepository::open_receipts() {
    return read(
        [&] {
            SQLite::Statement q(
                m_store.connection(),
                std::string("SELECT ") + columns +
                    " FROM pages WHERE state = 'sent' AND receipt != '' ORDER BY id");
            return read_all(q);
        },
        "read the open receipts");
}

Result<std::vector<PageRecord>> PageRepository::queued_for(ItemId item, std::string const& person) {
    return read(
        [&] {
            SQLite::Statement q(m_store.connection(),
                                std::string("SELECT ") + columns +
                                    " FROM pages WHERE state = 'queued' AND item_id = ? AND "
                                    "person = ? AND method LIKE 'push:%' ORDER BY due_at, id");
            q.bind(1, static_cast<int64_t>(item));
            q.bind(2, person);
            return read_all(q);
        },
        "read a person's queued pages");
}

Result<void> PageRepository::mark_sent(std::int64_t id, Instant at, std::string const& receipt) {
    try {
        auto& db = m_store.connection();
        WriteScope transaction(db);
        auto const before = store_sql::page_labels(db, id);
        SQLite::Statement q(db, "UPDATE pages SET state = 'sent', receipt = ?, attempts = attempts "
                                "+ 1, detail = '', updated_at = ? WHERE id = ?");
        q.bind(1, receipt);
        q.bind(2, static_cast<int64_t>(seconds_of(at)));
        q.bind(3, static_cast<int64_t>(id));
        q.exec();
        transaction.commit();
        count_state(before, "sent");
        return {};
    } catch (std::exception const& e) {
        return page_error(e, "record a sent page");
    }
}

Result<void> PageRepository::retry_at(std::int64_t id, Instant at, int attempts,
                                      std::string const& error) {
    try {
        SQLite::Statement q(m_store.connection(), "UPDATE pages SET due_at = ?, attempts = ?, "
                                                  "detail = ?, updated_at = ? WHERE id = ?");
        q.bind(1, static_cast<int64_t>(seconds_of(at)));
        q.bind(2, attempts);
        q.bind(3, error);
        q.bind(4, static_cast<int64_t>(seconds_of(at)));
        q.bind(5, static_cast<int64_t>(id));
        q.exec();
        return {};
    } catch (std::exception const& e) {
        return page_error(e, "reschedule a page");
    }
}

Result<void> PageRepository::set_state(std::int64_t id, std::string const& state, Instant at,
                                       std::string const& detail) {
    try {
        auto& db = m_store.connection();
        WriteScope transaction(db);
        auto const before = store_sql::page_labels(db, id);
        SQLite::Statement q(db,
                            "UPDATE pages SET state = ?, detail = ?, updated_at = ? WHERE id = ?");
        q.bind(1, state);
        q.bind(2, detail);
        q.bind(3, static_cast<int64_t>(seconds_of(at)));
        q.bind(4, static_cast<int64_t>(id));
        q.exec();
        transaction.commit();
        count_state(before, state);
        return {};
    } catch (std::exception const& e) {
        return page_error(e, "update a page");
    }
}

Result<void> PageRepository::bring_forward(std::int64_t id, Instant at) {
    try {
        SQLite::Statement q(m_store.connection(), "UPDATE pages SET due_at = MIN(due_at, ?) "
                                                  "WHERE id = ? AND state = 'queued'");
        q.bind(1, static_cast<int64_t>(seconds_of(at)));
        q.bind(2, static_cast<int64_t>(id));
        q.exec();
        return {};
    } catch (std::exception const& e) {
        return page_error(e, "bring a page forward");
    }
}

Result<bool> PageRepository::use_claim_link(std::int64_t id, Instant at) {
    try {
        // One guarded UPDATE: of two taps at once, exactly one changes the row.
        SQLite::Statement q(m_store.connection(), "UPDATE pages SET claim_used_at = ? "
                                                  "WHERE id = ? AND claim_used_at IS NULL");
        q.bind(1, static_cast<int64_t>(seconds_of(at)));
        q.bind(2, static_cast<int64_t>(id));
        return q.exec() == 1;
    } catch (std::exception const& e) {
        return page_error(e, "use a claim link");
    }
}

} // namespace sb
