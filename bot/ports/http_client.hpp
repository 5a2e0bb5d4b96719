// SPDX-License-Identifier: Apache-2.0
// Outbound HTTP for adapters (Slack's Web API, a Matrix homeserver, push services, pollers).
#pragma once

#include "base/result.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb {

struct OutboundRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers; // sent as given, in order
    std::string body;
    // Whole exchange, including a long poll's wait (a Matrix /sync with timeout=30000).
    std::chrono::milliseconds timeout{30'000};
};

struct OutboundResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string body;

    // The first header of that name (case-insensitive), or empty.
    std::string header(std::string_view name) const;
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    // Completes exactly once, on the core thread. An error only for transport failures
    // (refused, timed out, TLS); every HTTP status, 4xx and 5xx included, is a response.
    virtual void send(OutboundRequest request,
                      std::function<void(Result<OutboundResponse>)> done) = 0;
};

} // namespace sb
