// SPDX-License-Identifier: Apache-2.0
// API tokens, sign-in links and web sessions as rows of the store's file.
#include "bot/store/auth_repository.hpp"

#include "bot/store/store.hpp"
#include "bot/store/write_scope.hpp"

#include "bot/store/migration.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <spdlog/spdlog.h>

namespace sb {
namespace {

Error store_failed(std::exception const& e, char const* what) {
    spdlog::error("auth store: {} failed: {}", what, e.what());
    return make_error(ErrorCode::unavailable, std::string("the store could not ") + what);
}

std::optional<Instant> optional_instant(SQLite::Column const& column) {
    if (column.isNull())
        return std::nullopt;
    return instant_of(column.getInt64());
}

constexpr char const* token_columns =
    "id, person, label, created_at, last_used_at, revoked_at, hash";

TokenRow read_token(SQLite::Statement& q) {
    TokenRow token;
    token.id = q.getColumn(0).getInt64();
    token.person = q.getColumn(1).getString();
    token.label = q.getColumn(2).getString();
    token.created_at = instant_of(q.getColumn(3).getInt64());
    token.last_used_at = optional_instant(q.getColumn(4));
    token.revoked_at = optional_instant(q.getColumn(5));
    token.hash = q.getColumn(6).getString();
    return token;
}

bool label_in_use(SQLite::Database& db, std::string const& person, std::string const& label) {
    SQLite::Statement q(db, "SELECT 1 FROM api_tokens WHERE person = ? AND label = ? AND "
                            "revoked_at IS NULL");
    q.bind(1, person);
    q.bind(2, label);
    return q.executeStep();
}

} // namespace

AuthRepository::AuthRepository(Store& store) : m_db(store.connection()) {}

Result<TokenRow> AuthRepository::insert_token(std::string const& person, std::string const& label,
                                              std::string const& hash, Instant now) {
    try {
        WriteScope transaction(m_db);
        std::string chosen = label;
        if (chosen.empty()) {
            // Without a label the first free "token-N" names it, so it can be revoked alone.
            for (int n = 1; chosen.empty() || label_in_use(m_db, person, chosen); ++n)
                chosen = "token-" + std::to_string(n);
        } else if (label_in_use(m_db, person, chosen)) {
            return unexpected(ErrorCode::conflict,
                              "you already have a token labelled '" + chosen +
                                  "'; revoke it first or choose another label",
                              "label");
        }
        SQLite::Statement insert(m_db, "INSERT INTO api_tokens(person, label, hash, created_at) "
                                       "VALUES (?, ?, ?, ?)");
        insert.bind(1, person);
        insert.bind(2, chosen);
        insert.bind(3, hash);
        insert.bind(4, static_cast<int64_t>(seconds_of(now)));
        insert.exec();
        TokenRow row;
        row.id = m_db.getLastInsertRowid();
        transaction.commit();
        row.person = person;
        row.label = chosen;
        row.hash = hash;
        row.created_at = now;
        return row;
    } catch (std::exception const& e) {
        return store_failed(e, "create the token");
    }
}

Result<std::vector<TokenRow>> AuthRepository::tokens(std::string const& person) {
    try {
        std::vector<TokenRow> out;
        std::string sql = std::string("SELECT ") + token_columns + " FROM api_tokens";
        if (!person.empty())
            sql += " WHERE person = ?";
        sql += " ORDER BY id";
        SQLite::Statement q(m_db, sql);
        if (!person.empty())
            q.bind(1, person);
        while (q.executeStep())
            out.push_back(read_token(q));
        return out;
    } catch (std::exception const& e) {
        return store_failed(e, "list the tokens");
    }
}

Result<std::optional<TokenRow>> AuthRepository::unrevoked_token(std::string const& hash) {
    try {
        SQLite::Statement q(m_db, std::string("SELECT ") + token_columns +
                                      " FROM api_tokens WHERE hash = ? AND revoked_at IS NULL");
        q.bind(1, hash);
        if (!q.executeStep())
            return std::optional<TokenRow>();
        return std::optional<TokenRow>(read_token(q));
    } catch (std::exception const& e) {
        return store_failed(e, "check the token");
    }
}

Result<void> AuthRepository::note_token_use(std::int64_t id, Instant at) {
    try {
        SQLite::Statement used(m_db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
        used.bind(1, static_cast<int64_t>(seconds_of(at)));
        used.bind(2, static_cast<int64_t>(id));
        used.exec();
        return {};
    } catch (std::exception const& e) {
        return store_failed(e, "note the token's use");
    }
}

Result<int> AuthRepository::revoke_tokens(std::string const& person, std::string const& label,
                                          Instant now) {
    try {
        std::string sql = "UPDATE api_tokens SET revoked_at = ? WHERE person = ? AND "
                          "revoked_at IS NULL";
        if (!label.empty())
            sql += " AND label = ?";
        SQLite::Statement q(m_db, sql);
        q.bind(1, static_cast<int64_t>(seconds_of(now)));
        q.bind(2, person);
        if (!label.empty())
            q.bind(3, label);
        return q.exec();
    } catch (std::exception const& e) {
        return store_failed(e, "revoke the tokens");
    }
}

Result<bool> AuthRepository::revoke_token(std::int64_t id, Instant now) {
    try {
        SQLite::Statement q(m_db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? "
                                  "AND revoked_at IS NULL");
        q.bind(1, static_cast<int64_t>(seconds_of(now)));
        q.bind(2, static_cast<int64_t>(id));
        return q.exec() != 0;
    } catch (std::exception const& e) {
        return store_failed(e, "revoke the token");
    }
}

Result<void> AuthRepository::insert_signin_link(std::string const& hash, std::string const& person,
                                                Instant now, Instant expires_at) {
    try {
        WriteScope transaction(m_db);
        // Links are short-lived; the old ones only take up space.
        SQLite::Statement prune(m_db, "DELETE FROM signin_links WHERE expires_at <= ?");
        prune.bind(1, static_cast<int64_t>(seconds_of(now) - 24 * 3600));
        prune.exec();
        SQLite::Statement insert(m_db, "INSERT INTO signin_links(hash, person, created_at, "
                                       "expires_at) VALUES (?, ?, ?, ?)");
        insert.bind(1, hash);
        insert.bind(2, person);
        insert.bind(3, static_cast<int64_t>(seconds_of(now)));
        insert.bind(4, static_cast<int64_t>(seconds_of(expires_at)));
        insert.exec();
        transaction.commit();
        return {};
    } catch (std::exception const& e) {
        return store_failed(e, "create the sign-in link");
    }
}

Result<std::optional<std::string>> AuthRepository::use_signin_link(std::string const& hash,
                                                                   Instant now) {
    try {
        WriteScope transaction(m_db);
        // The update is the single use: of two requests racing with one link, one changes the
        // row and the other finds it used.
        SQLite::Statement use(m_db, "UPDATE signin_links SET used_at = ? WHERE hash = ? AND "
                                    "used_at IS NULL AND expires_at > ?");
        use.bind(1, static_cast<int64_t>(seconds_of(now)));
        use.bind(2, hash);
        use.bind(3, static_cast<int64_t>(seconds_of(now)));
        if (use.exec() != 1)
            return std::optional<std::string>();
        SQLite::Statement q(m_db, "SELECT person FROM signin_links WHERE hash = ?");
        q.bind(1, hash);
        if (!q.executeStep())
            return std::optional<std::string>();
        auto person = q.getColumn(0).getString();
        q.reset();
        transaction.commit();
        return std::optional<std::string>(std::move(person));
    } catch (std::exception const& e) {
        return store_failed(e, "check the sign-in link");
    }
}

Result<std::int64_t> AuthRepository::insert_session(std::string const& hash,
                                                    SessionRow const& session) {
    try {
        WriteScope transaction(m_db);
        SQLite::Statement prune(m_db, "DELETE FROM web_sessions WHERE expires_at <= ? OR "
                                      "ended_at <= ?");
        auto week_ago = static_cast<int64_t>(seconds_of(session.created_at) - 7 * 24 * 3600);
        prune.bind(1, week_ago);
        prune.bind(2, week_ago);
        prune.exec();
        SQLite::Statement insert(m_db, "INSERT INTO web_sessions(hash, person, csrf_token, "
                                       "created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, hash);
        insert.bind(2, session.person);
        insert.bind(3, session.csrf_token);
        insert.bind(4, static_cast<int64_t>(seconds_of(session.created_at)));
        insert.bind(5, static_cast<int64_t>(seconds_of(session.expires_at)));
        insert.exec();
        std::int64_t id = m_db.getLastInsertRowid();
        transaction.commit();
        return id;
    } catch (std::exception const& e) {
        return store_failed(e, "start the session");
    }
}

Result<std::optional<SessionRow>> AuthRepository::open_session(std::string const& hash,
                                                               Instant now) {
    try {
        SQLite::Statement q(m_db,
                            "SELECT id, person, csrf_token, created_at, expires_at FROM "
                            "web_sessions WHERE hash = ? AND ended_at IS NULL AND expires_at > ?");
        q.bind(1, hash);
        q.bind(2, static_cast<int64_t>(seconds_of(now)));
        if (!q.executeStep())
            return std::optional<SessionRow>();
        SessionRow session;
        session.id = q.getColumn(0).getInt64();
        session.person = q.getColumn(1).getString();
        session.csrf_token = q.getColumn(2).getString();
        session.created_at = instant_of(q.getColumn(3).getInt64());
        session.expires_at = instant_of(q.getColumn(4).getInt64());
        return std::optional<SessionRow>(std::move(session));
    } catch (std::exception const& e) {
        return store_failed(e, "check the session");
    }
}

Result<bool> AuthRepository::end_session(std::string const& hash, Instant now) {
    try {
        SQLite::Statement q(m_db, "UPDATE web_sessions SET ended_at = ? WHERE hash = ? AND "
                                  "ended_at IS NULL");
        q.bind(1, static_cast<int64_t>(seconds_of(now)));
        q.bind(2, hash);
        return q.exec() != 0;
    } catch (std::exception const& e) {
        return store_failed(e, "end the session");
    }
}

// The migrations of tokens, sign-in links and sessions (and the items list's indexes); the runner
// in store.cpp applies them in version order.
std::span<Migration const> auth_migrations() {
    static constexpr std::array<Migration, 1> steps{{
        // 5: the REST API and the web page: personal tokens, sign-in links and sessions (hashes
        // only), and indexes for the items list's filters.
        {5, R"sql(
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
)sql"},
    }};
    return steps;
}

} // namespace sb
