// SPDX-License-Identifier: Apache-2.0
// Test-only: prints the API's route table as JSON, for the check against the OpenAPI document.
#include "bot/api/api_routes.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    nlohmann::json routes = nlohmann::json::array();
    for (auto const& [method, path] : sb::api_route_table())
        routes.push_back({{"method", method}, {"path", path}});
    std::cout << routes.dump(2) << '\n';
    return 0;
}
