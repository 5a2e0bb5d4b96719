// SPDX-License-Identifier: Apache-2.0
// Liveness, readiness and Prometheus routes: GET /healthz, /readyz and /metrics.
#pragma once

#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/http.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

struct ComponentHealth {
    std::string name; // "store", "slack", "source:meta" …
    bool ready = true;
    std::string reason; // why not ready, or what a ready component works around; often empty
};

// components is called at every /readyz request, on the HTTP thread; the registry must outlive
// the router. With a metrics_token, /metrics answers 401 unless the request carries
// "Authorization: Bearer <token>"; /healthz and /readyz stay open for probes.
void add_health_routes(HttpRouter& router, std::function<std::vector<ComponentHealth>()> components,
                       MetricsRegistry& metrics,
                       std::optional<std::string> metrics_token = std::nullopt);

// Whether an Authorization header value carries the bearer token; the token is compared in
// constant time, so its bytes cannot be guessed one at a time from response times.
bool bearer_token_matches(std::string_view authorization, std::string_view token);

} // namespace sb
