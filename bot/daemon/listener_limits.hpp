// SPDX-License-Identifier: Apache-2.0
// The HTTP listener's limits for a running daemon: from the config, fitted to the process's
// limit on open files, and exported to /metrics.
#pragma once

#include "bot/http/http_server.hpp"

#include <cstddef>

namespace sb {

class MetricsRegistry;

namespace config {
struct Config;
}

// Descriptors kept out of the listener's reach for the store, outbound posting and paging.
inline constexpr std::size_t reserved_descriptors = 128;

// Server options from the config. The largest body limit of any source sets the listener's body
// limit. When the open-file limit leaves fewer than max_connections plus the reserve, the soft
// limit is raised towards the hard one, and max_connections is lowered (with a warning) when
// that is not enough.
HttpServerOptions listener_options(config::Config const& config);

// Lowers max_connections to what open_file_limit leaves after the reserve; pure, for tests.
std::size_t fit_connections(std::size_t wanted, std::size_t open_file_limit);

// switchboard_http_connections_open and switchboard_http_connections_rejected_total{reason}.
void add_listener_metrics(MetricsRegistry& metrics, HttpServer const& server);

} // namespace sb
