// SPDX-License-Identifier: Apache-2.0
// Tokens, sign-in links and sessions in the store, kept as SHA-256 hashes of their secrets.
#include "bot/api/auth_store.hpp"

#include "base/hmac.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {
namespace {

constexpr std::string_view token_prefix = "sbt_";
constexpr std::size_t max_label_bytes = 64;
// 32 random bytes: far beyond guessing, for every kind of secret here.
constexpr std::size_t secret_bytes = 32;

ApiToken token_of(TokenRow const& row) {
    ApiToken token;
    token.id = row.id;
    token.person = row.person;
    token.label = row.label;
    token.created_at = row.created_at;
    token.last_used_at = row.last_used_at;
    token.revoked_at = row.revoked_at;
    return token;
}

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

} // namespace

Result<NewToken> AuthStore::create_token(std::string const& person, std::string const& label,
                                         Instant now) {
    if (person.empty())
        return unexpected(ErrorCode::invalid_argument, "a token needs a person", "person");
    SB_TRY(check_label(label));
    NewToken created;
    created.secret = std::string(token_prefix) + random_token(secret_bytes);
    auto row = SB_TRY(m_rows.insert_token(person, label, sha256_hex(created.secret), now));
    created.token = token_of(row);
    return created;
}

Result<std::vector<ApiToken>> AuthStore::tokens(std::string const& person) {
    auto rows = SB_TRY(m_rows.tokens(person));
    std::vector<ApiToken> out;
    out.reserve(rows.size());
    for (auto const& row : rows)
        out.push_back(token_of(row));
    return out;
}

Result<int> AuthStore::revoke_tokens(std::string const& person, std::string const& label,
                                     Instant now) {
    return m_rows.revoke_tokens(person, label, now);
}

Result<void> AuthStore::revoke_token(std::int64_t id, Instant now) {
    auto revoked = SB_TRY(m_rows.revoke_token(id, now));
    if (!revoked)
        return unexpected(ErrorCode::not_found, "there is no unrevoked token " + std::to_string(id),
                          "id");
    return {};
}

std::optional<ApiToken> AuthStore::check_token(std::string const& secret, Instant now) {
    if (secret.size() <= token_prefix.size() || secret.rfind(token_prefix, 0) != 0)
        return std::nullopt;
    auto hash = sha256_hex(secret);
    auto row = m_rows.unrevoked_token(hash);
    if (!row) {
        spdlog::error("auth store: checking a token failed: {}", row.error().message);
        return std::nullopt;
    }
    // The lookup is by hash already; comparing again keeps a collation surprise from ever
    // letting a different secret in.
    if (!*row || !constant_time_equal((*row)->hash, hash))
        return std::nullopt;
    auto token = token_of(**row);
    // Noting each use to the second would write on every request; a minute is enough to see
    // whether a token is still in use.
    if (!token.last_used_at || now - *token.last_used_at >= std::chrono::minutes(1)) {
        if (auto noted = m_rows.note_token_use(token.id, now); !noted) {
            spdlog::error("auth store: checking a token failed: {}", noted.error().message);
            return std::nullopt;
        }
        token.last_used_at = now;
    }
    return token;
}

Result<std::string> AuthStore::create_signin_link(std::string const& person, Instant now,
                                                  std::chrono::seconds lifetime) {
    if (person.empty())
        return unexpected(ErrorCode::invalid_argument, "a sign-in link needs a person", "person");
    auto secret = random_token(secret_bytes);
    SB_TRY(m_rows.insert_signin_link(sha256_hex(secret), person, now, now + lifetime));
    return secret;
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
    auto person = SB_TRY(m_rows.use_signin_link(sha256_hex(secret), now));
    if (!person)
        return refused();
    return *person;
}

Result<NewSession> AuthStore::create_session(std::string const& person, Instant now,
                                             std::chrono::seconds lifetime) {
    if (person.empty())
        return unexpected(ErrorCode::invalid_argument, "a session needs a person", "person");
    NewSession created;
    created.cookie = random_token(secret_bytes);
    created.session.person = person;
    created.session.csrf_token = random_token(secret_bytes);
    created.session.created_at = now;
    created.session.expires_at = now + lifetime;
    SessionRow row{0, person, created.session.csrf_token, now, created.session.expires_at};
    created.session.id = SB_TRY(m_rows.insert_session(sha256_hex(created.cookie), row));
    return created;
}

std::optional<WebSession> AuthStore::check_session(std::string const& cookie, Instant now) {
    if (cookie.empty() || cookie.size() > 256)
        return std::nullopt;
    auto row = m_rows.open_session(sha256_hex(cookie), now);
    if (!row) {
        spdlog::error("auth store: checking a session failed: {}", row.error().message);
        return std::nullopt;
    }
    if (!*row)
        return std::nullopt;
    auto const& found = **row;
    return WebSession{found.id, found.person, found.csrf_token, found.created_at, found.expires_at};
}

Result<void> AuthStore::end_session(std::string const& cookie, Instant now) {
    auto ended = SB_TRY(m_rows.end_session(sha256_hex(cookie), now));
    if (!ended)
        return unexpected(ErrorCode::not_found, "there is no open session to end");
    return {};
}

} // namespace sb
