// SPDX-License-Identifier: Apache-2.0
#include "bot/store/inbox_repository.hpp"

#include "bot/store/migration.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>

namespace sb {
namespace {

template <typename F> Result<void> write(F&& body, char const* what) {
    try {
        body();
        return {};
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          std::string("the store could not ") + what + ": " + e.what());
    }
}

} // namespace

Result<std::int64_t> InboxRepository::add(std::string const& source, std::string const& payload,
                                          Instant at) {
    try {
        SQLite::Statement q(m_store.connection(),
                            "INSERT INTO source_inbox(source, payload, received_at, "
                            "next_attempt_at) VALUES (?, ?, ?, ?)");
        q.bind(1, source);
        q.bind(2, payload);
        q.bind(3, static_cast<int64_t>(seconds_of(at)));
        q.bind(4, static_cast<int64_t>(seconds_of(at)));
        q.exec();
        return m_store.connection().getLastInsertRowid();
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          std::string("the store could not keep a payload: ") + e.what());
    }
}

Result<std::vector<InboxEntry>> InboxRepository::due(std::string const& source, Instant now,
                                                     int limit) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT id, source, payload, received_at, attempts, last_error "
                        "FROM source_inbox WHERE source = ? AND next_attempt_at <= ? "
                        "ORDER BY id LIMIT ?");
    q.bind(1, source);
    q.bind(2, static_cast<int64_t>(seconds_of(now)));
    q.bind(3, limit);
    std::vector<InboxEntry> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                       q.getColumn(2).getString(), instant_of(q.getColumn(3).getInt64()),
                       q.getColumn(4).getInt(), q.getColumn(5).getString()});
    return out;
} catch (std::exception const& e) {
    return unexpected(ErrorCode::unavailable,
                      std::string("the store could not read the waiting payloads: ") + e.what());
}

Result<void> InboxRepository::done(std::int64_t id) {
    return write(
        [&] {
            SQLite::Statement q(m_store.connection(), "DELETE FROM source_inbox WHERE id = ?");
            q.bind(1, static_cast<int64_t>(id));
            q.exec();
        },
        "finish a payload");
}

Result<void> InboxRepository::retry(std::int64_t id, Instant next_attempt_at,
                                    std::string const& error) {
    return write(
        [&] {
            SQLite::Statement q(m_store.connection(),
                                "UPDATE source_inbox SET attempts = attempts + 1, "
                                "next_attempt_at = ?, last_error = ? WHERE id = ?");
            q.bind(1, static_cast<int64_t>(seconds_of(next_attempt_at)));
            q.bind(2, error);
            q.bind(3, static_cast<int64_t>(id));
            q.exec();
        },
        "reschedule a payload");
}

Result<std::int64_t> InboxRepository::depth(std::string const& source) try {
    SQLite::Statement q(m_store.connection(), "SELECT COUNT(*) FROM source_inbox WHERE source = ?");
    q.bind(1, source);
    q.executeStep();
    return q.getColumn(0).getInt64();
} catch (std::exception const& e) {
    return unexpected(ErrorCode::unavailable,
                      std::string("the store could not count the waiting payloads: ") + e.what());
}

// The migrations of the source inbox (and the burst rule's grouping of items); the runner in
// store.cpp applies them in version order.
std::span<Migration const> inbox_migrations() {
    static constexpr std::array<Migration, 1> steps{{
        // 4: payloads that sources accepted and still have to process (a webhook answered at once),
        // and mentions grouped into an earlier item by the burst rule.
        {4, R"sql(
CREATE TABLE source_inbox(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX source_inbox_due ON source_inbox(source, next_attempt_at);
ALTER TABLE items ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
CREATE INDEX items_group ON items(group_key, received_at) WHERE group_key <> '';
CREATE TABLE item_aliases(
    platform TEXT NOT NULL,
    external_id TEXT NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY(platform, external_id)
);
)sql"},
    }};
    return steps;
}

} // namespace sb
