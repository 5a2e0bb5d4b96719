// SPDX-License-Identifier: Apache-2.0
// The embedded store on SQLite: the connection (WAL, durable commits) and the migration runner.
// The rows live in the repositories' files (items, outbox, deadlines, cursors, pages, …).
#include "bot/store/store.hpp"

#include "bot/store/auth_repository.hpp"
#include "bot/store/calendar_repository.hpp"
#include "bot/store/cursor_repository.hpp"
#include "bot/store/inbox_repository.hpp"
#include "bot/store/migration.hpp"
#include "bot/store/rota_reader.hpp"
#include "bot/store/rota_repository.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace sb {

namespace {

// Every repository's steps in version order; the check keeps a gap or a repeat from ever shipping.
std::vector<Migration> all_migrations() {
    std::vector<Migration> all;
    for (auto steps : {item_migrations(), rota_migrations(), page_migrations(), inbox_migrations(),
                       auth_migrations(), outbox_migrations(), calendar_migrations()})
        all.insert(all.end(), steps.begin(), steps.end());
    std::sort(all.begin(), all.end(),
              [](Migration const& a, Migration const& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].version != static_cast<int>(i + 1))
            throw std::logic_error("store: migration " + std::to_string(i + 1) +
                                   " is missing or given twice");
    return all;
}

void restrict_mode(std::string const& path) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        std::filesystem::permissions(
            path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
    if (ec)
        spdlog::warn("store: cannot make {} private (0600): {}", path, ec.message());
}

// Keeps the database as it was before an upgrade migrates it, beside it, so a failed or regretted
// upgrade can go back to the older binary with the older file. A copy already there is the one
// taken before the first attempt, which is the one worth keeping.
void keep_copy_before_migration(SQLite::Database& db, std::string const& path, int from, int to) {
    auto const copy = path + ".schema-" + std::to_string(from) + ".bak";
    std::error_code ec;
    if (std::filesystem::exists(copy, ec)) {
        spdlog::info("store: keeping the earlier copy {} of schema version {}", copy, from);
        return;
    }
    auto const partial = copy + ".partial";
    std::filesystem::remove(partial, ec);
    {
        // The copy holds tokens and links like the database: private from its first byte.
        auto const old_mask = ::umask(077);
        SQLite::Database destination(partial, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        ::umask(old_mask);
        SQLite::Backup backup(destination, db);
        if (int status = backup.executeStep(-1); status != SQLITE_DONE)
            throw SQLite::Exception("store: cannot copy " + path + " before migrating it", status);
    }
    std::filesystem::rename(partial, copy);
    spdlog::info("store: kept a copy of {} at schema version {} in {} before migrating it to {}",
                 path, from, copy, to);
}

} // namespace

Store::Store(std::string const& path) : m_path(path) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty())
        std::filesystem::create_directories(parent);
    // The file holds tokens and links: private, also when an older one was not. SQLite gives the
    // -wal and -shm files the database's mode when it creates them, so the database comes first.
    restrict_mode(path);
    m_db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    restrict_mode(path);
    restrict_mode(path + "-wal");
    restrict_mode(path + "-shm");
    m_db->exec("PRAGMA journal_mode=WAL");
    restrict_mode(path + "-wal");
    restrict_mode(path + "-shm");
    // FULL makes every commit durable before the webhook is acknowledged, even on power loss.
    m_db->exec("PRAGMA synchronous=FULL");
    m_db->exec("PRAGMA foreign_keys=ON");
    m_db->setBusyTimeout(5000);
    migrate();
    m_tally.load(*m_db);
    m_cursors = std::make_unique<CursorRepository>(*this);
    m_inbox = std::make_unique<InboxRepository>(*this);
    m_auth = std::make_unique<AuthRepository>(*this);
    m_calendars = std::make_unique<CalendarRepository>(*this);
    m_rota = std::make_unique<RotaRepository>(*this);
}

Store::~Store() = default;

void Store::migrate() {
    m_db->exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
    int version = schema_version();
    auto const migrations = all_migrations();
    auto const known = static_cast<int>(migrations.size());
    // An older binary would read columns it does not know as missing and write rows the newer
    // one cannot trust; the only safe answer is to refuse the file.
    if (version > known)
        throw std::runtime_error(m_path + " has schema version " + std::to_string(version) +
                                 ", newer than version " + std::to_string(known) +
                                 " that this switchboard knows; run the newer switchboard "
                                 "that wrote it, or restore a backup taken before the upgrade");
    if (version > 0 && version < known)
        keep_copy_before_migration(*m_db, m_path, version, known);
    // A rebuilt table is dropped while others still refer to it; the check below replaces the
    // one the drop would have made.
    m_db->exec("PRAGMA foreign_keys=OFF");
    for (std::size_t i = static_cast<std::size_t>(version); i < migrations.size(); ++i) {
        SQLite::Transaction transaction(*m_db);
        m_db->exec(migrations[i].sql);
        m_db->exec("DELETE FROM schema_version");
        SQLite::Statement insert(*m_db, "INSERT INTO schema_version(version) VALUES (?)");
        insert.bind(1, static_cast<int>(i + 1));
        insert.exec();
        transaction.commit();
        spdlog::info("store: migrated {} to schema version {}", m_path, i + 1);
    }
    m_db->exec("PRAGMA foreign_keys=ON");
    SQLite::Statement check(*m_db, "PRAGMA foreign_key_check");
    if (check.executeStep())
        spdlog::warn("store: {} holds rows whose parent is missing (table {})", m_path,
                     check.getColumn(0).getString());
}

int store_schema_version() {
    return static_cast<int>(all_migrations().size());
}

int Store::schema_version() const {
    SQLite::Statement q(*m_db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

} // namespace sb
