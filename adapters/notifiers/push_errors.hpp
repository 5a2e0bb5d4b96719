// SPDX-License-Identifier: Apache-2.0
// How a push service's HTTP answer becomes an error: whether retrying can help.
#pragma once

#include "base/result.hpp"
#include "bot/ports/http_client.hpp"

#include <string>

namespace sb {

// 401/403: the token is wrong (no retry helps); 400/404/413: the request is (no retry);
// 429 and 5xx: the service is busy or down (retry).
inline Error push_error(std::string const& service, OutboundResponse const& response,
                        std::string const& detail) {
    auto message = service + " answered HTTP " + std::to_string(response.status) +
                   (detail.empty() ? std::string() : ": " + detail);
    switch (response.status) {
    case 401:
    case 403:
        return make_error(ErrorCode::unauthorized, message);
    case 400:
    case 404:
    case 413:
        return make_error(ErrorCode::invalid_argument, message);
    case 429:
        return make_error(ErrorCode::rate_limited, message);
    default:
        return make_error(ErrorCode::unavailable, message);
    }
}

} // namespace sb
