// SPDX-License-Identifier: Apache-2.0
// Escalation deadlines, one per active item.
#include "bot/store/deadline_repository.hpp"

#include "bot/store/store.hpp"
#include "bot/store/store_sql.hpp"

namespace sb {

namespace store_sql {

void write_deadline(SQLite::Database& db, Deadline const& deadline) {
    SQLite::Statement q(db, "INSERT OR REPLACE INTO deadlines(item_id, due_at, policy, step, "
                            "round, started_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(deadline.item_id));
    q.bind(2, static_cast<int64_t>(seconds_of(deadline.due_at)));
    q.bind(3, deadline.policy);
    q.bind(4, deadline.step);
    q.bind(5, deadline.round);
    q.bind(6, static_cast<int64_t>(seconds_of(deadline.started_at)));
    q.bind(7, deadline.kind);
    q.exec();
}

void delete_deadline(SQLite::Database& db, ItemId item) {
    SQLite::Statement q(db, "DELETE FROM deadlines WHERE item_id = ?");
    q.bind(1, static_cast<int64_t>(item));
    q.exec();
}

} // namespace store_sql

using store_sql::delete_deadline;
using store_sql::store_error;
using store_sql::write_deadline;

Result<void> DeadlineRepository::set(Deadline const& deadline) {
    try {
        write_deadline(m_store.connection(), deadline);
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "store a deadline");
    }
}

Result<void> DeadlineRepository::clear(ItemId item) {
    try {
        delete_deadline(m_store.connection(), item);
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "clear a deadline");
    }
}

namespace {
Deadline read_deadline(SQLite::Statement& q) {
    Deadline d;
    d.item_id = q.getColumn(0).getInt64();
    d.due_at = instant_of(q.getColumn(1).getInt64());
    d.policy = q.getColumn(2).getString();
    d.step = q.getColumn(3).getInt();
    d.round = q.getColumn(4).getInt();
    d.started_at = instant_of(q.getColumn(5).getInt64());
    d.kind = q.getColumn(6).getString();
    return d;
}
} // namespace

Result<std::optional<Deadline>> DeadlineRepository::get(ItemId item) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT item_id, due_at, policy, step, round, started_at, kind "
                        "FROM deadlines WHERE item_id = ?");
    q.bind(1, static_cast<int64_t>(item));
    if (q.executeStep())
        return std::optional<Deadline>(read_deadline(q));
    return std::optional<Deadline>();
} catch (std::exception const& e) {
    return store_error(e, ("read the deadline of item #" + std::to_string(item)).c_str());
}

Result<std::vector<Deadline>> DeadlineRepository::all() try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT item_id, due_at, policy, step, round, started_at, kind "
                        "FROM deadlines ORDER BY due_at, item_id");
    std::vector<Deadline> out;
    while (q.executeStep())
        out.push_back(read_deadline(q));
    return out;
} catch (std::exception const& e) {
    return store_error(e, "read the deadlines");
}

} // namespace sb
