// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/common/hook_routes.hpp"

#include "bot/metrics/metrics_registry.hpp"

#include <algorithm>

namespace sb {
namespace {

// Source names in error messages are cut here: the path is chosen by whoever sends the request.
constexpr std::size_t max_echoed_name = 64;

std::string_view source_name_of(HttpRequest const& request) {
    std::string_view name = request.path;
    name.remove_prefix(std::min(name.size(), hook_path_prefix.size()));
    return name;
}

Counter& unknown_source_counter(MetricsRegistry& metrics) {
    return metrics.counter("switchboard_webhook_rejected_total",
                           "Webhook requests refused, by source and reason.",
                           {{"source", ""}, {"reason", "unknown_source"}});
}

HttpResponse unknown_source(Counter& counter, std::string_view name) {
    counter.inc();
    auto const echoed = std::string(name.substr(0, max_echoed_name));
    return HttpResponse::error(404, "unknown source '" + echoed + "'");
}

} // namespace

void add_hook_route(HttpRouter& router, MetricsRegistry& metrics, std::string method,
                    std::string const& source_id, std::shared_ptr<bool const> alive,
                    HookHandler handle) {
    auto& unknown = unknown_source_counter(metrics);
    router.add_route("POST", std::string(hook_path_prefix),
                     [&unknown](HttpRequest const& request, HttpResponder respond) {
                         respond(unknown_source(unknown, source_name_of(request)));
                     });
    router.add_route(std::move(method), std::string(hook_path_prefix) + source_id,
                     [&unknown, source_id, alive = std::move(alive), handle = std::move(handle)](
                         HttpRequest const& request, HttpResponder respond) {
                         if (!*alive)
                             return respond(HttpResponse::error(503, "shutting down"));
                         // An id ending in '/' makes the route a prefix; what lies below it is
                         // no source.
                         if (auto const name = source_name_of(request); name != source_id)
                             return respond(unknown_source(unknown, name));
                         respond(handle(request));
                     });
}

} // namespace sb
