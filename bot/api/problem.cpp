// SPDX-License-Identifier: Apache-2.0
// Problem details (RFC 9457) for the REST API's errors.
#include "bot/api/problem.hpp"

#include <nlohmann/json.hpp>

namespace sb {

char const* status_title(int status) {
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

int status_of(ErrorCode code, int invalid_status) {
    switch (code) {
    case ErrorCode::invalid_argument:
        return invalid_status;
    case ErrorCode::not_found:
        return 404;
    case ErrorCode::conflict:
        return 409;
    case ErrorCode::forbidden:
        return 403;
    case ErrorCode::unauthorized:
        return 401;
    case ErrorCode::too_large:
        return 413;
    case ErrorCode::rate_limited:
        return 429;
    case ErrorCode::unavailable:
        return 503;
    case ErrorCode::internal:
        return 500;
    }
    return 500;
}

HttpResponse problem(int status, std::string const& detail, std::string const& field) {
    nlohmann::json body{{"type", "about:blank"},
                        {"title", status_title(status)},
                        {"status", status},
                        {"detail", detail}};
    if (!field.empty())
        body["field"] = field;
    HttpResponse response;
    response.status = status;
    response.content_type = "application/problem+json";
    response.body = body.dump();
    response.headers.emplace_back("Cache-Control", "no-store");
    if (status == 401)
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"switchboard\"");
    return response;
}

HttpResponse problem(Error const& error, int invalid_status) {
    auto const status = status_of(error.code, invalid_status);
    // An internal error's message may name internals; the log has the detail.
    if (status == 500)
        return problem(500, "something went wrong inside switchboard; the log says what");
    return problem(status, error.message, error.context);
}

} // namespace sb
