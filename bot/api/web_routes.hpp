// SPDX-License-Identifier: Apache-2.0
// The web page's routes: its files, sign-in by link, sign-out, the session and live events.
#pragma once

#include "bot/api/api_context.hpp"

namespace sb {

// GET /web/… (the page's files), GET and POST /web/signin, POST /web/signout,
// GET /api/v1/session and GET /api/v1/events.
void add_web_routes(HttpRouter& router, ApiContext& api);

// The sign-in link for a person, valid for api.signin_link_lifetime; for the chat command "web".
Result<std::string> signin_link(ApiContext& api, std::string const& person);

} // namespace sb
