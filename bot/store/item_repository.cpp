// SPDX-License-Identifier: Apache-2.0
// Items, their timelines and the mentions grouped into them (aliases), with their migrations.
#include "bot/store/item_repository.hpp"

#include "bot/store/item_rows.hpp"
#include "bot/store/migration.hpp"
#include "bot/store/store.hpp"
#include "bot/store/store_sql.hpp"
#include "bot/store/write_scope.hpp"

#include <array>
#include <utility>

namespace sb {

// The migrations of items, timelines, aliases (and the first schema of every table); the runner in
// store.cpp applies them in version order.
std::span<Migration const> item_migrations() {
    static constexpr std::array<Migration, 2> steps{{
        // 1: the first schema: items, timelines, the outbox and cards, deadlines, pages, cursors.
        {1, R"sql(
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
)sql"},
        // 7: a mention is known by its source too: two sources that both see platform "x" id "1"
        // (two shops' webhooks, say) make two items. SQLite cannot change a table's UNIQUE
        // constraint, so items and item_aliases are rebuilt (foreign keys are off meanwhile).
        {7, R"sql(
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
)sql"},
    }};
    return steps;
}

namespace {

using store_sql::bind_optional;
using store_sql::delete_deadline;
using store_sql::optional_instant;
using store_sql::store_error;
using store_sql::write_deadline;
using store_sql::write_outbox;

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
void write_item_audit(AuditRepository& audit, TimelineEvent const& event) {
    auto const* action = audit_action(event);
    if (action == nullptr)
        return;
    auto detail = event.kind == "note"
                      ? "Note on #" + std::to_string(event.item_id) + ": " + event.detail
                      : event.detail;
    audit.insert({0, event.at, event.actor, std::string(to_string(event.via)), action, detail});
}

} // namespace

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

Result<std::optional<ItemId>> ItemRepository::find(std::string const& source,
                                                   std::string const& platform,
                                                   std::string const& external_id) {
    try {
        return select_item_id(m_store.connection(), source, platform, external_id);
    } catch (std::exception const& e) {
        return store_error(e, "look up a mention");
    }
}

Result<std::optional<ItemId>> ItemRepository::find_alias(std::string const& source,
                                                         std::string const& platform,
                                                         std::string const& external_id) {
    try {
        return select_alias(m_store.connection(), source, platform, external_id);
    } catch (std::exception const& e) {
        return store_error(e, "look up a grouped mention");
    }
}

Result<std::optional<Item>> ItemRepository::burst_target(std::string const& group_key,
                                                         Instant since) {
    try {
        SQLite::Statement q(m_store.connection(),
                            std::string("SELECT ") + item_columns +
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

Result<bool> ItemRepository::group_into(ItemId id, Mention const& mention,
                                        std::optional<Priority> raise_to, TimelineEvent event,
                                        std::vector<NewOutbox> const& outbox) {
    try {
        WriteScope transaction(m_store.connection());
        if (select_item_id(m_store.connection(), mention.source, mention.platform,
                           mention.external_id) ||
            select_alias(m_store.connection(), mention.source, mention.platform,
                         mention.external_id))
            return false;
        SQLite::Statement alias(m_store.connection(),
                                "INSERT INTO item_aliases(source, platform, external_id, "
                                "item_id) VALUES (?, ?, ?, ?)");
        alias.bind(1, mention.source);
        alias.bind(2, mention.platform);
        alias.bind(3, mention.external_id);
        alias.bind(4, static_cast<int64_t>(id));
        alias.exec();
        SQLite::Statement count(
            m_store.connection(),
            "UPDATE items SET duplicate_count = duplicate_count + 1 WHERE id = ?");
        count.bind(1, static_cast<int64_t>(id));
        count.exec();
        std::string raised_from;
        if (raise_to) {
            SQLite::Statement before(m_store.connection(),
                                     "SELECT priority FROM items WHERE id = ?");
            before.bind(1, static_cast<int64_t>(id));
            if (before.executeStep())
                raised_from = before.getColumn(0).getString();
            SQLite::Statement priority(m_store.connection(),
                                       "UPDATE items SET priority = ? WHERE id = ?");
            priority.bind(1, to_string(*raise_to));
            priority.bind(2, static_cast<int64_t>(id));
            priority.exec();
        }
        event.item_id = id;
        insert_event(m_store.connection(), event);
        for (auto const& entry : outbox)
            write_outbox(m_store.connection(), id, entry);
        transaction.commit();
        m_store.tally_after_commit(
            [raised_from, raise_to, entries = std::ssize(outbox)](StoreTally& t) {
                if (raise_to && !raised_from.empty())
                    t.item_priority_changed(raised_from, to_string(*raise_to));
                t.outbox_added(entries);
            });
        return true;
    } catch (std::exception const& e) {
        return store_error(e, "group a mention into an item");
    }
}

Result<IngestResult> ItemRepository::insert(Item const& item, TimelineEvent event,
                                            std::vector<NewOutbox> const& outbox,
                                            std::optional<Deadline> const& deadline) {
    try {
        WriteScope transaction(m_store.connection());
        auto const& key = item.mention;
        if (auto existing =
                select_item_id(m_store.connection(), key.source, key.platform, key.external_id))
            return IngestResult{*existing, false};
        if (auto grouped =
                select_alias(m_store.connection(), key.source, key.platform, key.external_id))
            return IngestResult{*grouped, false};
        SQLite::Statement q(
            m_store.connection(),
            "INSERT INTO items(source, platform, external_id, author, text, url, kind, "
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
        ItemId id = m_store.connection().getLastInsertRowid();
        event.item_id = id;
        insert_event(m_store.connection(), event);
        for (auto const& entry : outbox)
            write_outbox(m_store.connection(), id, entry);
        if (deadline) {
            auto copy = *deadline;
            copy.item_id = id;
            write_deadline(m_store.connection(), copy);
        }
        transaction.commit();
        m_store.tally_after_commit([state = std::string(to_string(item.state)), source = m.source,
                                    priority = std::string(to_string(item.priority)),
                                    entries = std::ssize(outbox)](StoreTally& t) {
            t.item_added(state, source, priority);
            t.outbox_added(entries);
        });
        return IngestResult{id, true};
    } catch (std::exception const& e) {
        return store_error(e, "store the item");
    }
}

Result<void> ItemRepository::update_mention(ItemId id, Mention const& mention, TimelineEvent event,
                                            std::vector<NewOutbox> const& outbox) {
    try {
        WriteScope transaction(m_store.connection());
        if (mention.change == MentionChange::deleted) {
            SQLite::Statement q(
                m_store.connection(),
                "UPDATE items SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL");
            q.bind(1, static_cast<int64_t>(seconds_of(event.at)));
            q.bind(2, static_cast<int64_t>(id));
            q.exec();
        } else {
            SQLite::Statement q(m_store.connection(),
                                "UPDATE items SET text = ?, extra = ? WHERE id = ?");
            q.bind(1, mention.text);
            q.bind(2, mention.extra_json);
            q.bind(3, static_cast<int64_t>(id));
            q.exec();
        }
        event.item_id = id;
        insert_event(m_store.connection(), event);
        for (auto const& entry : outbox)
            write_outbox(m_store.connection(), id, entry);
        transaction.commit();
        m_store.outbox().count(std::ssize(outbox));
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "update the item");
    }
}

Result<bool> ItemRepository::apply(Transition const& t) {
    try {
        WriteScope transaction(m_store.connection());
        SQLite::Statement current(m_store.connection(), "SELECT state FROM items WHERE id = ?");
        current.bind(1, static_cast<int64_t>(t.item_id));
        if (!current.executeStep())
            return unexpected(ErrorCode::not_found,
                              "there is no item #" + std::to_string(t.item_id));
        auto const state_name = current.getColumn(0).getString();
        auto state = item_state_from_string(state_name);
        bool allowed = false;
        for (auto from : t.allowed_from)
            allowed = allowed || state == from;
        if (!allowed)
            return false;

        SQLite::Statement q(m_store.connection(),
                            "UPDATE items SET state = ?, claimed_by = ?, claimed_at = ?, "
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
            SQLite::Statement keep(m_store.connection(),
                                   "SELECT claimed_by, claimed_at FROM items WHERE id = ?");
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
        insert_event(m_store.connection(), t.event);
        write_item_audit(m_store.audit(), t.event);
        for (auto const& entry : t.outbox)
            write_outbox(m_store.connection(), t.item_id, entry);
        if (t.deadline)
            write_deadline(m_store.connection(), *t.deadline);
        else
            delete_deadline(m_store.connection(), t.item_id);
        transaction.commit();
        m_store.tally_after_commit([from = state_name, to = std::string(to_string(t.to)),
                                    entries = std::ssize(t.outbox)](StoreTally& tally) {
            tally.item_state_changed(from, to);
            tally.outbox_added(entries);
        });
        return true;
    } catch (std::exception const& e) {
        return store_error(e, "change the item");
    }
}

Result<void> ItemRepository::add_event(TimelineEvent event, std::vector<NewOutbox> const& outbox) {
    try {
        WriteScope transaction(m_store.connection());
        insert_event(m_store.connection(), event);
        write_item_audit(m_store.audit(), event);
        for (auto const& entry : outbox)
            write_outbox(m_store.connection(), event.item_id, entry);
        transaction.commit();
        m_store.outbox().count(std::ssize(outbox));
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "record the event");
    }
}

Result<std::optional<Item>> ItemRepository::get(ItemId id) try {
    SQLite::Statement q(m_store.connection(),
                        std::string("SELECT ") + item_columns + " FROM items WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (q.executeStep())
        return std::optional<Item>(read_item(q));
    return std::optional<Item>();
} catch (std::exception const& e) {
    return store_error(e, ("read item #" + std::to_string(id)).c_str());
}

Result<std::vector<Item>> ItemRepository::list(ItemFilter const& filter) try {
    std::string sql = std::string("SELECT ") + item_columns + " FROM items WHERE 1=1";
    if (filter.state)
        sql += " AND state = :state";
    if (filter.active_only)
        sql += " AND state IN ('open', 'claimed', 'snoozed')";
    if (!filter.team.empty())
        sql += " AND team = :team";
    sql += " ORDER BY id LIMIT :limit";
    SQLite::Statement q(m_store.connection(), sql);
    if (filter.state)
        q.bind(":state", to_string(*filter.state));
    if (!filter.team.empty())
        q.bind(":team", filter.team);
    q.bind(":limit", filter.limit);
    std::vector<Item> out;
    while (q.executeStep())
        out.push_back(read_item(q));
    return out;
} catch (std::exception const& e) {
    return store_error(e, "list the items");
}

Result<std::vector<TimelineEvent>> ItemRepository::timeline(ItemId id) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT id, item_id, at, actor, via, kind, detail FROM timeline "
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
} catch (std::exception const& e) {
    return store_error(e, ("read the timeline of item #" + std::to_string(id)).c_str());
}

namespace {

Result<std::vector<std::int64_t>> read_durations(SQLite::Database& db, char const* sql,
                                                 char const* what) try {
    SQLite::Statement q(db, sql);
    std::vector<std::int64_t> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getInt64());
    return out;
} catch (std::exception const& e) {
    return store_error(e, what);
}

} // namespace

Result<std::vector<std::int64_t>> ItemRepository::claim_durations() {
    return read_durations(m_store.connection(),
                          "SELECT claimed_at - received_at FROM items WHERE claimed_at IS NOT "
                          "NULL ORDER BY 1",
                          "read the times to claim");
}

Result<std::vector<std::int64_t>> ItemRepository::resolve_durations() {
    return read_durations(m_store.connection(),
                          "SELECT resolved_at - received_at FROM items WHERE state = 'resolved' "
                          "AND resolved_at IS NOT NULL ORDER BY 1",
                          "read the times to resolve");
}

} // namespace sb
