// SPDX-License-Identifier: Apache-2.0
// The health and metrics routes, for load balancers, orchestrators and Prometheus.
#include "bot/http/health_routes.hpp"

#include "base/hmac.hpp"

#include <nlohmann/json.hpp>

namespace sb {

bool bearer_token_matches(std::string_view authorization, std::string_view token) {
    constexpr std::string_view scheme = "Bearer ";
    if (token.empty() || authorization.size() < scheme.size())
        return false;
    // The scheme name is case-insensitive (RFC 9110, section 11.1).
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        char c = authorization[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        char s = scheme[i];
        if (s >= 'A' && s <= 'Z')
            s = static_cast<char>(s - 'A' + 'a');
        if (c != s)
            return false;
    }
    return constant_time_equal(authorization.substr(scheme.size()), token);
}

void add_health_routes(HttpRouter& router, std::function<std::vector<ComponentHealth>()> components,
                       MetricsRegistry& metrics, std::optional<std::string> metrics_token) {
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

    router.add_route(
        "GET", "/metrics",
        [&metrics, token = std::move(metrics_token)](HttpRequest const& request,
                                                     HttpResponder respond) {
            if (token && !bearer_token_matches(request.header("Authorization"), *token)) {
                auto refused = HttpResponse::error(401, "/metrics needs the metrics bearer token");
                refused.headers.emplace_back("WWW-Authenticate", R"(Bearer realm="metrics")");
                respond(std::move(refused));
                return;
            }
            auto response = HttpResponse::text(200, metrics.render());
            response.content_type = MetricsRegistry::content_type;
            respond(std::move(response));
        });
}

} // namespace sb
