// SPDX-License-Identifier: Apache-2.0
// Path templates ("/api/v1/absences/{id}") over the HTTP router's prefix routes: the API's own
// dispatch, so that every path below /api/v1/ authenticates first and answers problem+json.
#pragma once

#include "bot/api/api_context.hpp"
#include "bot/api/api_input.hpp"
#include "bot/core/item_service.hpp"
#include "bot/core/rota_service.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb {

// One request as a route sees it: who asks, the path's parameters, the services.
struct ApiCall {
    ApiContext& api;
    HttpRequest const& request;
    Principal principal;
    std::map<std::string, std::string> params; // {id} → "42"

    RotaActor rota_actor() const;
    Actor item_actor() const;
    Instant now() const;
    std::string const& param(std::string const& name) const;
    // The query parameter, or nullopt when absent.
    std::optional<std::string> query(std::string const& name) const;
};

using ApiHandler = std::function<HttpResponse(ApiCall&)>;

enum class Access {
    public_,   // no authentication (the OpenAPI document)
    read,      // a signed-in person
    change,    // a signed-in person whose request may change things (CSRF token for sessions)
    elsewhere, // served by another part (session, events); listed for the route table only
};

struct ApiRoute {
    std::string method;
    std::string path; // the template as in the OpenAPI document
    Access access = Access::read;
    ApiHandler handler;
};

class ApiRoutes {
public:
    void add(std::string method, std::string path, Access access, ApiHandler handler);
    std::vector<ApiRoute> const& routes() const { return m_routes; }

private:
    std::vector<ApiRoute> m_routes;
};

// The parts of the API, one per file.
void add_rota_routes(ApiRoutes& routes);
void add_entry_routes(ApiRoutes& routes);
void add_item_routes(ApiRoutes& routes);
void add_report_routes(ApiRoutes& routes);
void add_document_routes(ApiRoutes& routes);

// A JSON answer.
HttpResponse json_response(int status, nlohmann::json const& body);
// {"items": [...], "next_cursor": …} with a Link header when there is a next page.
HttpResponse list_response(ApiCall const& call, nlohmann::json items,
                           std::optional<std::int64_t> next_before_id);

// Every route of the API, in a stable order.
ApiRoutes all_api_routes();

// Matches a path against a template; the parameters on success.
std::optional<std::map<std::string, std::string>> match_path(std::string const& path_template,
                                                             std::string const& path);

} // namespace sb
