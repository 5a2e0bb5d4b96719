// SPDX-License-Identifier: Apache-2.0
// The embedded store on SQLite: WAL, versioned migrations, prepared statements only.
#include "bot/store/store.hpp"

#include "bot/store/item_rows.hpp"
#include "bot/store/rota_reader.hpp"
#include "bot/store/write_scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sys/statvfs.h>

#include <array>
#include <filesystem>
#include <utility>

namespace sb {
namespace {

// Each migration runs once, in order, in its own transaction; never edit one that shipped.
constexpr std::array<char const*, 8> migrations{
    R"sql(
CREATE TABLE items(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    platform TEXT NOT NULL,
    external_id TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'mention',
    rating INTEGER,
    language TEXT NOT NULL DEFAULT '',
    parent_id TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    team TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT 'normal',
    state TEXT NOT NULL DEFAULT 'open',
    claimed_by TEXT NOT NULL DEFAULT '',
    claimed_at INTEGER,
    resolved_at INTEGER,
    snoozed_until INTEGER,
    due_at INTEGER,
    received_at INTEGER NOT NULL,
    deleted_at INTEGER,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE(platform, external_id)
);
CREATE INDEX items_state ON items(state);
CREATE TABLE timeline(
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    via TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX timeline_item ON timeline(item_id, id);
CREATE TABLE outbox(
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    adapter TEXT NOT NULL,
    room TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    person_address TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    message_ref TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(state, id);
CREATE TABLE cards(
    item_id INTEGER NOT NULL,
    adapter TEXT NOT NULL,
    message_ref TEXT NOT NULL,
    PRIMARY KEY(item_id, adapter)
);
CREATE INDEX cards_ref ON cards(adapter, message_ref);
CREATE TABLE deadlines(
    item_id INTEGER PRIMARY KEY,
    due_at INTEGER NOT NULL,
    policy TEXT NOT NULL DEFAULT '',
    step INTEGER NOT NULL DEFAULT 0,
    round INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'escalate'
);
CREATE TABLE pages(
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL,
    person TEXT NOT NULL,
    method TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pages_item ON pages(item_id);
CREATE TABLE cursors(
    source TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
)sql",
    // 2: rota entries made at run time (chat, API, web) and the audit log of every change.
    R"sql(
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
)sql",
    // 3: phone pages planned ahead (contact rules, quiet hours), their delivery and receipts,
    // and the single use of each claim link.
    R"sql(
ALTER TABLE pages ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE pages ADD COLUMN due_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN claim_used_at INTEGER;
CREATE INDEX pages_due ON pages(state, due_at);
)sql",
    // 4: payloads that sources accepted and still have to process (a webhook answered at once),
    // and mentions grouped into an earlier item by the burst rule.
    R"sql(
CREATE TABLE source_inbox(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX source_inbox_due ON source_inbox(source, next_attempt_at);
ALTER TABLE items ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
CREATE INDEX items_group ON items(group_key, received_at) WHERE group_key <> '';
CREATE TABLE item_aliases(
    platform TEXT NOT NULL,
    external_id TEXT NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY(platform, external_id)
);
)sql",
    // 5: the REST API and the web page: personal tokens, sign-in links and sessions (hashes only),
    // and indexes for the items list's filters.
    R"sql(
CREATE TABLE api_tokens(
    id INTEGER PRIMARY KEY,
    person TEXT NOT NULL,
    label TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens(person);
CREATE TABLE signin_links(
    hash TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE web_sessions(
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    person TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX items_state_id ON items(state, id);
CREATE INDEX items_team_id ON items(team, id);
CREATE INDEX items_team_state_id ON items(team, state, id);
CREATE INDEX items_received ON items(received_at);
CREATE INDEX items_source_id ON items(source, id);
CREATE INDEX audit_log_at ON audit_log(at);
)sql",
    // 6: text that replaces a secret message (a sign-in link, a token) once it was delivered, and
    // the one row the readiness probe writes to prove the store can still write.
    R"sql(
ALTER TABLE outbox ADD COLUMN after_delivery TEXT;
CREATE TABLE write_probe(id INTEGER PRIMARY KEY CHECK(id = 1), at INTEGER NOT NULL);
)sql",
    // 7: a mention is known by its source too: two sources that both see platform "x" id "1"
    // (two shops' webhooks, say) make two items. SQLite cannot change a table's UNIQUE
    // constraint, so items and item_aliases are rebuilt (foreign keys are off meanwhile).
    R"sql(
CREATE TABLE items_v7(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    platform TEXT NOT NULL,
    external_id TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'mention',
    rating INTEGER,
    language TEXT NOT NULL DEFAULT '',
    parent_id TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    team TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT 'normal',
    state TEXT NOT NULL DEFAULT 'open',
    claimed_by TEXT NOT NULL DEFAULT '',
    claimed_at INTEGER,
    resolved_at INTEGER,
    snoozed_until INTEGER,
    due_at INTEGER,
    received_at INTEGER NOT NULL,
    deleted_at INTEGER,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    group_key TEXT NOT NULL DEFAULT '',
    UNIQUE(source, platform, external_id)
);
INSERT INTO items_v7(id, source, platform, external_id, author, text, url, kind, rating,
    language, parent_id, account, created_at, extra, team, priority, state, claimed_by,
    claimed_at, resolved_at, snoozed_until, due_at, received_at, deleted_at, duplicate_count,
    group_key)
SELECT id, source, platform, external_id, author, text, url, kind, rating, language, parent_id,
    account, created_at, extra, team, priority, state, claimed_by, claimed_at, resolved_at,
    snoozed_until, due_at, received_at, deleted_at, duplicate_count, group_key FROM items;
DROP TABLE items;
ALTER TABLE items_v7 RENAME TO items;
CREATE INDEX items_state ON items(state);
CREATE INDEX items_group ON items(group_key, received_at) WHERE group_key <> '';
CREATE INDEX items_state_id ON items(state, id);
CREATE INDEX items_team_id ON items(team, id);
CREATE INDEX items_team_state_id ON items(team, state, id);
CREATE INDEX items_received ON items(received_at);
CREATE INDEX items_source_id ON items(source, id);
CREATE TABLE item_aliases_v7(
    source TEXT NOT NULL,
    platform TEXT NOT NULL,
    external_id TEXT NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY(source, platform, external_id)
);
INSERT INTO item_aliases_v7(source, platform, external_id, item_id)
SELECT items.source, a.platform, a.external_id, a.item_id
FROM item_aliases a JOIN items ON items.id = a.item_id;
DROP TABLE item_aliases;
ALTER TABLE item_aliases_v7 RENAME TO item_aliases;
)sql",
    // 8: the last good copy of each calendar URL, so a restart or a failing server keeps it.
    R"sql(
CREATE TABLE IF NOT EXISTS calendar_copies(
    url TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
);
)sql",
};

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

char const* outbox_kind_name(OutboxKind kind) {
    switch (kind) {
    case OutboxKind::post_card:
        return "post_card";
    case OutboxKind::update_card:
        return "update_card";
    case OutboxKind::thread_note:
        return "thread_note";
    case OutboxKind::direct_message:
        return "direct_message";
    case OutboxKind::room_message:
        return "room_message";
    }
    return "room_message";
}

OutboxKind outbox_kind_from(std::string const& name) {
    for (auto kind : {OutboxKind::post_card, OutboxKind::update_card, OutboxKind::thread_note,
                      OutboxKind::direct_message, OutboxKind::room_message})
        if (name == outbox_kind_name(kind))
            return kind;
    return OutboxKind::room_message;
}

Error store_error(std::exception const& e, char const* what) {
    spdlog::error("store: {} failed: {}", what, e.what());
    return make_error(ErrorCode::unavailable,
                      std::string("the store could not ") + what + ": " + e.what());
}

constexpr char const* item_columns =
    "id, source, platform, external_id, author, text, url, kind, rating, language, parent_id, "
    "account, created_at, extra, team, priority, state, claimed_by, claimed_at, resolved_at, "
    "snoozed_until, due_at, received_at, deleted_at, duplicate_count, group_key";

Item read_item(SQLite::Statement& q) {
    Item item;
    item.id = q.getColumn(0).getInt64();
    item.mention.source = q.getColumn(1).getString();
    item.mention.platform = q.getColumn(2).getString();
    item.mention.external_id = q.getColumn(3).getString();
    item.mention.author = q.getColumn(4).getString();
    item.mention.text = q.getColumn(5).getString();
    item.mention.url = q.getColumn(6).getString();
    item.mention.kind =
        mention_kind_from_string(q.getColumn(7).getString()).value_or(MentionKind::mention);
    if (!q.getColumn(8).isNull())
        item.mention.rating = q.getColumn(8).getInt();
    item.mention.language = q.getColumn(9).getString();
    item.mention.parent_id = q.getColumn(10).getString();
    item.mention.account = q.getColumn(11).getString();
    item.mention.created_at = instant_of(q.getColumn(12).getInt64());
    item.mention.extra_json = q.getColumn(13).getString();
    item.team = q.getColumn(14).getString();
    item.priority = priority_from_string(q.getColumn(15).getString()).value_or(Priority::normal);
    item.state = item_state_from_string(q.getColumn(16).getString()).value_or(ItemState::open);
    item.claimed_by = q.getColumn(17).getString();
    item.claimed_at = optional_instant(q.getColumn(18));
    item.resolved_at = optional_instant(q.getColumn(19));
    item.snoozed_until = optional_instant(q.getColumn(20));
    item.due_at = optional_instant(q.getColumn(21));
    item.received_at = instant_of(q.getColumn(22).getInt64());
    item.deleted_at = optional_instant(q.getColumn(23));
    item.deleted_by_author = item.deleted_at.has_value();
    item.duplicate_count = q.getColumn(24).getInt();
    item.group_key = q.getColumn(25).getString();
    return item;
}

} // namespace

namespace store_rows {

char const* item_select_columns() {
    return item_columns;
}

Item read_item_row(SQLite::Statement& statement) {
    return read_item(statement);
}

} // namespace store_rows

namespace {

void restrict_mode(std::string const& path) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        std::filesystem::permissions(
            path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
    if (ec)
        spdlog::warn("store: cannot make {} private (0600): {}", path, ec.message());
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
}

Store::~Store() = default;

void Store::migrate() {
    m_db->exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
    int version = schema_version();
    // A rebuilt table is dropped while others still refer to it; the check below replaces the
    // one the drop would have made.
    m_db->exec("PRAGMA foreign_keys=OFF");
    for (std::size_t i = static_cast<std::size_t>(version); i < migrations.size(); ++i) {
        SQLite::Transaction transaction(*m_db);
        m_db->exec(migrations[i]);
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

int store_schema_version() {
    return static_cast<int>(migrations.size());
}

int Store::schema_version() const {
    SQLite::Statement q(*m_db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

namespace {

void insert_event(SQLite::Database& db, TimelineEvent const& event) {
    SQLite::Statement q(db, "INSERT INTO timeline(item_id, at, actor, via, kind, detail) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(event.item_id));
    q.bind(2, static_cast<int64_t>(seconds_of(event.at)));
    q.bind(3, event.actor);
    q.bind(4, to_string(event.via));
    q.bind(5, event.kind);
    q.bind(6, event.detail);
    q.exec();
}

// The audit log's action for a timeline event a person caused, or nullptr for events that are
// no change by a person (the bot's own, deliveries, pages).
char const* audit_action(TimelineEvent const& event) {
    if (event.via == Via::system || event.actor.empty() || event.actor == "switchboard")
        return nullptr;
    static constexpr std::pair<char const*, char const*> actions[] = {
        {"claimed", "item.claim"},  {"released", "item.release"},  {"resolved", "item.resolve"},
        {"snoozed", "item.snooze"}, {"dismissed", "item.dismiss"}, {"handed_off", "item.handoff"},
        {"note", "item.note"},
    };
    for (auto const& [kind, action] : actions)
        if (event.kind == kind)
            return action;
    return nullptr;
}

// Item changes by people join the rota's changes in the audit log, in the caller's transaction.
void write_item_audit(SQLite::Database& db, TimelineEvent const& event) {
    auto const* action = audit_action(event);
    if (action == nullptr)
        return;
    auto detail = event.kind == "note"
                      ? "Note on #" + std::to_string(event.item_id) + ": " + event.detail
                      : event.detail;
    SQLite::Statement q(
        db, "INSERT INTO audit_log(at, actor, via, action, detail) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(seconds_of(event.at)));
    q.bind(2, event.actor);
    q.bind(3, to_string(event.via));
    q.bind(4, action);
    q.bind(5, detail);
    q.exec();
}

void write_outbox(SQLite::Database& db, ItemId item, NewOutbox const& entry) {
    SQLite::Statement q(db,
                        "INSERT INTO outbox(item_id, kind, adapter, room, person, "
                        "person_address, text, after_delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(item));
    q.bind(2, outbox_kind_name(entry.kind));
    q.bind(3, entry.adapter);
    q.bind(4, entry.room);
    q.bind(5, entry.person);
    q.bind(6, entry.person_address);
    q.bind(7, entry.text);
    if (entry.after_delivery.empty())
        q.bind(8);
    else
        q.bind(8, entry.after_delivery);
    q.exec();
}

void write_deadline(SQLite::Database& db, Deadline const& deadline) {
    SQLite::Statement q(db, "INSERT OR REPLACE INTO deadlines(item_id, due_at, policy, step, "
                            "round, started_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(deadline.item_id));
    q.bind(2, static_cast<int64_t>(seconds_of(deadline.due_at)));
    q.bind(3, deadline.policy);
    q.bind(4, deadline.step);
    q.bind(5, deadline.round);
    q.bind(6, static_cast<int64_t>(seconds_of(deadline.started_at)));
    q.bind(7, deadline.kind);
    q.exec();
}

void delete_deadline(SQLite::Database& db, ItemId item) {
    SQLite::Statement q(db, "DELETE FROM deadlines WHERE item_id = ?");
    q.bind(1, static_cast<int64_t>(item));
    q.exec();
}

} // namespace

void Store::insert_outbox(ItemId item, NewOutbox const& entry) {
    write_outbox(*m_db, item, entry);
}

Result<void> Store::add_outbox(ItemId item, std::vector<NewOutbox> const& entries) {
    try {
        WriteScope transaction(*m_db);
        for (auto const& entry : entries)
            write_outbox(*m_db, item, entry);
        transaction.commit();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "queue a message");
    }
}

namespace {

std::optional<ItemId> select_item_id(SQLite::Database& db, std::string const& source,
                                     std::string const& platform, std::string const& external_id) {
    SQLite::Statement q(
        db, "SELECT id FROM items WHERE source = ? AND platform = ? AND external_id = ?");
    q.bind(1, source);
    q.bind(2, platform);
    q.bind(3, external_id);
    if (q.executeStep())
        return q.getColumn(0).getInt64();
    return std::nullopt;
}

std::optional<ItemId> select_alias(SQLite::Database& db, std::string const& source,
                                   std::string const& platform, std::string const& external_id) {
    SQLite::Statement q(db, "SELECT item_id FROM item_aliases WHERE source = ? AND "
                            "platform = ? AND external_id = ?");
    q.bind(1, source);
    q.bind(2, platform);
    q.bind(3, external_id);
    if (q.executeStep())
        return q.getColumn(0).getInt64();
    return std::nullopt;
}

} // namespace

Result<std::optional<ItemId>> Store::find_item(std::string const& source,
                                               std::string const& platform,
                                               std::string const& external_id) {
    try {
        return select_item_id(*m_db, source, platform, external_id);
    } catch (std::exception const& e) {
        return store_error(e, "look up a mention");
    }
}

Result<std::optional<ItemId>> Store::find_alias(std::string const& source,
                                                std::string const& platform,
                                                std::string const& external_id) {
    try {
        return select_alias(*m_db, source, platform, external_id);
    } catch (std::exception const& e) {
        return store_error(e, "look up a grouped mention");
    }
}

Result<std::optional<Item>> Store::burst_target(std::string const& group_key, Instant since) {
    try {
        SQLite::Statement q(*m_db, std::string("SELECT ") + item_columns +
                                       " FROM items WHERE group_key = ? AND received_at >= ? AND "
                                       "state IN ('open', 'claimed', 'snoozed') "
                                       "ORDER BY received_at DESC, id DESC LIMIT 1");
        q.bind(1, group_key);
        q.bind(2, static_cast<int64_t>(seconds_of(since)));
        if (q.executeStep())
            return std::optional<Item>(read_item(q));
        return std::optional<Item>();
    } catch (std::exception const& e) {
        return store_error(e, "look up a burst");
    }
}

Result<bool> Store::group_into(ItemId id, Mention const& mention, std::optional<Priority> raise_to,
                               TimelineEvent event, std::vector<NewOutbox> const& outbox) {
    try {
        WriteScope transaction(*m_db);
        if (select_item_id(*m_db, mention.source, mention.platform, mention.external_id) ||
            select_alias(*m_db, mention.source, mention.platform, mention.external_id))
            return false;
        SQLite::Statement alias(*m_db, "INSERT INTO item_aliases(source, platform, external_id, "
                                       "item_id) VALUES (?, ?, ?, ?)");
        alias.bind(1, mention.source);
        alias.bind(2, mention.platform);
        alias.bind(3, mention.external_id);
        alias.bind(4, static_cast<int64_t>(id));
        alias.exec();
        SQLite::Statement count(
            *m_db, "UPDATE items SET duplicate_count = duplicate_count + 1 WHERE id = ?");
        count.bind(1, static_cast<int64_t>(id));
        count.exec();
        if (raise_to) {
            SQLite::Statement priority(*m_db, "UPDATE items SET priority = ? WHERE id = ?");
            priority.bind(1, to_string(*raise_to));
            priority.bind(2, static_cast<int64_t>(id));
            priority.exec();
        }
        event.item_id = id;
        insert_event(*m_db, event);
        for (auto const& entry : outbox)
            write_outbox(*m_db, id, entry);
        transaction.commit();
        return true;
    } catch (std::exception const& e) {
        return store_error(e, "group a mention into an item");
    }
}

Result<Store::IngestResult> Store::insert_item(Item const& item, TimelineEvent event,
                                               std::vector<NewOutbox> const& outbox,
                                               std::optional<Deadline> const& deadline) {
    try {
        WriteScope transaction(*m_db);
        auto const& key = item.mention;
        if (auto existing = select_item_id(*m_db, key.source, key.platform, key.external_id))
            return IngestResult{*existing, false};
        if (auto grouped = select_alias(*m_db, key.source, key.platform, key.external_id))
            return IngestResult{*grouped, false};
        SQLite::Statement q(
            *m_db, "INSERT INTO items(source, platform, external_id, author, text, url, kind, "
                   "rating, language, parent_id, account, created_at, extra, team, priority, "
                   "state, due_at, received_at, group_key) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        auto const& m = item.mention;
        q.bind(1, m.source);
        q.bind(2, m.platform);
        q.bind(3, m.external_id);
        q.bind(4, m.author);
        q.bind(5, m.text);
        q.bind(6, m.url);
        q.bind(7, to_string(m.kind));
        if (m.rating)
            q.bind(8, *m.rating);
        else
            q.bind(8);
        q.bind(9, m.language);
        q.bind(10, m.parent_id);
        q.bind(11, m.account);
        q.bind(12, static_cast<int64_t>(seconds_of(m.created_at)));
        q.bind(13, m.extra_json);
        q.bind(14, item.team);
        q.bind(15, to_string(item.priority));
        q.bind(16, to_string(item.state));
        bind_optional(q, 17, item.due_at);
        q.bind(18, static_cast<int64_t>(seconds_of(item.received_at)));
        q.bind(19, item.group_key);
        q.exec();
        ItemId id = m_db->getLastInsertRowid();
        event.item_id = id;
        insert_event(*m_db, event);
        for (auto const& entry : outbox)
            write_outbox(*m_db, id, entry);
        if (deadline) {
            auto copy = *deadline;
            copy.item_id = id;
            write_deadline(*m_db, copy);
        }
        transaction.commit();
        return IngestResult{id, true};
    } catch (std::exception const& e) {
        return store_error(e, "store the item");
    }
}

Result<void> Store::update_mention(ItemId id, Mention const& mention, TimelineEvent event,
                                   std::vector<NewOutbox> const& outbox) {
    try {
        WriteScope transaction(*m_db);
        if (mention.change == MentionChange::deleted) {
            SQLite::Statement q(
                *m_db, "UPDATE items SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL");
            q.bind(1, static_cast<int64_t>(seconds_of(event.at)));
            q.bind(2, static_cast<int64_t>(id));
            q.exec();
        } else {
            SQLite::Statement q(*m_db, "UPDATE items SET text = ?, extra = ? WHERE id = ?");
            q.bind(1, mention.text);
            q.bind(2, mention.extra_json);
            q.bind(3, static_cast<int64_t>(id));
            q.exec();
        }
        event.item_id = id;
        insert_event(*m_db, event);
        for (auto const& entry : outbox)
            write_outbox(*m_db, id, entry);
        transaction.commit();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "update the item");
    }
}

Result<bool> Store::apply(Transition const& t) {
    try {
        WriteScope transaction(*m_db);
        SQLite::Statement current(*m_db, "SELECT state FROM items WHERE id = ?");
        current.bind(1, static_cast<int64_t>(t.item_id));
        if (!current.executeStep())
            return unexpected(ErrorCode::not_found,
                              "there is no item #" + std::to_string(t.item_id));
        auto state = item_state_from_string(current.getColumn(0).getString());
        bool allowed = false;
        for (auto from : t.allowed_from)
            allowed = allowed || state == from;
        if (!allowed)
            return false;

        SQLite::Statement q(*m_db, "UPDATE items SET state = ?, claimed_by = ?, claimed_at = ?, "
                                   "resolved_at = ?, snoozed_until = ?, due_at = NULL "
                                   "WHERE id = ?");
        q.bind(1, to_string(t.to));
        auto now = static_cast<int64_t>(seconds_of(t.event.at));
        switch (t.to) {
        case ItemState::claimed:
            q.bind(2, t.claimed_by);
            q.bind(3, now);
            q.bind(4);
            q.bind(5);
            break;
        case ItemState::resolved:
        case ItemState::dismissed: {
            // Keep who claimed it and when: the report measures time to claim from them.
            SQLite::Statement keep(*m_db, "SELECT claimed_by, claimed_at FROM items WHERE id = ?");
            keep.bind(1, static_cast<int64_t>(t.item_id));
            keep.executeStep();
            q.bind(2, keep.getColumn(0).getString());
            if (keep.getColumn(1).isNull())
                q.bind(3);
            else
                q.bind(3, keep.getColumn(1).getInt64());
            q.bind(4, now);
            q.bind(5);
            break;
        }
        case ItemState::snoozed:
            q.bind(2, "");
            q.bind(3);
            q.bind(4);
            bind_optional(q, 5, t.snoozed_until);
            break;
        case ItemState::open:
            q.bind(2, "");
            q.bind(3);
            q.bind(4);
            q.bind(5);
            break;
        }
        q.bind(6, static_cast<int64_t>(t.item_id));
        q.exec();
        insert_event(*m_db, t.event);
        write_item_audit(*m_db, t.event);
        for (auto const& entry : t.outbox)
            write_outbox(*m_db, t.item_id, entry);
        if (t.deadline)
            write_deadline(*m_db, *t.deadline);
        else
            delete_deadline(*m_db, t.item_id);
        transaction.commit();
        return true;
    } catch (std::exception const& e) {
        return store_error(e, "change the item");
    }
}

Result<void> Store::add_event(TimelineEvent event, std::vector<NewOutbox> const& outbox) {
    try {
        WriteScope transaction(*m_db);
        insert_event(*m_db, event);
        write_item_audit(*m_db, event);
        for (auto const& entry : outbox)
            write_outbox(*m_db, event.item_id, entry);
        transaction.commit();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "record the event");
    }
}

std::optional<Item> Store::item(ItemId id) {
    SQLite::Statement q(*m_db, std::string("SELECT ") + item_columns + " FROM items WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (q.executeStep())
        return read_item(q);
    return std::nullopt;
}

Result<std::optional<Item>> Store::load_item(ItemId id) {
    try {
        return item(id);
    } catch (std::exception const& e) {
        return store_error(e, ("read item #" + std::to_string(id)).c_str());
    }
}

std::vector<Item> Store::items(ItemFilter const& filter) {
    std::string sql = std::string("SELECT ") + item_columns + " FROM items WHERE 1=1";
    if (filter.state)
        sql += " AND state = :state";
    if (filter.active_only)
        sql += " AND state IN ('open', 'claimed', 'snoozed')";
    if (!filter.team.empty())
        sql += " AND team = :team";
    sql += " ORDER BY id LIMIT :limit";
    SQLite::Statement q(*m_db, sql);
    if (filter.state)
        q.bind(":state", to_string(*filter.state));
    if (!filter.team.empty())
        q.bind(":team", filter.team);
    q.bind(":limit", filter.limit);
    std::vector<Item> out;
    while (q.executeStep())
        out.push_back(read_item(q));
    return out;
}

std::vector<TimelineEvent> Store::timeline(ItemId id) {
    SQLite::Statement q(*m_db, "SELECT id, item_id, at, actor, via, kind, detail FROM timeline "
                               "WHERE item_id = ? ORDER BY id");
    q.bind(1, static_cast<int64_t>(id));
    std::vector<TimelineEvent> out;
    while (q.executeStep()) {
        TimelineEvent e;
        e.id = q.getColumn(0).getInt64();
        e.item_id = q.getColumn(1).getInt64();
        e.at = instant_of(q.getColumn(2).getInt64());
        e.actor = q.getColumn(3).getString();
        e.via = via_from_string(q.getColumn(4).getString()).value_or(Via::system);
        e.kind = q.getColumn(5).getString();
        e.detail = q.getColumn(6).getString();
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<Counts> Store::count_items_by(std::string const& column) {
    // The column name comes from a fixed list, never from input.
    if (column != "state" && column != "priority" && column != "source" && column != "team")
        return {};
    SQLite::Statement q(*m_db, "SELECT " + column + ", COUNT(*) FROM items GROUP BY " + column);
    std::vector<Counts> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64()});
    return out;
}

Result<std::vector<StoredOutbox>> Store::pending_outbox(int limit) try {
    SQLite::Statement q(*m_db, "SELECT o.id, o.item_id, o.kind, o.adapter, o.room, o.person, "
                               "o.person_address, o.text, o.attempts, o.next_attempt_at, o.state, "
                               "COALESCE(c.message_ref, '') FROM outbox o LEFT JOIN cards c ON "
                               "c.item_id = o.item_id AND c.adapter = o.adapter "
                               "WHERE o.state = 'pending' ORDER BY o.id LIMIT ?");
    q.bind(1, limit);
    std::vector<StoredOutbox> out;
    while (q.executeStep()) {
        StoredOutbox entry;
        auto& m = entry.message;
        m.id = q.getColumn(0).getInt64();
        m.item_id = q.getColumn(1).getInt64();
        m.kind = outbox_kind_from(q.getColumn(2).getString());
        m.adapter = q.getColumn(3).getString();
        m.room = q.getColumn(4).getString();
        m.person = q.getColumn(5).getString();
        m.person_address = q.getColumn(6).getString();
        m.text = q.getColumn(7).getString();
        m.attempts = q.getColumn(8).getInt();
        entry.next_attempt_at = instant_of(q.getColumn(9).getInt64());
        entry.state = q.getColumn(10).getString();
        m.card_ref = q.getColumn(11).getString();
        out.push_back(std::move(entry));
    }
    return out;
} catch (std::exception const& e) {
    return store_error(e, "read the outbox");
}

std::int64_t Store::outbox_depth() {
    SQLite::Statement q(*m_db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
    q.executeStep();
    return q.getColumn(0).getInt64();
}

Result<void> Store::outbox_delivered(std::int64_t id, std::string const& message_ref) {
    try {
        WriteScope transaction(*m_db);
        // A secret's text goes once it reached the person, so the file no longer holds it.
        SQLite::Statement q(*m_db, "UPDATE outbox SET state = 'delivered', message_ref = ?, "
                                   "attempts = attempts + 1, text = COALESCE(after_delivery, "
                                   "text) WHERE id = ?");
        q.bind(1, message_ref);
        q.bind(2, static_cast<int64_t>(id));
        q.exec();
        // The first delivered card becomes the one later updates and thread notes refer to.
        SQLite::Statement card(*m_db, "INSERT OR IGNORE INTO cards(item_id, adapter, message_ref) "
                                      "SELECT item_id, adapter, ? FROM outbox WHERE id = ? AND "
                                      "kind = 'post_card'");
        card.bind(1, message_ref);
        card.bind(2, static_cast<int64_t>(id));
        card.exec();
        transaction.commit();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "record a delivery");
    }
}

Result<void> Store::outbox_retry(std::int64_t id, Instant next_attempt_at,
                                 std::string const& error) {
    try {
        SQLite::Statement q(*m_db, "UPDATE outbox SET attempts = attempts + 1, "
                                   "next_attempt_at = ?, last_error = ? WHERE id = ?");
        q.bind(1, static_cast<int64_t>(seconds_of(next_attempt_at)));
        q.bind(2, error);
        q.bind(3, static_cast<int64_t>(id));
        q.exec();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "schedule a retry");
    }
}

Result<void> Store::outbox_failed(std::int64_t id, std::string const& error) {
    try {
        SQLite::Statement q(*m_db, "UPDATE outbox SET state = 'failed', attempts = attempts + 1, "
                                   "last_error = ?, text = COALESCE(after_delivery, text) "
                                   "WHERE id = ?");
        q.bind(1, error);
        q.bind(2, static_cast<int64_t>(id));
        q.exec();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "record a failed delivery");
    }
}

Result<std::optional<std::string>> Store::card_ref(ItemId item, std::string const& adapter) try {
    SQLite::Statement q(*m_db, "SELECT message_ref FROM cards WHERE item_id = ? AND adapter = ?");
    q.bind(1, static_cast<int64_t>(item));
    q.bind(2, adapter);
    if (q.executeStep())
        return std::optional<std::string>(q.getColumn(0).getString());
    return std::optional<std::string>();
} catch (std::exception const& e) {
    return store_error(e, "read a card");
}

Result<std::optional<ItemId>> Store::item_for_card(std::string const& adapter,
                                                   std::string const& message_ref) try {
    SQLite::Statement q(*m_db, "SELECT item_id FROM cards WHERE adapter = ? AND message_ref = ?");
    q.bind(1, adapter);
    q.bind(2, message_ref);
    if (q.executeStep())
        return std::optional<ItemId>(q.getColumn(0).getInt64());
    return std::optional<ItemId>();
} catch (std::exception const& e) {
    return store_error(e, "find the item of a card");
}

Result<void> Store::set_deadline(Deadline const& deadline) {
    try {
        write_deadline(*m_db, deadline);
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "store a deadline");
    }
}

Result<void> Store::clear_deadline(ItemId item) {
    try {
        delete_deadline(*m_db, item);
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "clear a deadline");
    }
}

namespace {
Deadline read_deadline(SQLite::Statement& q) {
    Deadline d;
    d.item_id = q.getColumn(0).getInt64();
    d.due_at = instant_of(q.getColumn(1).getInt64());
    d.policy = q.getColumn(2).getString();
    d.step = q.getColumn(3).getInt();
    d.round = q.getColumn(4).getInt();
    d.started_at = instant_of(q.getColumn(5).getInt64());
    d.kind = q.getColumn(6).getString();
    return d;
}
} // namespace

Result<std::optional<Deadline>> Store::deadline(ItemId item) try {
    SQLite::Statement q(*m_db, "SELECT item_id, due_at, policy, step, round, started_at, kind "
                               "FROM deadlines WHERE item_id = ?");
    q.bind(1, static_cast<int64_t>(item));
    if (q.executeStep())
        return std::optional<Deadline>(read_deadline(q));
    return std::optional<Deadline>();
} catch (std::exception const& e) {
    return store_error(e, ("read the deadline of item #" + std::to_string(item)).c_str());
}

std::vector<Deadline> Store::deadlines() {
    SQLite::Statement q(*m_db, "SELECT item_id, due_at, policy, step, round, started_at, kind "
                               "FROM deadlines ORDER BY due_at, item_id");
    std::vector<Deadline> out;
    while (q.executeStep())
        out.push_back(read_deadline(q));
    return out;
}

Result<std::optional<Deadline>> Store::load_deadline(ItemId item) {
    return deadline(item);
}

Result<std::vector<Deadline>> Store::load_deadlines() {
    try {
        return deadlines();
    } catch (std::exception const& e) {
        return store_error(e, "read the deadlines");
    }
}

Result<std::int64_t> Store::add_page(PageRecord const& page) {
    try {
        SQLite::Statement q(*m_db, "INSERT INTO pages(item_id, person, method, state, "
                                   "created_at, detail) VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, static_cast<int64_t>(page.item_id));
        q.bind(2, page.person);
        q.bind(3, page.method);
        q.bind(4, page.state);
        q.bind(5, static_cast<int64_t>(seconds_of(page.created_at)));
        q.bind(6, page.detail);
        q.exec();
        return static_cast<std::int64_t>(m_db->getLastInsertRowid());
    } catch (std::exception const& e) {
        return store_error(e, "record a page");
    }
}

Result<void> Store::set_page_state(std::int64_t id, std::string const& state,
                                   std::string const& detail) {
    try {
        SQLite::Statement q(*m_db, "UPDATE pages SET state = ?, detail = ? WHERE id = ?");
        q.bind(1, state);
        q.bind(2, detail);
        q.bind(3, static_cast<int64_t>(id));
        q.exec();
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "update a page");
    }
}

std::vector<PageRecord> Store::pages(ItemId item) {
    SQLite::Statement q(*m_db, "SELECT id, item_id, person, method, state, created_at, detail "
                               "FROM pages WHERE item_id = ? ORDER BY id");
    q.bind(1, static_cast<int64_t>(item));
    std::vector<PageRecord> out;
    while (q.executeStep()) {
        PageRecord p;
        p.id = q.getColumn(0).getInt64();
        p.item_id = q.getColumn(1).getInt64();
        p.person = q.getColumn(2).getString();
        p.method = q.getColumn(3).getString();
        p.state = q.getColumn(4).getString();
        p.created_at = instant_of(q.getColumn(5).getInt64());
        p.detail = q.getColumn(6).getString();
        out.push_back(std::move(p));
    }
    return out;
}

std::int64_t Store::count_pages() {
    SQLite::Statement q(*m_db, "SELECT COUNT(*) FROM pages");
    q.executeStep();
    return q.getColumn(0).getInt64();
}

Result<std::optional<std::string>> Store::cursor(std::string const& source) try {
    SQLite::Statement q(*m_db, "SELECT value FROM cursors WHERE source = ?");
    q.bind(1, source);
    if (q.executeStep())
        return std::optional<std::string>(q.getColumn(0).getString());
    return std::optional<std::string>();
} catch (std::exception const& e) {
    return store_error(e, "read a cursor");
}

Result<void> Store::set_cursor(std::string const& source, std::string const& value, Instant at) {
    try {
        SQLite::Statement q(*m_db, "INSERT OR REPLACE INTO cursors(source, value, updated_at) "
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

std::vector<std::int64_t> Store::claim_durations() {
    SQLite::Statement q(*m_db, "SELECT claimed_at - received_at FROM items WHERE claimed_at IS "
                               "NOT NULL ORDER BY 1");
    std::vector<std::int64_t> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getInt64());
    return out;
}

std::vector<std::int64_t> Store::resolve_durations() {
    SQLite::Statement q(*m_db, "SELECT resolved_at - received_at FROM items WHERE state = "
                               "'resolved' AND resolved_at IS NOT NULL ORDER BY 1");
    std::vector<std::int64_t> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getInt64());
    return out;
}

} // namespace sb
