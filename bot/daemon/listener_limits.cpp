// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/listener_limits.hpp"

#include "bot/metrics/metrics_registry.hpp"
#include "config/config.hpp"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>

namespace sb {

std::size_t fit_connections(std::size_t wanted, std::size_t open_file_limit) {
    if (open_file_limit >= wanted + reserved_descriptors)
        return wanted;
    // Some connections are needed for /healthz and webhooks even under a tiny limit.
    return std::max<std::size_t>(
        8, open_file_limit > reserved_descriptors ? open_file_limit - reserved_descriptors : 0);
}

HttpServerOptions listener_options(config::Config const& config) {
    HttpServerOptions options;
    options.max_connections = config.http.max_connections;
    options.max_connections_per_address = config.http.max_connections_per_address;
    // Every source that receives callbacks checks its own limit; the listener admits the largest.
    for (auto const& [id, source] : config.sources)
        options.max_body_bytes = std::max(options.max_body_bytes, source.max_body_bytes);

    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY)
        return options;
    auto const needed = static_cast<rlim_t>(options.max_connections + reserved_descriptors);
    if (files.rlim_cur < needed && files.rlim_max > files.rlim_cur) {
        rlimit raised = files;
        raised.rlim_cur = std::min(needed, files.rlim_max);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            files = raised;
    }
    auto const fitted =
        fit_connections(options.max_connections, static_cast<std::size_t>(files.rlim_cur));
    if (fitted < options.max_connections) {
        spdlog::warn("http: the limit of {} open files leaves room for {} connections, not the "
                     "{} of http.max_connections; raise the limit (LimitNOFILE=, ulimit -n) or "
                     "lower http.max_connections",
                     files.rlim_cur, fitted, options.max_connections);
        options.max_connections = fitted;
        options.max_connections_per_address = std::min(options.max_connections_per_address, fitted);
    }
    return options;
}

void add_listener_metrics(MetricsRegistry& metrics, HttpServer const& server) {
    metrics.add_collector([&server](MetricsRegistry& scrape) {
        auto const stats = server.stats();
        scrape.gauge("switchboard_http_connections_open", "HTTP connections open now")
            .set(static_cast<double>(stats.open_connections));
        char const* const help = "HTTP connections and requests the listener turned away";
        auto count = [&](char const* reason, std::uint64_t value) {
            scrape
                .counter("switchboard_http_connections_rejected_total", help, {{"reason", reason}})
                .inc(static_cast<double>(value));
        };
        count("connection_limit", stats.refused_global_limit);
        count("address_limit", stats.refused_address_limit);
        count("out_of_descriptors", stats.refused_descriptors);
        count("evicted", stats.evicted);
        count("body_budget", stats.refused_body_budget);
        count("slow_event_stream", stats.dropped_slow_streams);
    });
}

} // namespace sb
