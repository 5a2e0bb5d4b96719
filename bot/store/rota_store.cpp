// SPDX-License-Identifier: Apache-2.0
// SQL for run-time rota entries: every change writes its entry, audit row and messages at once.
#include "bot/store/rota_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <array>
#include <utility>

namespace sb {
namespace {

constexpr std::array<std::pair<RotaEntryKind, char const*>, 3> kind_names{{
    {RotaEntryKind::absence, "absence"},
    {RotaEntryKind::override, "override"},
    {RotaEntryKind::swap, "swap"},
}};

constexpr std::array<std::pair<RotaEntryState, char const*>, 5> state_names{{
    {RotaEntryState::active, "active"},
    {RotaEntryState::requested, "requested"},
    {RotaEntryState::declined, "declined"},
    {RotaEntryState::withdrawn, "withdrawn"},
    {RotaEntryState::ended, "ended"},
}};

template <typename Enum, std::size_t N>
Enum from_name(std::array<std::pair<Enum, char const*>, N> const& table, std::string const& text,
               Enum fallback) {
    for (auto const& [value, name] : table)
        if (text == name)
            return value;
    return fallback;
}

constexpr char select_columns[] =
    "SELECT id, kind, team, layer, person, other_person, reason, starts_at, ends_at, state, "
    "created_by, created_via, created_at, updated_at, version FROM rota_entries";

RotaEntry read_entry(SQLite::Statement& q) {
    RotaEntry entry;
    entry.id = q.getColumn(0).getInt64();
    entry.kind = from_name(kind_names, q.getColumn(1).getString(), RotaEntryKind::absence);
    entry.team = q.getColumn(2).getString();
    entry.layer = q.getColumn(3).getString();
    entry.person = q.getColumn(4).getString();
    entry.other_person = q.getColumn(5).getString();
    entry.reason = q.getColumn(6).getString();
    entry.starts_at = instant_of(q.getColumn(7).getInt64());
    if (!q.getColumn(8).isNull())
        entry.ends_at = instant_of(q.getColumn(8).getInt64());
    entry.state = from_name(state_names, q.getColumn(9).getString(), RotaEntryState::ended);
    entry.created_by = q.getColumn(10).getString();
    entry.created_via = q.getColumn(11).getString();
    entry.created_at = instant_of(q.getColumn(12).getInt64());
    entry.updated_at = instant_of(q.getColumn(13).getInt64());
    entry.version = q.getColumn(14).getInt();
    return entry;
}

void write_audit(SQLite::Database& db, RotaChange const& change) {
    SQLite::Statement q(
        db, "INSERT INTO audit_log(at, actor, via, action, detail) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(seconds_of(change.at)));
    q.bind(2, change.actor);
    q.bind(3, change.via);
    q.bind(4, change.action);
    q.bind(5, change.detail);
    q.exec();
}

void write_messages(Store& store, ChangeMessages const& messages, std::int64_t id) {
    if (!messages)
        return;
    for (auto const& message : messages(id))
        store.insert_outbox(0, message);
}

Error store_error(std::exception const& e) {
    spdlog::error("rota store: {}", e.what());
    return make_error(
        ErrorCode::unavailable,
        "the rota could not be saved just now; nothing was changed, please try again");
}

} // namespace

char const* to_string(RotaEntryKind kind) {
    for (auto const& [value, name] : kind_names)
        if (value == kind)
            return name;
    return "unknown";
}

char const* to_string(RotaEntryState state) {
    for (auto const& [value, name] : state_names)
        if (value == state)
            return name;
    return "unknown";
}

Instant open_ended_absence_end() {
    // 2100-01-01: the resolver compares against it but never walks up to it.
    return Instant{Seconds{4102444800}};
}

RuntimeEntries to_runtime_entries(std::vector<RotaEntry> const& active) {
    RuntimeEntries out;
    for (auto const& entry : active) {
        auto end = entry.ends_at.value_or(open_ended_absence_end());
        switch (entry.kind) {
        case RotaEntryKind::absence: {
            schedules::Absence absence;
            absence.person = entry.person;
            absence.kind = entry.reason == "sick"       ? schedules::AbsenceKind::sick
                           : entry.reason == "vacation" ? schedules::AbsenceKind::vacation
                                                        : schedules::AbsenceKind::other;
            absence.start = entry.starts_at;
            absence.end = end;
            out.absences.push_back(std::move(absence));
            break;
        }
        case RotaEntryKind::override:
            out.overrides[entry.team].push_back({entry.layer, entry.person, entry.starts_at, end});
            break;
        case RotaEntryKind::swap:
            out.swaps[entry.team].push_back(
                {entry.layer, entry.person, entry.other_person, entry.starts_at, end});
            break;
        }
    }
    return out;
}

Result<std::int64_t> RotaStore::create(RotaEntry entry, RotaChange const& change,
                                       ChangeMessages const& messages) {
    try {
        auto& db = m_store.database();
        SQLite::Transaction transaction(db);
        SQLite::Statement q(db, "INSERT INTO rota_entries(kind, team, layer, person, other_person, "
                                "reason, starts_at, ends_at, state, created_by, created_via, "
                                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                "?, ?)");
        q.bind(1, to_string(entry.kind));
        q.bind(2, entry.team);
        q.bind(3, entry.layer);
        q.bind(4, entry.person);
        q.bind(5, entry.other_person);
        q.bind(6, entry.reason);
        q.bind(7, static_cast<int64_t>(seconds_of(entry.starts_at)));
        if (entry.ends_at)
            q.bind(8, static_cast<int64_t>(seconds_of(*entry.ends_at)));
        else
            q.bind(8);
        q.bind(9, to_string(entry.state));
        q.bind(10, change.actor);
        q.bind(11, change.via);
        q.bind(12, static_cast<int64_t>(seconds_of(change.at)));
        q.bind(13, static_cast<int64_t>(seconds_of(change.at)));
        q.exec();
        auto id = db.getLastInsertRowid();
        write_audit(db, change);
        write_messages(m_store, messages, id);
        transaction.commit();
        return id;
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<void> RotaStore::set_state(std::int64_t id, RotaEntryState from, RotaEntryState to,
                                  RotaChange const& change, ChangeMessages const& messages) {
    try {
        auto& db = m_store.database();
        SQLite::Transaction transaction(db);
        SQLite::Statement q(db, "UPDATE rota_entries SET state = ?, updated_at = ?, "
                                "version = version + 1 WHERE id = ? AND state = ?");
        q.bind(1, to_string(to));
        q.bind(2, static_cast<int64_t>(seconds_of(change.at)));
        q.bind(3, static_cast<int64_t>(id));
        q.bind(4, to_string(from));
        if (q.exec() == 0)
            return unexpected(ErrorCode::conflict, "entry " + std::to_string(id) + " is not " +
                                                       to_string(from) + " any more");
        write_audit(db, change);
        write_messages(m_store, messages, id);
        transaction.commit();
        return {};
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<void> RotaStore::accept_swap(std::int64_t id, RotaChange const& change,
                                    ChangeMessages const& messages) {
    return set_state(id, RotaEntryState::requested, RotaEntryState::active, change, messages);
}

Result<void> RotaStore::decline_swap(std::int64_t id, RotaChange const& change,
                                     ChangeMessages const& messages) {
    return set_state(id, RotaEntryState::requested, RotaEntryState::declined, change, messages);
}

Result<void> RotaStore::withdraw_swap(std::int64_t id, RotaChange const& change,
                                      ChangeMessages const& messages) {
    return set_state(id, RotaEntryState::requested, RotaEntryState::withdrawn, change, messages);
}

Result<void> RotaStore::end_entry(std::int64_t id, RotaChange const& change,
                                  ChangeMessages const& messages) {
    try {
        auto& db = m_store.database();
        SQLite::Transaction transaction(db);
        // The end never moves later than it was, nor earlier than the start.
        SQLite::Statement q(
            db, "UPDATE rota_entries SET state = 'ended', updated_at = ?1, version = version + 1, "
                "ends_at = CASE WHEN starts_at > ?1 THEN starts_at "
                "WHEN ends_at IS NULL OR ends_at > ?1 THEN ?1 ELSE ends_at END "
                "WHERE id = ?2 AND state = 'active'");
        q.bind(1, static_cast<int64_t>(seconds_of(change.at)));
        q.bind(2, static_cast<int64_t>(id));
        if (q.exec() == 0)
            return unexpected(ErrorCode::conflict,
                              "entry " + std::to_string(id) + " is not active any more");
        write_audit(db, change);
        write_messages(m_store, messages, id);
        transaction.commit();
        return {};
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<int> RotaStore::end_current_absences(std::string const& person, RotaChange const& change,
                                            ChangeMessages const& messages) {
    try {
        auto& db = m_store.database();
        SQLite::Transaction transaction(db);
        SQLite::Statement q(
            db, "UPDATE rota_entries SET state = 'ended', ends_at = ?1, updated_at = ?1, "
                "version = version + 1 WHERE kind = 'absence' AND state = 'active' AND person = ?2 "
                "AND starts_at <= ?1 AND (ends_at IS NULL OR ends_at > ?1)");
        q.bind(1, static_cast<int64_t>(seconds_of(change.at)));
        q.bind(2, person);
        int ended = q.exec();
        if (ended == 0)
            return 0;
        write_audit(db, change);
        write_messages(m_store, messages, 0);
        transaction.commit();
        return ended;
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

std::optional<RotaEntry> RotaStore::entry(std::int64_t id) {
    SQLite::Statement q(m_store.database(), std::string(select_columns) + " WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (q.executeStep())
        return read_entry(q);
    return std::nullopt;
}

std::vector<RotaEntry> RotaStore::list(std::optional<RotaEntryKind> kind,
                                       std::optional<RotaEntryState> state) {
    SQLite::Statement q(m_store.database(),
                        std::string(select_columns) +
                            " WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR state = ?2) "
                            "ORDER BY id");
    if (kind)
        q.bind(1, to_string(*kind));
    else
        q.bind(1);
    if (state)
        q.bind(2, to_string(*state));
    else
        q.bind(2);
    std::vector<RotaEntry> out;
    while (q.executeStep())
        out.push_back(read_entry(q));
    return out;
}

std::vector<AuditRecord> RotaStore::audit_log(int limit) {
    SQLite::Statement q(m_store.database(),
                        "SELECT id, at, actor, via, action, detail FROM audit_log ORDER BY id "
                        "LIMIT ?");
    q.bind(1, limit);
    std::vector<AuditRecord> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getInt64(), instant_of(q.getColumn(1).getInt64()),
                       q.getColumn(2).getString(), q.getColumn(3).getString(),
                       q.getColumn(4).getString(), q.getColumn(5).getString()});
    return out;
}

} // namespace sb
