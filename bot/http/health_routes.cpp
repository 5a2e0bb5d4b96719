// SPDX-License-Identifier: Apache-2.0
// The health and metrics routes, for load balancers, orchestrators and Prometheus.
#include "bot/http/health_routes.hpp"

#include <nlohmann/json.hpp>

namespace sb {

void add_health_routes(HttpRouter& router, std::function<std::vector<ComponentHealth>()> components,
                       MetricsRegistry& metrics) {
    // Liveness says only that the process still serves requests; a failing dependency must not
    // get the process restarted, so it belongs to readiness.
    router.add_route("GET", "/healthz", [](HttpRequest const&, HttpResponder respond) {
        respond(HttpResponse::json(200, R"({"status":"ok"})"));
    });

    router.add_route(
        "GET", "/readyz",
        [components = std::move(components)](HttpRequest const&, HttpResponder respond) {
            auto const list = components ? components() : std::vector<ComponentHealth>{};
            bool ready = true;
            auto entries = nlohmann::json::array();
            for (auto const& component : list) {
                ready = ready && component.ready;
                entries.push_back({{"name", component.name},
                                   {"ready", component.ready},
                                   {"reason", component.reason}});
            }
            nlohmann::json body = {{"ready", ready}, {"components", std::move(entries)}};
            respond(HttpResponse::json(
                ready ? 200 : 503,
                body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
        });

    router.add_route("GET", "/metrics", [&metrics](HttpRequest const&, HttpResponder respond) {
        auto response = HttpResponse::text(200, metrics.render());
        response.content_type = MetricsRegistry::content_type;
        respond(std::move(response));
    });
}

} // namespace sb
