// SPDX-License-Identifier: Apache-2.0
// Who is asking: a personal API token in Authorization, or the web page's session cookie.
#include "bot/api/api_context.hpp"

#include "base/hmac.hpp"

#include <cctype>
#include <string_view>

namespace sb {
namespace {

// One message for every failure: a caller learns nothing about which tokens or sessions exist.
Unexpected<Error> refused() {
    return unexpected(ErrorCode::unauthorized,
                      "sign in first: a valid API token or session is needed");
}

bool starts_with_bearer(std::string_view header) {
    constexpr std::string_view scheme = "bearer ";
    if (header.size() < scheme.size())
        return false;
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i])
            return false;
    return true;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

Result<Principal> authenticate(ApiContext& api, HttpRequest const& request) {
    auto const now = api.core.clock.now();
    auto const& people = api.core.config.people;
    auto principal_for = [&](std::string const& person, char const* via,
                             bool may_change) -> Result<Principal> {
        // A person removed from the config loses access at once, whatever they still hold.
        auto it = people.find(person);
        if (it == people.end())
            return refused();
        Principal principal;
        principal.person = person;
        principal.via = via;
        principal.manager = it->second.role == config::Role::manager;
        principal.may_change = may_change;
        return principal;
    };

    auto const authorization = request.header("Authorization");
    if (!authorization.empty()) {
        // A request that names a token stands or falls by it; it never falls back to a cookie.
        if (!starts_with_bearer(authorization))
            return refused();
        auto secret = std::string(trimmed(std::string_view(authorization).substr(7)));
        auto token = api.auth.check_token(secret, now);
        if (!token)
            return refused();
        return principal_for(token->person, "api", true);
    }

    auto const cookie = cookie_value(request, session_cookie_name);
    if (cookie.empty())
        return refused();
    auto session = api.auth.check_session(cookie, now);
    if (!session)
        return refused();
    auto const sent = request.header("X-CSRF-Token");
    bool const csrf_ok = !sent.empty() && constant_time_equal(sent, session->csrf_token);
    return principal_for(session->person, "web", csrf_ok);
}

} // namespace sb
