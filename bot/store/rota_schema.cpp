// SPDX-License-Identifier: Apache-2.0
// The migrations of rota entries and the audit log (rota_repository.cpp and audit_repository.cpp
// read and write them).
#include "bot/store/migration.hpp"

#include <array>

namespace sb {

// The migrations of rota entries and the audit log; the runner in store.cpp applies them in version
// order.
std::span<Migration const> rota_migrations() {
    static constexpr std::array<Migration, 1> steps{{
        // 2: rota entries made at run time (chat, API, web) and the audit log of every change.
        {2, R"sql(
CREATE TABLE rota_entries(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    team TEXT NOT NULL DEFAULT '',
    layer TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL,
    other_person TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    starts_at INTEGER NOT NULL,
    ends_at INTEGER,
    state TEXT NOT NULL DEFAULT 'active',
    created_by TEXT NOT NULL,
    created_via TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rota_entries_kind ON rota_entries(kind, state);
CREATE TABLE audit_log(
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    via TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
)sql"},
    }};
    return steps;
}

} // namespace sb
