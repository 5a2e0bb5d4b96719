// SPDX-License-Identifier: Apache-2.0
// Where each source stopped reading, so a restart resumes there.
#include "bot/store/cursor_repository.hpp"

#include "bot/store/store.hpp"
#include "bot/store/store_sql.hpp"

namespace sb {

using store_sql::store_error;

Result<std::optional<std::string>> CursorRepository::cursor(std::string const& source) try {
    SQLite::Statement q(m_store.connection(), "SELECT value FROM cursors WHERE source = ?");
    q.bind(1, source);
    if (q.executeStep())
        return std::optional<std::string>(q.getColumn(0).getString());
    return std::optional<std::string>();
} catch (std::exception const& e) {
    return store_error(e, "read a cursor");
}

Result<void> CursorRepository::set_cursor(std::string const& source, std::string const& value,
                                          Instant at) {
    try {
        SQLite::Statement q(m_store.connection(),
                            "INSERT OR REPLACE INTO cursors(source, value, updated_at) "
                            "VALUES (?, ?, ?)");
        q.bind(1, source);
        q.bind(2, value);
        q.bind(3, static_cast<int64_t>(seconds_of(at)));
        q.exec();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "store a cursor");
    }
}

} // namespace sb
