// SPDX-License-Identifier: Apache-2.0
// The REST API's resources under /api/v1 (see docs/api.md and /api/v1/openapi.json).
#pragma once

#include "bot/api/api_context.hpp"

#include <string>
#include <vector>

namespace sb {

void add_api_routes(HttpRouter& router, ApiContext& api);

// Every (method, path template) the API serves, as written in the OpenAPI document
// ("GET", "/api/v1/absences/{id}"); a test checks both agree.
std::vector<std::pair<std::string, std::string>> api_route_table();

} // namespace sb
