// SPDX-License-Identifier: Apache-2.0
// An app-password session with a Bluesky PDS: signs in, refreshes expired access tokens, and
// signs in again when the refresh token is no longer accepted. Tokens stay in memory only.
#pragma once

#include "adapters/sources/bluesky/bluesky_wire.hpp"
#include "bot/ports/http_client.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sb {

class BlueskySession {
public:
    using Done = std::function<void(Result<OutboundResponse>)>;

    BlueskySession(HttpClient& http, std::string service_url, std::string identifier,
                   std::string app_password);
    ~BlueskySession();
    BlueskySession(BlueskySession const&) = delete;
    BlueskySession& operator=(BlueskySession const&) = delete;

    // GET /xrpc/<method_and_query> with the access token. done gets the method's own answer
    // (any status), or an error: unavailable when the network failed, unauthorized when the
    // PDS refused the identifier and app password. A sign-in answered 429 or 5xx comes back
    // as that response, so the caller handles rate limits and outages in one place.
    void get(std::string method_and_query, Done done);

    bool signed_in() const { return m_tokens.has_value(); }

private:
    enum class Retry { allowed, spent };
    void send(std::string const& method_and_query, Retry retry, Done done);
    void refresh(std::string const& method_and_query, Done done);
    void sign_in(std::string const& method_and_query, Done done);

    HttpClient& m_http;
    std::string m_service_url;
    std::string m_identifier;
    std::string m_app_password;
    std::optional<BlueskyTokens> m_tokens;
    // Whether this object is still alive when an HTTP completion arrives.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
