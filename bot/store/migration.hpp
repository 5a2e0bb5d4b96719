// SPDX-License-Identifier: Apache-2.0
// One step of the store's single schema version, kept next to the repository that owns its tables.
#pragma once

#include <span>

namespace sb {

// Each migration runs once, in version order, in its own transaction; never edit one that shipped.
struct Migration {
    int version = 0;
    char const* sql = nullptr;
};

// Each repository's steps; store.cpp assembles them and checks that versions run 1, 2, 3 …
std::span<Migration const> item_migrations();     // item_repository.cpp
std::span<Migration const> rota_migrations();     // rota_schema.cpp
std::span<Migration const> page_migrations();     // page_records.cpp
std::span<Migration const> inbox_migrations();    // inbox_store.cpp
std::span<Migration const> auth_migrations();     // auth_repository.cpp
std::span<Migration const> outbox_migrations();   // outbox_repository.cpp
std::span<Migration const> calendar_migrations(); // calendar_store.cpp

} // namespace sb
