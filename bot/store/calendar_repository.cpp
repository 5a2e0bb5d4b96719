// SPDX-License-Identifier: Apache-2.0
#include "bot/store/calendar_repository.hpp"

#include "bot/store/store.hpp"

#include "bot/store/migration.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>

namespace sb {
namespace {

Result<std::vector<StoredCalendar>> read_all(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT url, body, fetched_at FROM calendar_copies ORDER BY url");
    std::vector<StoredCalendar> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                       instant_of(q.getColumn(2).getInt64())});
    return out;
}

} // namespace

Result<std::vector<StoredCalendar>> CalendarRepository::all() {
    try {
        return read_all(m_store.connection());
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          std::string("could not read the calendar copies: ") + e.what());
    }
}

Result<void> CalendarRepository::save(StoredCalendar const& calendar) {
    try {
        SQLite::Statement q(m_store.connection(),
                            "INSERT INTO calendar_copies(url, body, fetched_at) VALUES (?, ?, ?) "
                            "ON CONFLICT(url) DO UPDATE SET body = excluded.body, "
                            "fetched_at = excluded.fetched_at");
        q.bind(1, calendar.url);
        q.bind(2, calendar.body);
        q.bind(3, static_cast<std::int64_t>(seconds_of(calendar.fetched_at)));
        q.exec();
        return {};
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          "could not keep the copy of " + calendar.url + ": " + e.what());
    }
}

Result<std::vector<StoredCalendar>> read_calendar_copies(std::string const& database_path) {
    try {
        SQLite::Database db(database_path, SQLite::OPEN_READONLY);
        db.setBusyTimeout(5000);
        SQLite::Statement known(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                                    "name = 'calendar_copies'");
        if (!known.executeStep() || known.getColumn(0).getInt() != 1)
            return std::vector<StoredCalendar>{};
        return read_all(db);
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          "cannot read the store " + database_path + ": " + e.what());
    }
}

// The migrations of calendar copies; the runner in store.cpp applies them in version order.
std::span<Migration const> calendar_migrations() {
    static constexpr std::array<Migration, 1> steps{{
        // 8: the last good copy of each calendar URL, so a restart or a failing server keeps it.
        {8, R"sql(
CREATE TABLE IF NOT EXISTS calendar_copies(
    url TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
);
)sql"},
    }};
    return steps;
}

} // namespace sb
