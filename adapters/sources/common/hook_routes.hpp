// SPDX-License-Identifier: Apache-2.0
// The routes of sources that receive HTTP callbacks, whatever their type: each source serves
// /hooks/<source id>, and the rest of /hooks/ answers 404.
#pragma once

#include "bot/ports/http.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace sb {

class MetricsRegistry;

inline constexpr std::string_view hook_path_prefix = "/hooks/";

// What a source makes of one request to its route; it answers at once.
using HookHandler = std::function<HttpResponse(HttpRequest const& request)>;

// Serves `method` /hooks/<source_id> with handle while *alive holds, and 503 once the source is
// gone (the server outlives it while shutting down). Adds the shared 404 for a POST below
// /hooks/ that no source serves, counted in metrics, so it is there whenever a receiving source
// is configured; a source's own exact route is longer and wins.
void add_hook_route(HttpRouter& router, MetricsRegistry& metrics, std::string method,
                    std::string const& source_id, std::shared_ptr<bool const> alive,
                    HookHandler handle);

} // namespace sb
