// SPDX-License-Identifier: Apache-2.0
#include "bot/store/state_backup.hpp"

#include "bot/store/rota_reader.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <system_error>
#include <thread>

namespace sb {

namespace fs = std::filesystem;

namespace {

constexpr char const* database_name = "switchboard.db";
// The backup's own tables, beside the copied ones; restore removes them again.
constexpr char const* files_table = "switchboard_backup_files";

Unexpected<Error> failure(std::string message) {
    return unexpected(ErrorCode::unavailable, std::move(message));
}

bool is_key_file(fs::directory_entry const& entry) {
    std::error_code ec;
    return entry.is_regular_file(ec) && entry.path().extension() == ".key";
}

Result<std::string> read_file(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return failure("cannot read " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Copies all of `from` into `to` at one instant. A writer may hold the WAL briefly; the step is
// retried then, never left half done.
void copy_database(SQLite::Database& to, SQLite::Database& from) {
    SQLite::Backup backup(to, from);
    for (int attempt = 0;; ++attempt) {
        int status = backup.executeStep(-1);
        if (status == SQLITE_DONE)
            return;
        if ((status != SQLITE_BUSY && status != SQLITE_LOCKED) || attempt == 200)
            throw SQLite::Exception("the database stayed busy", status);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

int schema_of(SQLite::Database& db) {
    if (!db.tableExists("schema_version"))
        return 0;
    SQLite::Statement version(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    version.executeStep();
    return version.getColumn(0).getInt();
}

std::int64_t items_in(SQLite::Database& db) {
    if (!db.tableExists("items"))
        return 0;
    SQLite::Statement count(db, "SELECT COUNT(*) FROM items");
    count.executeStep();
    return count.getColumn(0).getInt64();
}

// Files created while it lives are private (0600), whatever the caller's umask.
class PrivateFiles {
public:
    PrivateFiles() : m_old(::umask(077)) {}
    ~PrivateFiles() { ::umask(m_old); }
    PrivateFiles(PrivateFiles const&) = delete;
    PrivateFiles& operator=(PrivateFiles const&) = delete;

private:
    mode_t m_old;
};

void make_private(fs::path const& path) {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
}

} // namespace

Result<BackupSummary> backup_state(fs::path const& state_dir, fs::path const& to) {
    auto source_path = state_dir / database_name;
    std::error_code ec;
    if (!fs::exists(source_path, ec))
        return unexpected(ErrorCode::not_found, "there is no database in " + state_dir.string() +
                                                    " (no " + source_path.filename().string() +
                                                    ")");
    if (fs::exists(to, ec))
        return unexpected(ErrorCode::conflict,
                          to.string() + " exists already; a backup never overwrites a file");
    auto partial = to;
    partial += ".partial";
    fs::remove(partial, ec);

    BackupSummary summary;
    try {
        // The copy holds tokens and keys: private from its first byte.
        PrivateFiles private_files;
        SQLite::Database destination(partial.string(),
                                     SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        {
            SQLite::Database source(source_path.string(), SQLite::OPEN_READONLY);
            source.setBusyTimeout(5000);
            summary.schema_version = schema_of(source);
            if (summary.schema_version == 0)
                return failure(source_path.string() + " is not a switchboard store");
            copy_database(destination, source);
        }
        destination.exec(std::string("CREATE TABLE ") + files_table +
                         "(name TEXT PRIMARY KEY, content BLOB NOT NULL)");
        for (auto const& entry : fs::directory_iterator(state_dir)) {
            if (!is_key_file(entry))
                continue;
            auto content = read_file(entry.path());
            if (!content)
                return unexpected(content.error());
            SQLite::Statement insert(destination, std::string("INSERT INTO ") + files_table +
                                                      "(name, content) VALUES (?, ?)");
            insert.bind(1, entry.path().filename().string());
            insert.bind(2, content->data(), static_cast<int>(content->size()));
            insert.exec();
            summary.key_files.push_back(entry.path().filename().string());
        }
        summary.items = items_in(destination);
    } catch (std::exception const& e) {
        fs::remove(partial, ec);
        return failure("cannot back up " + source_path.string() + ": " + e.what());
    }
    make_private(partial);
    fs::rename(partial, to, ec);
    if (ec) {
        fs::remove(partial, ec);
        return failure("cannot write " + to.string() + ": " + ec.message());
    }
    summary.bytes = static_cast<std::int64_t>(fs::file_size(to, ec));
    return summary;
}

Result<BackupSummary> restore_state(fs::path const& from, fs::path const& state_dir) {
    std::error_code ec;
    if (!fs::exists(from, ec))
        return unexpected(ErrorCode::not_found, "there is no backup file " + from.string());
    auto target = state_dir / database_name;
    if (fs::exists(target, ec))
        return unexpected(ErrorCode::conflict,
                          state_dir.string() +
                              " holds a database already; restore only into an empty state "
                              "directory (move the old one away first)");
    auto partial = target;
    partial += ".restoring";

    BackupSummary summary;
    try {
        SQLite::Database backup(from.string(), SQLite::OPEN_READONLY);
        if (!backup.tableExists(files_table))
            return unexpected(ErrorCode::invalid_argument,
                              from.string() + " is not a switchboard backup (no " + files_table +
                                  " table); make one with `switchboard backup`");
        summary.schema_version = schema_of(backup);
        if (summary.schema_version > store_schema_version())
            return unexpected(ErrorCode::invalid_argument,
                              from.string() + " has schema version " +
                                  std::to_string(summary.schema_version) +
                                  ", newer than this switchboard knows (" +
                                  std::to_string(store_schema_version()) +
                                  "); restore it with the version that wrote it");
        std::vector<std::pair<std::string, std::string>> files;
        SQLite::Statement rows(backup, std::string("SELECT name, content FROM ") + files_table);
        while (rows.executeStep()) {
            std::string name = rows.getColumn(0).getString();
            // A name with a slash could write outside the state directory.
            if (name.empty() || name.find('/') != std::string::npos || name == "." ||
                name == ".." || fs::path(name).extension() != ".key")
                return unexpected(ErrorCode::invalid_argument,
                                  from.string() + " names a key file '" + name +
                                      "' that is no plain *.key name; refusing it");
            auto const* blob = static_cast<char const*>(rows.getColumn(1).getBlob());
            files.emplace_back(
                name, std::string(blob, static_cast<std::size_t>(rows.getColumn(1).getBytes())));
        }

        fs::create_directories(state_dir);
        fs::permissions(state_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
        fs::remove(partial, ec);
        PrivateFiles private_files;
        {
            SQLite::Database restored(partial.string(),
                                      SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            copy_database(restored, backup);
            restored.exec(std::string("DROP TABLE ") + files_table);
            summary.items = items_in(restored);
        }
        for (auto const& [name, content] : files) {
            // The database's claim links were signed with this key: it replaces one that a
            // daemon may have made here before.
            auto path = state_dir / name;
            std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
            make_private(path);
            summary.key_files.push_back(name);
        }
    } catch (std::exception const& e) {
        fs::remove(partial, ec);
        return failure("cannot restore " + from.string() + ": " + e.what());
    }
    make_private(partial);
    fs::rename(partial, target, ec);
    if (ec) {
        fs::remove(partial, ec);
        return failure("cannot write " + target.string() + ": " + ec.message());
    }
    summary.bytes = static_cast<std::int64_t>(fs::file_size(target, ec));
    return summary;
}

} // namespace sb
