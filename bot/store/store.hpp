// SPDX-License-Identifier: Apache-2.0
// The embedded store: one SQLite file, and the repositories that each own a group of its tables.
// Everything outside bot/store reaches the data through a repository; none of them sees SQL.
#pragma once

#include "base/result.hpp"
#include "bot/store/audit_repository.hpp"
#include "bot/store/deadline_repository.hpp"
#include "bot/store/item_repository.hpp"
#include "bot/store/outbox_repository.hpp"
#include "bot/store/page_repository.hpp"
#include "bot/store/store_tally.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace sb {

class AuthRepository;
class CalendarRepository;
class CursorRepository;
class InboxRepository;
class RotaRepository;

class Store {
public:
    // Opens (creating if needed) the database file and applies pending migrations.
    // Throws on failure: a store that cannot open ends the process.
    explicit Store(std::string const& path);
    ~Store();
    Store(Store const&) = delete;
    Store& operator=(Store const&) = delete;

    std::string const& path() const { return m_path; }
    int schema_version() const;

    // Runs `body` as one transaction (in unit_of_work.cpp): every write inside it, of this store
    // and of the parts that share its file (pages …), commits together or not at all. An error
    // returned by `body`, a thrown one or a failed commit rolls everything back and is returned.
    // A unit opened inside another joins it.
    Result<void> unit_of_work(std::function<Result<void>()> const& body);
    // Runs `fn` once the open unit of work committed, and never if it rolls back; at once when
    // none is open. For what must not act on writes that may vanish: timers, live views.
    void after_commit(std::function<void()> fn);

    // The repositories, one per group of tables, all sharing this store's transactions.
    ItemRepository& items() { return m_items; }
    OutboxRepository& outbox() { return m_outbox; }
    DeadlineRepository& deadlines() { return m_deadlines; }
    PageRepository& pages() { return m_pages; }
    AuditRepository& audit() { return m_audit; }
    CursorRepository& cursors() { return *m_cursors; }
    InboxRepository& inbox() { return *m_inbox; }
    AuthRepository& auth() { return *m_auth; }
    CalendarRepository& calendars() { return *m_calendars; }
    RotaRepository& rota() { return *m_rota; }

    // Whether the store can still write (a full disk, a read-only file): one tiny real write at
    // most once per interval, the last answer in between; error messages start with "the store
    // cannot write: ". For /readyz, on the thread that owns the store.
    Result<void> check_writable(Instant now,
                                std::chrono::seconds interval = std::chrono::seconds(5));

    // The rows by the labels of /metrics, as the committed writes left them.
    StoreTally const& tally() const { return m_tally; }

private:
    // The repositories share this connection and its transactions; nothing
    // outside the store folder reaches SQL.
    friend class AuditRepository;
    friend class AuthRepository;
    friend class CalendarRepository;
    friend class CursorRepository;
    friend class DeadlineRepository;
    friend class InboxRepository;
    friend class ItemRepository;
    friend class OutboxRepository;
    friend class PageRepository;
    friend class RotaRepository;
    // Defined in tests/support/store_access.hpp, for tests that break the store on purpose.
    friend struct StoreAccessForTest;
    SQLite::Database& connection() { return *m_db; }

    void migrate();
    // Moves the tally once the open unit of work commits (at once outside one). Each write calls
    // it after its own transaction committed, so a write that is undone is never counted.
    void tally_after_commit(std::function<void(StoreTally&)> change);

    std::string m_path;
    // Why the store cannot write now, or empty.
    std::string write_blocker(Instant now);

    std::unique_ptr<SQLite::Database> m_db;
    int m_units = 0; // open units of work, nested
    std::vector<std::function<void()>> m_after_commit;
    StoreTally m_tally;
    std::optional<Instant> m_probed_at;
    std::string m_probe_failure; // empty: the last probe wrote

    ItemRepository m_items{*this};
    OutboxRepository m_outbox{*this};
    DeadlineRepository m_deadlines{*this};
    PageRepository m_pages{*this};
    AuditRepository m_audit{*this};
    std::unique_ptr<CursorRepository> m_cursors;
    std::unique_ptr<InboxRepository> m_inbox;
    std::unique_ptr<AuthRepository> m_auth;
    std::unique_ptr<CalendarRepository> m_calendars;
    std::unique_ptr<RotaRepository> m_rota;
};

} // namespace sb
