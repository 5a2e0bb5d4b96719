// SPDX-License-Identifier: Apache-2.0
// RFC 9457 problem details: every error the REST API answers, with the field it is about.
#pragma once

#include "base/result.hpp"
#include "bot/ports/http.hpp"

#include <string>

namespace sb {

// {"type": "about:blank", "title": "Not Found", "status": 404, "detail": …, "field": …} as
// application/problem+json; field is left out when empty. A 401 carries
// WWW-Authenticate: Bearer, so a client knows how to authenticate.
HttpResponse problem(int status, std::string const& detail, std::string const& field = {});

// The status for an error value: invalid_argument 400 (or `invalid_status`, 422 for a body that
// parses but makes no sense), not_found 404, conflict 409, forbidden 403, unauthorized 401,
// too_large 413, rate_limited 429, unavailable 503, internal 500.
int status_of(ErrorCode code, int invalid_status = 400);

// A problem for an error value; its context names the field.
HttpResponse problem(Error const& error, int invalid_status = 400);

// "Bad Request" for 400 and so on; "Error" for a status it does not know.
char const* status_title(int status);

} // namespace sb
