// SPDX-License-Identifier: Apache-2.0
// switchboard_http_request_duration_seconds{route,method}: how long each route takes to answer.
#pragma once

#include "bot/metrics/metrics_registry.hpp"

#include <string>
#include <string_view>

namespace sb {

class HttpRequestMetrics {
public:
    explicit HttpRequestMetrics(MetricsRegistry& metrics);

    // route is the pattern that matched ("/hooks/demo", "/api/"), empty when none did. The
    // raw path and method come from the client, so they never become labels as they are: an
    // unmatched path is "other" and an unusual method is "other", which keeps the number of
    // series bounded whatever a client sends.
    void observe(std::string_view route, std::string_view method, double seconds);

    static std::string route_label(std::string_view route);
    static std::string method_label(std::string_view method);

private:
    MetricsRegistry& m_metrics;
};

} // namespace sb
