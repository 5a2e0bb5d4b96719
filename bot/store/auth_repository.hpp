// SPDX-License-Identifier: Apache-2.0
// The rows behind API tokens, sign-in links and web sessions: hashes only, never a secret.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace sb {

class Store;

struct TokenRow {
    std::int64_t id = 0;
    std::string person;
    std::string label;
    std::string hash;
    Instant created_at{};
    std::optional<Instant> last_used_at;
    std::optional<Instant> revoked_at;
};

struct SessionRow {
    std::int64_t id = 0;
    std::string person;
    std::string csrf_token;
    Instant created_at{};
    Instant expires_at{};
};

class AuthRepository {
public:
    explicit AuthRepository(Store& store);

    // Tokens. Inserts under `label`, or under the first free "token-N" when it is empty; a label
    // the person already uses for an unrevoked token is a conflict.
    Result<TokenRow> insert_token(std::string const& person, std::string const& label,
                                  std::string const& hash, Instant now);
    // Every token, or the person's when `person` is not empty, oldest first.
    Result<std::vector<TokenRow>> tokens(std::string const& person);
    // The unrevoked token with this hash.
    Result<std::optional<TokenRow>> unrevoked_token(std::string const& hash);
    Result<void> note_token_use(std::int64_t id, Instant at);
    // Revokes the person's unrevoked tokens with this label (all when empty); how many.
    Result<int> revoke_tokens(std::string const& person, std::string const& label, Instant now);
    // False when there is no unrevoked token with this id.
    Result<bool> revoke_token(std::int64_t id, Instant now);

    // Sign-in links; inserting also drops links expired for a day.
    Result<void> insert_signin_link(std::string const& hash, std::string const& person, Instant now,
                                    Instant expires_at);
    // Marks an unused, unexpired link used and returns its person, in one transaction; nullopt
    // when there is no such link.
    Result<std::optional<std::string>> use_signin_link(std::string const& hash, Instant now);

    // Web sessions; inserting also drops sessions that ended or expired a week ago.
    Result<std::int64_t> insert_session(std::string const& hash, SessionRow const& session);
    Result<std::optional<SessionRow>> open_session(std::string const& hash, Instant now);
    // False when there is no open session with this hash.
    Result<bool> end_session(std::string const& hash, Instant now);

private:
    SQLite::Database& m_db;
};

} // namespace sb
