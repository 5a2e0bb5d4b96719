// SPDX-License-Identifier: Apache-2.0
// Personal API tokens, single-use sign-in links and web sessions. Only hashes of the secrets
// are stored: a token, a link or a cookie is shown once and cannot be read back.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/store/auth_repository.hpp"
#include "bot/store/store.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

struct ApiToken {
    std::int64_t id = 0;
    std::string person;
    std::string label;
    Instant created_at{};
    std::optional<Instant> last_used_at;
    std::optional<Instant> revoked_at;
};

struct NewToken {
    ApiToken token;
    std::string secret; // "sbt_…", shown once
};

struct WebSession {
    std::int64_t id = 0;
    std::string person;
    std::string csrf_token; // sent back by the page in X-CSRF-Token on every change
    Instant created_at{};
    Instant expires_at{};
};

struct NewSession {
    WebSession session;
    std::string cookie; // the session cookie's value, shown once
};

class AuthStore {
public:
    explicit AuthStore(Store& store) : m_rows(store.auth()) {}

    // Tokens: the label is unique per person among unrevoked tokens.
    Result<NewToken> create_token(std::string const& person, std::string const& label, Instant now);
    Result<std::vector<ApiToken>> tokens(std::string const& person);
    // Revokes the person's token with this label, or every token of theirs when label is empty;
    // returns how many were revoked.
    Result<int> revoke_tokens(std::string const& person, std::string const& label, Instant now);
    Result<void> revoke_token(std::int64_t id, Instant now);
    // The person behind an unrevoked token (and notes its use); nullopt for anything else, a
    // failing store included: it lets no one in.
    std::optional<ApiToken> check_token(std::string const& secret, Instant now);

    // Sign-in links: single use, bound to one person, valid for `lifetime`.
    Result<std::string> create_signin_link(std::string const& person, Instant now,
                                           std::chrono::seconds lifetime);
    // Uses the link up; fails when unknown, used before or expired (the same message for all).
    Result<std::string> redeem_signin_link(std::string const& secret, Instant now);

    Result<NewSession> create_session(std::string const& person, Instant now,
                                      std::chrono::seconds lifetime);
    std::optional<WebSession> check_session(std::string const& cookie, Instant now);
    Result<void> end_session(std::string const& cookie, Instant now);

private:
    AuthRepository& m_rows;
};

} // namespace sb
