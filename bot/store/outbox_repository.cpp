// SPDX-License-Identifier: Apache-2.0
// The outbox of chat messages and the cards they posted, with their migrations.
#include "bot/store/migration.hpp"
#include "bot/store/store_sql.hpp"
#include "bot/store/write_scope.hpp"

#include <array>

namespace sb {

// The migrations of the outbox; the runner in store.cpp applies them in version order.
std::span<Migration const> outbox_migrations() {
    static constexpr std::array<Migration, 1> steps{{
        // 6: text that replaces a secret message (a sign-in link, a token) once it was delivered,
        // and the one row the readiness probe writes to prove the store can still write.
        {6, R"sql(
ALTER TABLE outbox ADD COLUMN after_delivery TEXT;
CREATE TABLE write_probe(id INTEGER PRIMARY KEY CHECK(id = 1), at INTEGER NOT NULL);
)sql"},
    }};
    return steps;
}

namespace {

using store_sql::store_error;

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

} // namespace

namespace store_sql {

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

} // namespace store_sql

using store_sql::write_outbox;

void OutboxRepository::insert(ItemId item, NewOutbox const& entry) {
    write_outbox(m_store.connection(), item, entry);
}

std::int64_t OutboxRepository::depth() const {
    return m_store.tally().outbox_depth();
}

void OutboxRepository::count(std::int64_t entries) {
    if (entries > 0)
        m_store.tally_after_commit([entries](StoreTally& tally) { tally.outbox_added(entries); });
}

Result<void> OutboxRepository::add(ItemId item, std::vector<NewOutbox> const& entries) {
    try {
        WriteScope transaction(m_store.connection());
        for (auto const& entry : entries)
            write_outbox(m_store.connection(), item, entry);
        transaction.commit();
        count(std::ssize(entries));
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "queue a message");
    }
}

Result<std::vector<StoredOutbox>> OutboxRepository::pending(int limit) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT o.id, o.item_id, o.kind, o.adapter, o.room, o.person, "
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

namespace {

bool is_pending(SQLite::Database& db, std::int64_t id) {
    SQLite::Statement q(db, "SELECT state = 'pending' FROM outbox WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    return q.executeStep() && q.getColumn(0).getInt() == 1;
}

} // namespace

Result<void> OutboxRepository::delivered(std::int64_t id, std::string const& message_ref) {
    try {
        WriteScope transaction(m_store.connection());
        bool const was_pending = is_pending(m_store.connection(), id);
        // A secret's text goes once it reached the person, so the file no longer holds it.
        SQLite::Statement q(m_store.connection(),
                            "UPDATE outbox SET state = 'delivered', message_ref = ?, "
                            "attempts = attempts + 1, text = COALESCE(after_delivery, "
                            "text) WHERE id = ?");
        q.bind(1, message_ref);
        q.bind(2, static_cast<int64_t>(id));
        q.exec();
        // The first delivered card becomes the one later updates and thread notes refer to.
        SQLite::Statement card(m_store.connection(),
                               "INSERT OR IGNORE INTO cards(item_id, adapter, message_ref) "
                               "SELECT item_id, adapter, ? FROM outbox WHERE id = ? AND "
                               "kind = 'post_card'");
        card.bind(1, message_ref);
        card.bind(2, static_cast<int64_t>(id));
        card.exec();
        transaction.commit();
        if (was_pending)
            m_store.tally_after_commit([](StoreTally& tally) { tally.outbox_settled(); });
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "record a delivery");
    }
}

Result<void> OutboxRepository::retry(std::int64_t id, Instant next_attempt_at,
                                     std::string const& error) {
    try {
        SQLite::Statement q(m_store.connection(),
                            "UPDATE outbox SET attempts = attempts + 1, "
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

Result<void> OutboxRepository::failed(std::int64_t id, std::string const& error) {
    try {
        WriteScope transaction(m_store.connection());
        bool const was_pending = is_pending(m_store.connection(), id);
        SQLite::Statement q(m_store.connection(),
                            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, "
                            "last_error = ?, text = COALESCE(after_delivery, text) "
                            "WHERE id = ?");
        q.bind(1, error);
        q.bind(2, static_cast<int64_t>(id));
        q.exec();
        transaction.commit();
        if (was_pending)
            m_store.tally_after_commit([](StoreTally& tally) { tally.outbox_settled(); });
        return {};
    } catch (std::exception const& e) {
        return store_error(e, "record a failed delivery");
    }
}

Result<std::optional<std::string>> OutboxRepository::card_ref(ItemId item,
                                                              std::string const& adapter) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT message_ref FROM cards WHERE item_id = ? AND adapter = ?");
    q.bind(1, static_cast<int64_t>(item));
    q.bind(2, adapter);
    if (q.executeStep())
        return std::optional<std::string>(q.getColumn(0).getString());
    return std::optional<std::string>();
} catch (std::exception const& e) {
    return store_error(e, "read a card");
}

Result<std::optional<ItemId>> OutboxRepository::item_for_card(std::string const& adapter,
                                                              std::string const& message_ref) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT item_id FROM cards WHERE adapter = ? AND message_ref = ?");
    q.bind(1, adapter);
    q.bind(2, message_ref);
    if (q.executeStep())
        return std::optional<ItemId>(q.getColumn(0).getInt64());
    return std::optional<ItemId>();
} catch (std::exception const& e) {
    return store_error(e, "find the item of a card");
}

} // namespace sb
