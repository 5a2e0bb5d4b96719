// SPDX-License-Identifier: Apache-2.0
// Liveness, readiness and Prometheus routes: GET /healthz, /readyz and /metrics.
#pragma once

#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/http.hpp"

#include <functional>
#include <string>
#include <vector>

namespace sb {

struct ComponentHealth {
    std::string name; // "store", "slack", "source:meta" …
    bool ready = true;
    std::string reason; // why not ready, or what a ready component works around; often empty
};

// components is called at every /readyz request, on the HTTP thread; the registry must outlive
// the router.
void add_health_routes(HttpRouter& router, std::function<std::vector<ComponentHealth>()> components,
                       MetricsRegistry& metrics);

} // namespace sb
