// SPDX-License-Identifier: Apache-2.0
// The request duration histogram with bounded labels.
#include "bot/metrics/http_request_metrics.hpp"

#include <array>

namespace sb {

HttpRequestMetrics::HttpRequestMetrics(MetricsRegistry& metrics) : m_metrics(metrics) {}

std::string HttpRequestMetrics::route_label(std::string_view route) {
    return route.empty() ? std::string("other") : std::string(route);
}

std::string HttpRequestMetrics::method_label(std::string_view method) {
    static constexpr std::array known{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
    for (auto const* name : known)
        if (method == name)
            return name;
    return "other";
}

void HttpRequestMetrics::observe(std::string_view route, std::string_view method, double seconds) {
    // The registry returns the same histogram for the same labels, and the label sets are
    // bounded by the routes the daemon registered.
    m_metrics
        .histogram("switchboard_http_request_duration_seconds",
                   "Seconds from a parsed request to its answer, by route pattern and method",
                   default_latency_buckets(),
                   {{"route", route_label(route)}, {"method", method_label(method)}})
        .observe(seconds);
}

} // namespace sb
