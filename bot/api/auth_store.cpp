// SPDX-License-Identifier: Apache-2.0
// Tokens, sign-in links and sessions in the store, kept as SHA-256 hashes of their secrets.
#include "bot/api/auth_store.hpp"

#include "bot/util/hmac.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {
namespace {

constexpr std::string_view token_prefix = "sbt_";
constexpr std::size_t max_label_bytes = 64;
// 32 random bytes: far beyond guessing, for every kind of secret here.
constexpr std::size_t secret_bytes = 32;

Error store_failed(std::exception const& e, char const* what) {
    spdlog::error("auth store: {} failed: {}", what, e.what());
    return make_error(ErrorCode::unavailable, std::string("the store could not ") + what);
}

std::optional<Instant> optional_instant(SQLite::Column const& column) {
    if (column.isNull())
        return std::nullopt;
    return instant_of(column.getInt64());
}

ApiToken read_token(SQLite::Statement& q) {
    ApiToken token;
    token.id = q.getColumn(0).getInt64();
    token.person = q.getColumn(1).getString();
    token.label = q.getColumn(2).getString();
    token.created_at = instant_of(q.getColumn(3).getInt64());
    token.last_used_at = optional_instant(q.getColumn(4));
    token.revoked_at = optional_instant(q.getColumn(5));
    return token;
}

constexpr char const* token_columns = "id, person, label, created_at, last_used_at, revoked_at";

Result<void> check_label(std::string const& label) {
    if (label.size() > max_label_bytes)
        return unexpected(ErrorCode::invalid_argument,
                          "a token label has at most " + std::to_string(max_label_bytes) +
                              " characters",
                          "label");
    bool printable = std::all_of(label.begin(), label.end(), [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return byte >= 0x21 && byte != 0x7f; // no spaces or control characters; UTF-8 is fine
    });
    if (!printable)
        return unexpected(ErrorCode::invalid_argument,
                          "a token label is one word without spaces or control characters",
                          "label");
    return {};
}

bool label_in_use(SQLite::Database& db, std::string const& person, std::string const& label) {
    SQLite::Statement q(db, "SELECT 1 FROM api_tokens WHERE person = ? AND label = ? AND "
                            "revoked_at IS NULL");
    q.bind(1, person);
    q.bind(2, label);
    return q.executeStep();
}

} // namespace

Result<NewToken> AuthStore::create_token(std::string const& person, std::string const& label,
                                         Instant now) {
    if (person.empty())
        return unexpected(ErrorCode::invalid_argument, "a token needs a person", "person");
    SB_TRY(check_label(label));
    try {
        auto& db = m_store.database();
        SQLite::Transaction transaction(db);
        std::string chosen = label;
        if (chosen.empty()) {
            // Without a label the first free "token-N" names it, so it can be revoked alone.
            for (int n = 1; chosen.empty() || label_in_use(db, person, chosen); ++n)
                chosen = "token-" + std::to_string(n);
        } else if (label_in_use(db, person, chosen)) {
            return unexpected(ErrorCode::conflict,
                              "you already have a token labelled '" + chosen +
                                  "'; revoke it first or choose another label",
                              "label");
        }
        NewToken created;
        created.secret = std::string(token_prefix) + random_token(secret_bytes);
        SQLite::Statement insert(db, "INSERT INTO api_tokens(person, label, hash, created_at) "
                                     "VALUES (?, ?, ?, ?)");
        insert.bind(1, person);
        insert.bind(2, chosen);
        insert.bind(3, sha256_hex(created.secret));
        insert.bind(4, static_cast<int64_t>(seconds_of(now)));
        insert.exec();
        created.token.id = db.getLastInsertRowid();
        transaction.commit();
        created.token.person = person;
        created.token.label = chosen;
        created.token.created_at = now;
        return created;
    } catch (std::exception const& e) {
        return store_failed(e, "create the token");
    }
}

std::vector<ApiToken> AuthStore::tokens(std::string const& person) {
    std::vector<ApiToken> out;
    std::string sql = std::string("SELECT ") + token_columns + " FROM api_tokens";
    if (!person.empty())
        sql += " WHERE person = ?";
    sql += " ORDER BY id";
    SQLite::Statement q(m_store.database(), sql);
    if (!person.empty())
        q.bind(1, person);
    while (q.executeStep())
        out.push_back(read_token(q));
    return out;
}

