// SPDX-License-Identifier: Apache-2.0
// What the store's files share to read and write rows: column conversions, errors, and the
// writes that several repositories make inside one transaction. Only for bot/store.
#pragma once

#include "bot/store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb::store_sql {

std::optional<Instant> optional_instant(SQLite::Column const& column);
void bind_optional(SQLite::Statement& statement, int index, std::optional<Instant> at);
// Logs the failure and says which write or read could not be done.
Error store_error(std::exception const& e, char const* what);

// A list read with LIMIT page_limit + 1: drops the extra row and returns the id to continue
// before (the last row's), or nullopt when this was the last page.
template <typename Row, typename IdOf>
std::optional<std::int64_t> trim_to_page(std::vector<Row>& rows, int page_limit, IdOf id_of) {
    if (rows.size() <= static_cast<std::size_t>(page_limit))
        return std::nullopt;
    rows.resize(static_cast<std::size_t>(page_limit));
    return id_of(rows.back());
}

// In the caller's transaction; they throw on failure.
void write_outbox(SQLite::Database& db, ItemId item, NewOutbox const& entry);
void write_deadline(SQLite::Database& db, Deadline const& deadline);
void delete_deadline(SQLite::Database& db, ItemId item);

// A page's (method, state) before a change, for the tally; nullopt when there is no such page.
std::optional<std::pair<std::string, std::string>> page_labels(SQLite::Database& db,
                                                               std::int64_t id);

} // namespace sb::store_sql
