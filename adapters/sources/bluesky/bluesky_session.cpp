// SPDX-License-Identifier: Apache-2.0
// XRPC session handling as com.atproto.server.{createSession,refreshSession} define it.
#include "adapters/sources/bluesky/bluesky_session.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace sb {
namespace {

constexpr std::chrono::milliseconds request_timeout{30'000};

bool is_auth_failure(OutboundResponse const& response) {
    return response.status == 400 || response.status == 401;
}

} // namespace

BlueskySession::BlueskySession(HttpClient& http, std::string service_url, std::string identifier,
                               std::string app_password)
    : m_http(http), m_service_url(std::move(service_url)), m_identifier(std::move(identifier)),
      m_app_password(std::move(app_password)) {}

BlueskySession::~BlueskySession() {
    *m_alive = false;
}

void BlueskySession::get(std::string method_and_query, Done done) {
    if (!m_tokens) {
        sign_in(method_and_query, std::move(done));
        return;
    }
    send(method_and_query, Retry::allowed, std::move(done));
}

void BlueskySession::send(std::string const& method_and_query, Retry retry, Done done) {
    OutboundRequest request;
    request.url = m_service_url + "/xrpc/" + method_and_query;
    request.headers.emplace_back("Authorization", "Bearer " + m_tokens->access_jwt);
    request.headers.emplace_back("Accept", "application/json");
    request.timeout = request_timeout;
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(std::move(request), [this, alive, method_and_query, retry,
                                     done = std::move(done)](Result<OutboundResponse> response) {
        if (alive.expired())
            return;
        if (!response || retry == Retry::spent || !is_auth_failure(*response)) {
            done(std::move(response));
            return;
        }
        auto error = bluesky_error_name(response->body);
        if (error == "ExpiredToken") {
            refresh(method_and_query, done);
        } else if (error == "InvalidToken" || error == "AuthenticationRequired") {
            // The PDS no longer knows the session (revoked app password, restarted PDS).
            spdlog::info("bluesky {}: session refused ({}); signing in again", m_identifier, error);
            m_tokens.reset();
            sign_in(method_and_query, done);
        } else {
            done(std::move(response));
        }
    });
}

void BlueskySession::refresh(std::string const& method_and_query, Done done) {
    OutboundRequest request;
    request.method = "POST";
    request.url = m_service_url + "/xrpc/com.atproto.server.refreshSession";
    request.headers.emplace_back("Authorization", "Bearer " + m_tokens->refresh_jwt);
    request.headers.emplace_back("Accept", "application/json");
    request.timeout = request_timeout;
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(std::move(request), [this, alive, method_and_query,
                                     done = std::move(done)](Result<OutboundResponse> response) {
        if (alive.expired())
            return;
        if (response && response->status == 200) {
            if (auto tokens = parse_bluesky_session(response->body)) {
                m_tokens = std::move(*tokens);
                send(method_and_query, Retry::spent, done);
                return;
            }
        }
        if (!response || !is_auth_failure(*response)) {
            done(std::move(response)); // an outage or a rate limit: the poll loop retries later
            return;
        }
        spdlog::info("bluesky {}: refresh refused ({}); signing in again", m_identifier,
                     bluesky_error_text(response->status, response->body));
        m_tokens.reset();
        sign_in(method_and_query, done);
    });
}

void BlueskySession::sign_in(std::string const& method_and_query, Done done) {
    OutboundRequest request;
    request.method = "POST";
    request.url = m_service_url + "/xrpc/com.atproto.server.createSession";
    request.headers.emplace_back("Content-Type", "application/json");
    request.headers.emplace_back("Accept", "application/json");
    request.body =
        nlohmann::json{{"identifier", m_identifier}, {"password", m_app_password}}.dump();
    request.timeout = request_timeout;
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(std::move(request), [this, alive, method_and_query,
                                     done = std::move(done)](Result<OutboundResponse> response) {
        if (alive.expired())
            return;
        if (!response || response->status == 429 || response->status >= 500) {
            done(std::move(response));
            return;
        }
        if (response->status != 200) {
            done(unexpected(ErrorCode::unauthorized,
                            "Bluesky refused the sign-in of '" + m_identifier + "' (" +
                                bluesky_error_text(response->status, response->body) +
                                "); check identifier and app_password"));
            return;
        }
        auto tokens = parse_bluesky_session(response->body);
        if (!tokens) {
            done(unexpected(tokens.error()));
            return;
        }
        m_tokens = std::move(*tokens);
        spdlog::info("bluesky {}: signed in", m_identifier);
        send(method_and_query, Retry::spent, done);
    });
}

} // namespace sb
