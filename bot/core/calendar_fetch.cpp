// SPDX-License-Identifier: Apache-2.0
#include "bot/core/calendar_fetch.hpp"

#include "bot/rota/calendar_copies.hpp"

namespace sb {
namespace {

// The scheme and authority of an absolute URL ("https://host:port"), or empty.
std::string origin_of(std::string const& url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos)
        return {};
    auto path_start = url.find_first_of("/?#", scheme_end + 3);
    return url.substr(0, path_start);
}

// Where a redirect leads: an absolute http(s) URL, or a path on the same origin.
std::optional<std::string> redirect_target(std::string const& from, std::string const& location) {
    if (rota::is_calendar_url(location))
        return location;
    if (location.starts_with("/") && !location.starts_with("//"))
        return origin_of(from) + location;
    return std::nullopt;
}

} // namespace

std::string calendar_label(std::string const& url) {
    auto origin = origin_of(url);
    if (origin.empty())
        return "a calendar URL";
    auto path = url.substr(origin.size());
    path = path.substr(0, path.find_first_of("?#"));
    auto last = path.find_last_of('/');
    auto segment = last == std::string::npos ? std::string{} : path.substr(last + 1);
    // The authority may hold user:password@ before the host.
    if (auto at = origin.find('@'); at != std::string::npos)
        origin = origin.substr(0, origin.find("://") + 3) + "…@" + origin.substr(at + 1);
    return origin + (segment.empty() ? "/…" : "/…/" + segment);
}

OutboundRequest calendar_request(std::string const& url, std::chrono::milliseconds timeout) {
    OutboundRequest request;
    request.url = url;
    request.timeout = timeout;
    request.headers.emplace_back("Accept", "text/calendar, */*;q=0.5");
    return request;
}

CalendarAnswer read_calendar_answer(std::string const& url, Result<OutboundResponse> response,
                                    int redirects_left) {
    CalendarAnswer answer;
    auto const label = calendar_label(url);
    if (!response) {
        // The transport's message names the whole URL, secret and all.
        answer.error = response.error().message;
        for (auto at = answer.error.find(url); at != std::string::npos;
             at = answer.error.find(url, at + label.size()))
            answer.error.replace(at, url.size(), label);
        return answer;
    }
    if (response->status >= 300 && response->status < 400) {
        // Header names are in lower case (the port's contract).
        std::string location;
        for (auto const& [name, value] : response->headers)
            if (name == "location" && location.empty())
                location = value;
        auto next = redirect_target(url, location);
        if (!next)
            answer.error = label + " redirects to a place that is no http(s) URL";
        else if (redirects_left <= 0)
            answer.error =
                label + " redirects more than " + std::to_string(max_calendar_redirects) + " times";
        else
            answer.redirect = std::move(next);
        return answer;
    }
    if (response->status < 200 || response->status >= 300) {
        answer.error = label + " answered HTTP " + std::to_string(response->status);
        return answer;
    }
    if (auto checked = rota::check_calendar_text(response->body); !checked) {
        answer.error = label + " sent no calendar: " + checked.error().message;
        return answer;
    }
    answer.body = std::move(response->body);
    return answer;
}

Result<std::string> fetch_calendar_blocking(
    std::string const& url,
    std::function<Result<OutboundResponse>(OutboundRequest const&)> const& perform) {
    auto next = url;
    for (int left = max_calendar_redirects;; --left) {
        auto answer = read_calendar_answer(
            next, perform(calendar_request(next, std::chrono::seconds(30))), left);
        if (answer.body)
            return std::move(*answer.body);
        if (!answer.redirect)
            return unexpected(ErrorCode::unavailable, answer.error);
        next = std::move(*answer.redirect);
    }
}

} // namespace sb