Result<int> AuthStore::revoke_tokens(std::string const& person, std::string const& label,
                                     Instant now) {
    try {
        std::string sql = "UPDATE api_tokens SET revoked_at = ? WHERE person = ? AND "
                          "revoked_at IS NULL";
        if (!label.empty())
            sql += " AND label = ?";
        SQLite::Statement q(m_store.database(), sql);
        q.bind(1, static_cast<int64_t>(seconds_of(now)));
        q.bind(2, person);
        if (!label.empty())
            q.bind(3, label);
        return q.exec();
    } catch (std::exception const& e) {
        return store_failed(e, "revoke the tokens");
    }
}

Result<void> AuthStore::revoke_token(std::int64_t id, Instant now) {
    try {
        SQLite::Statement q(m_store.database(), "UPDATE api_tokens SET revoked_at = ? WHERE id = ? "
                                                "AND revoked_at IS NULL");
        q.bind(1, static_cast<int64_t>(seconds_of(now)));
        q.bind(2, static_cast<int64_t>(id));
        if (q.exec() == 0)
            return unexpected(ErrorCode::not_found,
                              "there is no unrevoked token " + std::to_string(id), "id");
        return {};
    } catch (std::exception const& e) {
        return store_failed(e, "revoke the token");
    }
}

std::optional<ApiToken> AuthStore::check_token(std::string const& secret, Instant now) {
    if (secret.size() <= token_prefix.size() || secret.rfind(token_prefix, 0) != 0)
        return std::nullopt;
    try {
        auto hash = sha256_hex(secret);
        SQLite::Statement q(m_store.database(),
                            std::string("SELECT ") + token_columns +
                                ", hash FROM api_tokens WHERE hash = ? AND revoked_at IS NULL");
        q.bind(1, hash);
        if (!q.executeStep())
            return std::nullopt;
        // The lookup is by hash already; comparing again keeps a collation surprise from
        // ever letting a different secret in.
        if (!constant_time_equal(q.getColumn(6).getString(), hash))
            return std::nullopt;
        auto token = read_token(q);
        q.reset();
        // Noting each use to the second would write on every request; a minute is enough to see
        // whether a token is still in use.
        if (!token.last_used_at || now - *token.last_used_at >= std::chrono::minutes(1)) {
            SQLite::Statement used(m_store.database(),
                                   "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
            used.bind(1, static_cast<int64_t>(seconds_of(now)));
            used.bind(2, static_cast<int64_t>(token.id));
            used.exec();
            token.last_used_at = now;
        }
        return token;
    } catch (std::exception const& e) {
        spdlog::error("auth store: checking a token failed: {}", e.what());
        return std::nullopt;
    }
}

Result<std::string> AuthStore::create_signin_link(std::string const& person, Instant now,
                                                  std::chrono::seconds lifetime) {
    if (person.empty())
        return unexpected(ErrorCode::invalid_argument, "a sign-in link needs a person", "person");
    try {
        auto& db = m_store.database();
        SQLite::Transaction transaction(db);
        // Links are short-lived; the old ones only take up space.
        SQLite::Statement prune(db, "DELETE FROM signin_links WHERE expires_at <= ?");
        prune.bind(1, static_cast<int64_t>(seconds_of(now) - 24 * 3600));
        prune.exec();
        auto secret = random_token(secret_bytes);
        SQLite::Statement insert(db, "INSERT INTO signin_links(hash, person, created_at, "
                                     "expires_at) VALUES (?, ?, ?, ?)");
        insert.bind(1, sha256_hex(secret));
        insert.bind(2, person);
        insert.bind(3, static_cast<int64_t>(seconds_of(now)));
        insert.bind(4, static_cast<int64_t>(seconds_of(now + lifetime)));
        insert.exec();
        transaction.commit();
        return secret;
    } catch (std::exception const& e) {
        return store_failed(e, "create the sign-in link");
    }
}

Result<std::string> AuthStore::redeem_signin_link(std::string const& secret, Instant now) {
    // One message for unknown, used and expired links: which one it was helps only an attacker.
    auto refused = [] {
        return unexpected(ErrorCode::unauthorized,
                          "this sign-in link was already used or has expired; send 'web' to the "
                          "bot for a new one");
    };
    if (secret.empty() || secret.size() > 256)
        return refused();
    try {
        auto& db = m_store.database();
        auto hash = sha256_hex(secret);
        SQLite::Transaction transaction(db);
        // The update is the single use: of two requests racing with one link, one changes the
        // row and the other finds it used.
        SQLite::Statement use(db, "UPDATE signin_links SET used_at = ? WHERE hash = ? AND "
                                  "used_at IS NULL AND expires_at > ?");
        use.bind(1, static_cast<int64_t>(seconds_of(now)));
        use.bind(2, hash);
        use.bind(3, static_cast<int64_t>(seconds_of(now)));
        if (use.exec() != 1)
            return refused();
        SQLite::Statement q(db, "SELECT person FROM signin_links WHERE hash = ?");
        q.bind(1, hash);
        if (!q.executeStep())
            return refused();
        auto person = q.getColumn(0).getString();
        q.reset();
        transaction.commit();
        return person;
    } catch (std::exception const& e) {
        return store_failed(e, "check the sign-in link");
    }
}

Result<NewSession> AuthStore::create_session(std::string const& person, Instant now,
                                             std::chrono::seconds lifetime) {
    if (person.empty())
        return unexpected(ErrorCode::invalid_argument, "a session needs a person", "person");
    try {
        auto& db = m_store.database();
        SQLite::Transaction transaction(db);
        SQLite::Statement prune(db, "DELETE FROM web_sessions WHERE expires_at <= ? OR "
                                    "ended_at <= ?");
        auto week_ago = static_cast<int64_t>(seconds_of(now) - 7 * 24 * 3600);
        prune.bind(1, week_ago);
        prune.bind(2, week_ago);
        prune.exec();
        NewSession created;
        created.cookie = random_token(secret_bytes);
        created.session.person = person;
        created.session.csrf_token = random_token(secret_bytes);
        created.session.created_at = now;
        created.session.expires_at = now + lifetime;
        SQLite::Statement insert(db, "INSERT INTO web_sessions(hash, person, csrf_token, "
                                     "created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, sha256_hex(created.cookie));
        insert.bind(2, person);
        insert.bind(3, created.session.csrf_token);
        insert.bind(4, static_cast<int64_t>(seconds_of(now)));
        insert.bind(5, static_cast<int64_t>(seconds_of(created.session.expires_at)));
        insert.exec();
        created.session.id = db.getLastInsertRowid();
        transaction.commit();
        return created;
    } catch (std::exception const& e) {
        return store_failed(e, "start the session");
    }
}

std::optional<WebSession> AuthStore::check_session(std::string const& cookie, Instant now) {
    if (cookie.empty() || cookie.size() > 256)
        return std::nullopt;
    try {
        SQLite::Statement q(m_store.database(),
                            "SELECT id, person, csrf_token, created_at, expires_at FROM "
                            "web_sessions WHERE hash = ? AND ended_at IS NULL AND expires_at > ?");
        q.bind(1, sha256_hex(cookie));
        q.bind(2, static_cast<int64_t>(seconds_of(now)));
        if (!q.executeStep())
            return std::nullopt;
        WebSession session;
        session.id = q.getColumn(0).getInt64();
        session.person = q.getColumn(1).getString();
        session.csrf_token = q.getColumn(2).getString();
        session.created_at = instant_of(q.getColumn(3).getInt64());
        session.expires_at = instant_of(q.getColumn(4).getInt64());
        return session;
    } catch (std::exception const& e) {
        spdlog::error("auth store: checking a session failed: {}", e.what());
        return std::nullopt;
    }
}

Result<void> AuthStore::end_session(std::string const& cookie, Instant now) {
    try {
        SQLite::Statement q(m_store.database(), "UPDATE web_sessions SET ended_at = ? WHERE hash = "
                                                "? AND ended_at IS NULL");
        q.bind(1, static_cast<int64_t>(seconds_of(now)));
        q.bind(2, sha256_hex(cookie));
        if (q.exec() == 0)
            return unexpected(ErrorCode::not_found, "there is no open session to end");
        return {};
    } catch (std::exception const& e) {
        return store_failed(e, "end the session");
    }
}

} // namespace sb
