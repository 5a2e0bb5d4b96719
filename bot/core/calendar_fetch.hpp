// SPDX-License-Identifier: Apache-2.0
// What a calendar server's answer means, for the daemon's refresher and the command line alike:
// the calendar's text, a redirect to follow, or an error that names no secret.
#pragma once

#include "bot/ports/http_client.hpp"

#include <functional>
#include <optional>
#include <string>

namespace sb {

// The URL as logs and /readyz show it: scheme, host and last path segment only, because a
// private calendar URL carries its secret in the path or the query.
std::string calendar_label(std::string const& url);

// The request for one calendar URL.
OutboundRequest calendar_request(std::string const& url, std::chrono::milliseconds timeout);

struct CalendarAnswer {
    std::optional<std::string> body;     // a checked calendar
    std::optional<std::string> redirect; // the next URL to ask
    std::string error;                   // otherwise why not
};

// Reads one answer to calendar_request(url). A redirect is offered only while redirects_left
// is above zero.
CalendarAnswer read_calendar_answer(std::string const& url, Result<OutboundResponse> response,
                                    int redirects_left);

constexpr int max_calendar_redirects = 5;

// Fetches a calendar, following redirects, with a blocking transfer (the command line's).
Result<std::string> fetch_calendar_blocking(
    std::string const& url,
    std::function<Result<OutboundResponse>(OutboundRequest const&)> const& perform);

} // namespace sb
