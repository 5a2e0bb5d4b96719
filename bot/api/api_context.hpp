// SPDX-License-Identifier: Apache-2.0
// What the REST API and the web page's routes share, and who is asking.
#pragma once

#include "bot/api/auth_store.hpp"
#include "bot/api/live_events.hpp"
#include "bot/core/item_service.hpp"
#include "bot/core/rota_service.hpp"
#include "bot/ports/http.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace sb {

struct ApiContext {
    CoreContext& core;
    ItemService& items;
    RotaService& rota;
    AuthStore& auth;
    LiveEvents& live;
    // Where the page's files are (index.html, *.js, *.css); empty: the page is not served.
    std::string web_dir;
    // Cookies get Secure when the page is served over TLS: a public_url with https, or a proxy
    // that says X-Forwarded-Proto: https.
    bool secure_cookies = false;
    std::chrono::seconds signin_link_lifetime{10 * 60};
    std::chrono::seconds session_lifetime{12 * 3600};
};

// Who is asking, and how: a bearer token ("api") or a session cookie ("web").
struct Principal {
    std::string person;
    std::string via; // "api" or "web"
    bool manager = false;
    // The session's CSRF token matched X-CSRF-Token (always true for bearer tokens, which a
    // browser never sends on its own).
    bool may_change = false;
};

// Authenticates a request by its Authorization header or its session cookie; an error is
// unauthorized with a message that reveals nothing about what exists.
Result<Principal> authenticate(ApiContext& api, HttpRequest const& request);

// The value of one cookie, or empty.
std::string cookie_value(HttpRequest const& request, std::string const& name);

inline constexpr char const* session_cookie_name = "sb_session";

} // namespace sb
