// SPDX-License-Identifier: Apache-2.0
// Whether the store can still write: one real write, and the room left on disk.
#include "bot/store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>

namespace sb {

namespace {

std::int64_t pragma_value(SQLite::Database& db, char const* pragma) {
    SQLite::Statement q(db, std::string("PRAGMA ") + pragma);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

// Below this, the next transaction's pages and WAL frames may not fit on the disk.
constexpr std::uint64_t min_free_bytes = 256 * 1024;

} // namespace

std::string Store::write_blocker(Instant now) {
    try {
        // IMMEDIATE takes the write lock at once, as every real write has to: a read-only
        // file or directory, a lock held elsewhere or an I/O error shows here.
        SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement q(*m_db, "INSERT OR REPLACE INTO write_probe(id, at) VALUES (1, ?)");
        q.bind(1, static_cast<int64_t>(seconds_of(now)));
        q.exec();
        transaction.commit();
        // The probe's row fits in its page even when nothing else does: a full file or disk
        // is seen by its numbers. A few free pages are no room: one mention may need more.
        auto const pages = pragma_value(*m_db, "page_count");
        auto const max_pages = pragma_value(*m_db, "max_page_count");
        auto const page_size = pragma_value(*m_db, "page_size");
        auto const free_pages = pragma_value(*m_db, "freelist_count");
        if (max_pages > 0 && page_size > 0) {
            auto const room =
                (std::max<std::int64_t>(max_pages - pages, 0) + free_pages) * page_size;
            if (static_cast<std::uint64_t>(room) < min_free_bytes)
                return "the database is full (" + std::to_string(room) +
                       " bytes of room left under its limit of " + std::to_string(max_pages) +
                       " pages)";
        }
    } catch (std::exception const& e) {
        std::string what = e.what();
        return what.empty() ? "unknown error" : what;
    }
    struct statvfs disk {};
    auto const dir = std::filesystem::path(m_path).parent_path();
    if (::statvfs(dir.empty() ? "." : dir.c_str(), &disk) == 0) {
        auto const free_bytes = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
        if (free_bytes < min_free_bytes)
            return "the disk holding " + m_path + " is full (" + std::to_string(free_bytes) +
                   " bytes free)";
    }
    return {};
}

Result<void> Store::check_writable(Instant now, std::chrono::seconds interval) {
    bool const fresh = m_probed_at && now >= *m_probed_at && now - *m_probed_at < interval;
    if (!fresh) {
        m_probed_at = now;
        m_probe_failure = write_blocker(now);
    }
    if (m_probe_failure.empty())
        return {};
    return unexpected(ErrorCode::unavailable, "the store cannot write: " + m_probe_failure);
}

} // namespace sb
