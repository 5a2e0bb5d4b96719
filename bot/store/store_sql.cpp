// SPDX-License-Identifier: Apache-2.0
// Column conversions and errors shared by the store's files.
#include "bot/store/store_sql.hpp"

#include <spdlog/spdlog.h>

namespace sb {
namespace store_sql {

std::optional<Instant> optional_instant(SQLite::Column const& column) {
    if (column.isNull())
        return std::nullopt;
    return instant_of(column.getInt64());
}

void bind_optional(SQLite::Statement& statement, int index, std::optional<Instant> at) {
    if (at)
        statement.bind(index, static_cast<int64_t>(seconds_of(*at)));
    else
        statement.bind(index);
}

Error store_error(std::exception const& e, char const* what) {
    spdlog::error("store: {} failed: {}", what, e.what());
    return make_error(ErrorCode::unavailable,
                      std::string("the store could not ") + what + ": " + e.what());
}

} // namespace store_sql

} // namespace sb
