// SPDX-License-Identifier: Apache-2.0
// SQL for run-time rota entries: every change writes its entry, audit row and messages at once.
#include "bot/store/rota_repository.hpp"

#include "base/hmac.hpp"
#include "bot/store/cursor_repository.hpp"
#include "bot/store/rota_reader.hpp"
#include "bot/store/store_sql.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
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

void write_audit(Store& store, RotaChange const& change) {
    store.audit().insert({0, change.at, change.actor, change.via, change.action, change.detail});
}

// Returns how many it queued, for the store's tally once the change committed.
std::int64_t write_messages(Store& store, ChangeMessages const& messages, std::int64_t id) {
    if (!messages)
        return 0;
    auto const queued = messages(id);
    for (auto const& message : queued)
        store.outbox().insert(0, message);
    return std::ssize(queued);
}

// "the absence", "the override", "the swap request": how messages name an entry.
std::string entry_noun(RotaEntryKind kind) {
    return kind == RotaEntryKind::swap ? "the swap request" : std::string("the ") + to_string(kind);
}

// Why a guarded change of entry `id` wrote nothing: it is gone, no longer active, or newer.
Error refusal_for(SQLite::Database& db, std::int64_t id, std::optional<int> expected_version) {
    SQLite::Statement q(db, std::string(select_columns) + " WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep())
        return make_error(ErrorCode::not_found, "there is no entry " + std::to_string(id));
    auto current = read_entry(q);
    auto noun = entry_noun(current.kind);
    if (current.state != RotaEntryState::active)
        return make_error(ErrorCode::conflict, noun + " " + std::to_string(id) + " is " +
                                                   to_string(current.state) +
                                                   "; it can no longer be changed");
    if (expected_version && current.version != *expected_version)
        return make_error(ErrorCode::conflict, noun + " was changed meanwhile (version " +
                                                   std::to_string(current.version) +
                                                   " now); reload and try again");
    return make_error(ErrorCode::conflict,
                      noun + " " + std::to_string(id) + " was changed meanwhile; try again");
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

Result<std::int64_t> RotaRepository::create(RotaEntry entry, RotaChange const& change,
                                            ChangeMessages const& messages) {
    try {
        auto& db = m_store.connection();
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
        write_audit(m_store, change);
        auto const queued = write_messages(m_store, messages, id);
        transaction.commit();
        m_store.outbox().count(queued);
        return id;
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<void> RotaRepository::set_state(std::int64_t id, RotaEntryState from, RotaEntryState to,
                                       RotaChange const& change, ChangeMessages const& messages) {
    try {
        auto& db = m_store.connection();
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
        write_audit(m_store, change);
        auto const queued = write_messages(m_store, messages, id);
        transaction.commit();
        m_store.outbox().count(queued);
        return {};
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<void> RotaRepository::accept_swap(std::int64_t id, RotaChange const& change,
                                         ChangeMessages const& messages) {
    return set_state(id, RotaEntryState::requested, RotaEntryState::active, change, messages);
}

Result<void> RotaRepository::decline_swap(std::int64_t id, RotaChange const& change,
                                          ChangeMessages const& messages) {
    return set_state(id, RotaEntryState::requested, RotaEntryState::declined, change, messages);
}

Result<void> RotaRepository::withdraw_swap(std::int64_t id, RotaChange const& change,
                                           ChangeMessages const& messages) {
    return set_state(id, RotaEntryState::requested, RotaEntryState::withdrawn, change, messages);
}

Result<RotaEntry> RotaRepository::change_entry(std::int64_t id, int expected_version,
                                               RotaEntry const& updated, RotaChange const& change,
                                               ChangeMessages const& messages) {
    try {
        auto& db = m_store.connection();
        SQLite::Transaction transaction(db);
        SQLite::Statement q(db, "UPDATE rota_entries SET team = ?, layer = ?, person = ?, "
                                "other_person = ?, reason = ?, starts_at = ?, ends_at = ?, "
                                "updated_at = ?, version = version + 1 "
                                "WHERE id = ? AND version = ? AND state = 'active'");
        q.bind(1, updated.team);
        q.bind(2, updated.layer);
        q.bind(3, updated.person);
        q.bind(4, updated.other_person);
        q.bind(5, updated.reason);
        q.bind(6, static_cast<int64_t>(seconds_of(updated.starts_at)));
        if (updated.ends_at)
            q.bind(7, static_cast<int64_t>(seconds_of(*updated.ends_at)));
        else
            q.bind(7);
        q.bind(8, static_cast<int64_t>(seconds_of(change.at)));
        q.bind(9, static_cast<int64_t>(id));
        q.bind(10, expected_version);
        if (q.exec() == 0)
            return unexpected(refusal_for(db, id, expected_version));
        write_audit(m_store, change);
        auto const queued = write_messages(m_store, messages, id);
        SQLite::Statement read(db, std::string(select_columns) + " WHERE id = ?");
        read.bind(1, static_cast<int64_t>(id));
        read.executeStep();
        auto stored = read_entry(read);
        transaction.commit();
        m_store.outbox().count(queued);
        return stored;
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<void> RotaRepository::end_entry(std::int64_t id, RotaChange const& change,
                                       ChangeMessages const& messages,
                                       std::optional<int> expected_version) {
    try {
        auto& db = m_store.connection();
        SQLite::Transaction transaction(db);
        // The end never moves later than it was, nor earlier than the start.
        SQLite::Statement q(
            db, "UPDATE rota_entries SET state = 'ended', updated_at = ?1, version = version + 1, "
                "ends_at = CASE WHEN starts_at > ?1 THEN starts_at "
                "WHEN ends_at IS NULL OR ends_at > ?1 THEN ?1 ELSE ends_at END "
                "WHERE id = ?2 AND state = 'active' AND (?3 IS NULL OR version = ?3)");
        q.bind(1, static_cast<int64_t>(seconds_of(change.at)));
        q.bind(2, static_cast<int64_t>(id));
        if (expected_version)
            q.bind(3, *expected_version);
        else
            q.bind(3);
        if (q.exec() == 0)
            return unexpected(refusal_for(db, id, expected_version));
        write_audit(m_store, change);
        auto const queued = write_messages(m_store, messages, id);
        transaction.commit();
        m_store.outbox().count(queued);
        return {};
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<int> RotaRepository::end_current_absences(std::string const& person,
                                                 RotaChange const& change,
                                                 ChangeMessages const& messages) {
    try {
        auto& db = m_store.connection();
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
        write_audit(m_store, change);
        auto const queued = write_messages(m_store, messages, 0);
        transaction.commit();
        m_store.outbox().count(queued);
        return ended;
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

Result<std::optional<RotaEntry>> RotaRepository::entry(std::int64_t id) try {
    SQLite::Statement q(m_store.connection(), std::string(select_columns) + " WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (q.executeStep())
        return std::optional<RotaEntry>(read_entry(q));
    return std::optional<RotaEntry>();
} catch (std::exception const& e) {
    return store_sql::store_error(e, ("read rota entry " + std::to_string(id)).c_str());
}

namespace {

std::vector<RotaEntry> list_entries(SQLite::Database& db, std::optional<RotaEntryKind> kind,
                                    std::optional<RotaEntryState> state) {
    SQLite::Statement q(db, std::string(select_columns) +
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

} // namespace

Result<std::vector<RotaEntry>> RotaRepository::list(std::optional<RotaEntryKind> kind,
                                                    std::optional<RotaEntryState> state) try {
    return list_entries(m_store.connection(), kind, state);
} catch (std::exception const& e) {
    return store_sql::store_error(e, "read the rota entries");
}

Result<std::vector<RotaEntry>> read_active_rota_entries(std::string const& database_path) {
    try {
        SQLite::Database db(database_path, SQLite::OPEN_READONLY);
        db.setBusyTimeout(5000);
        SQLite::Statement known(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                                    "name IN ('schema_version', 'rota_entries')");
        if (!known.executeStep() || known.getColumn(0).getInt() != 2)
            return unexpected(ErrorCode::unavailable,
                              database_path + " holds no rota entries; is it a switchboard store?");
        SQLite::Statement version(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        version.executeStep();
        auto found = version.getColumn(0).getInt();
        if (found != store_schema_version())
            return unexpected(ErrorCode::unavailable,
                              database_path + " has schema version " + std::to_string(found) +
                                  ", this switchboard reads version " +
                                  std::to_string(store_schema_version()) +
                                  "; run the daemon of this version on it once to migrate it");
        return list_entries(db, std::nullopt, RotaEntryState::active);
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          "cannot read the store " + database_path + ": " + e.what());
    }
}

Result<RotaEntryPage> RotaRepository::query(RotaEntryQuery const& query) try {
    int limit = std::clamp(query.limit, 1, 500);
    // One statement for every combination: an unset filter binds NULL and matches all rows.
    std::string sql = std::string(select_columns) +
                      " WHERE (:kind IS NULL OR kind = :kind)"
                      " AND (:person IS NULL OR person = :person OR"
                      " (kind = 'swap' AND other_person = :person))"
                      " AND (:team IS NULL OR team = :team)"
                      " AND (:to IS NULL OR starts_at < :to)"
                      " AND (:from IS NULL OR ends_at IS NULL OR ends_at > :from)"
                      " AND (:before IS NULL OR id < :before)";
    if (!query.states.empty()) {
        sql += " AND state IN (";
        for (std::size_t i = 0; i < query.states.size(); ++i)
            sql += (i == 0 ? ":state" : ", :state") + std::to_string(i);
        sql += ")";
    }
    sql += " ORDER BY id DESC LIMIT :limit";
    SQLite::Statement q(m_store.connection(), sql);
    auto bind_text = [&q](char const* name, std::string const& value) {
        if (value.empty())
            q.bind(name);
        else
            q.bind(name, value);
    };
    bind_text(":kind", query.kind ? to_string(*query.kind) : "");
    bind_text(":person", query.person);
    bind_text(":team", query.team);
    auto bind_instant = [&q](char const* name, std::optional<Instant> at) {
        if (at)
            q.bind(name, static_cast<int64_t>(seconds_of(*at)));
        else
            q.bind(name);
    };
    bind_instant(":from", query.from);
    bind_instant(":to", query.to);
    if (query.before_id)
        q.bind(":before", static_cast<int64_t>(*query.before_id));
    else
        q.bind(":before");
    for (std::size_t i = 0; i < query.states.size(); ++i)
        q.bind(":state" + std::to_string(i), to_string(query.states[i]));
    q.bind(":limit", limit + 1);
    RotaEntryPage page;
    while (q.executeStep())
        page.entries.push_back(read_entry(q));
    page.next_before_id =
        store_sql::trim_to_page(page.entries, limit, [](RotaEntry const& e) { return e.id; });
    return page;
} catch (std::exception const& e) {
    return store_sql::store_error(e, "list the rota entries");
}

namespace {

// Where the fingerprint of the config's static entries is kept between starts.
constexpr char config_entries_cursor[] = "config.rota_entries";

// A text that changes whenever any static entry does; fields are separated by characters
// that cannot occur in ids or ISO times.
std::string config_entries_text(config::Config const& config) {
    std::string text;
    auto field = [&text](std::string const& value) {
        text += value;
        text += '\x1f';
    };
    for (auto const& a : config.absences) {
        field("absence");
        for (auto const* value : {&a.person, &a.kind, &a.from, &a.to})
            field(*value);
        text += '\x1e';
    }
    for (auto const& o : config.overrides) {
        field("override");
        for (auto const* value : {&o.team, &o.layer, &o.person, &o.from, &o.to})
            field(*value);
        text += '\x1e';
    }
    for (auto const& w : config.swaps) {
        field("swap");
        for (auto const* value : {&w.team, &w.layer, &w.from_person, &w.to_person, &w.from, &w.to})
            field(*value);
        text += '\x1e';
    }
    return text;
}

} // namespace

Result<bool> RotaRepository::record_config_entries(config::Config const& config, Instant now) {
    auto fingerprint = sha256_hex(config_entries_text(config));
    try {
        auto& db = m_store.connection();
        SQLite::Transaction transaction(db);
        auto read = m_store.cursors().cursor(config_entries_cursor);
        if (!read)
            return unexpected(read.error());
        auto const& previous = *read;
        bool empty = config.absences.empty() && config.overrides.empty() && config.swaps.empty();
        if (previous == fingerprint || (!previous && empty))
            return false;
        SQLite::Statement cursor(db, "INSERT OR REPLACE INTO cursors(source, value, updated_at) "
                                     "VALUES (?, ?, ?)");
        cursor.bind(1, config_entries_cursor);
        cursor.bind(2, fingerprint);
        cursor.bind(3, static_cast<int64_t>(seconds_of(now)));
        cursor.exec();
        auto plural = [](std::size_t count, char const* word) {
            return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
        };
        write_audit(m_store, RotaChange{"config", "config", now, "config.rota",
                                        "config: " + plural(config.absences.size(), "absence") +
                                            ", " + plural(config.overrides.size(), "override") +
                                            ", " + plural(config.swaps.size(), "swap")});
        transaction.commit();
        return true;
    } catch (std::exception const& e) {
        return unexpected(store_error(e));
    }
}

} // namespace sb
