// SPDX-License-Identifier: Apache-2.0
// The API's dispatch: authentication first for every path below /api/v1/ (unknown ones too, so
// an anonymous caller learns nothing about what exists), then the route by its template.
#include "bot/api/api_routes.hpp"

#include "bot/api/api_router.hpp"
#include "bot/api/problem.hpp"

#include <spdlog/spdlog.h>

#include <set>

namespace sb {

RotaActor ApiCall::rota_actor() const {
    return RotaActor{principal.person, principal.via, principal.manager};
}

Actor ApiCall::item_actor() const {
    return Actor{principal.person, principal.via == "web" ? Via::web : Via::api};
}

Instant ApiCall::now() const {
    return api.core.clock.now();
}

std::string const& ApiCall::param(std::string const& name) const {
    static std::string const none;
    auto it = params.find(name);
    return it == params.end() ? none : it->second;
}

std::optional<std::string> ApiCall::query(std::string const& name) const {
    auto it = request.query.find(name);
    if (it == request.query.end())
        return std::nullopt;
    return it->second;
}

HttpResponse json_response(int status, nlohmann::json const& body) {
    HttpResponse response;
    response.status = status;
    response.body = body.dump();
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

HttpResponse list_response(ApiCall const& call, nlohmann::json items,
                           std::optional<std::int64_t> next_before_id) {
    auto response = json_response(
        200, {{"items", std::move(items)},
              {"next_cursor", next_before_id ? nlohmann::json(encode_cursor(*next_before_id))
                                             : nlohmann::json(nullptr)}});
    if (next_before_id)
        response.headers.emplace_back(
            "Link", next_link(call.request.path, call.request.query, *next_before_id));
    return response;
}

void ApiRoutes::add(std::string method, std::string path, Access access, ApiHandler handler) {
    m_routes.push_back(ApiRoute{std::move(method), std::move(path), access, std::move(handler)});
}

std::optional<std::map<std::string, std::string>> match_path(std::string const& path_template,
                                                             std::string const& path) {
    std::map<std::string, std::string> params;
    std::size_t t = 0;
    std::size_t p = 0;
    while (t < path_template.size() && p < path.size()) {
        if (path_template[t] == '{') {
            auto const close = path_template.find('}', t);
            auto const name = path_template.substr(t + 1, close - t - 1);
            auto const end = path.find('/', p);
            auto value = path.substr(p, end == std::string::npos ? std::string::npos : end - p);
            if (value.empty())
                return std::nullopt;
            params[name] = std::move(value);
            t = close + 1;
            p = end == std::string::npos ? path.size() : end;
            continue;
        }
        if (path_template[t] != path[p])
            return std::nullopt;
        ++t;
        ++p;
    }
    if (t != path_template.size() || p != path.size())
        return std::nullopt;
    return params;
}

ApiRoutes all_api_routes() {
    ApiRoutes routes;
    add_document_routes(routes);
    add_rota_routes(routes);
    add_entry_routes(routes);
    add_item_routes(routes);
    add_report_routes(routes);
    return routes;
}

std::vector<std::pair<std::string, std::string>> api_route_table() {
    std::vector<std::pair<std::string, std::string>> table;
    auto const routes = all_api_routes();
    for (auto const& route : routes.routes())
        table.emplace_back(route.method, route.path);
    return table;
}

namespace {

bool is_json_type(std::string const& content_type) {
    return content_type.empty() || content_type.find("application/json") != std::string::npos ||
           content_type.find("+json") != std::string::npos;
}

HttpResponse dispatch(ApiContext& api, std::vector<ApiRoute> const& routes,
                      HttpRequest const& request) {
    ApiRoute const* found = nullptr;
    std::map<std::string, std::string> params;
    std::set<std::string> allowed;
    // HEAD is a GET without the body; the server leaves the body out.
    auto const method = request.method == "HEAD" ? std::string("GET") : request.method;
    for (auto const& route : routes) {
        auto matched = match_path(route.path, request.path);
        if (!matched)
            continue;
        allowed.insert(route.method);
        if (route.method == method && found == nullptr) {
            found = &route;
            params = std::move(*matched);
        }
    }
    Principal principal;
    if (found == nullptr || found->access != Access::public_) {
        auto who = authenticate(api, request);
        if (!who)
            return problem(401, who.error().message);
        principal = std::move(*who);
    }
    if (allowed.empty())
        return problem(404, "there is no resource at " + request.path +
                                "; GET /api/v1/openapi.json lists them all");
    if (found == nullptr || found->access == Access::elsewhere) {
        std::string allow;
        for (auto const& method : allowed)
            allow += (allow.empty() ? "" : ", ") + method;
        auto response = problem(405, request.method + " is not allowed here; allowed: " + allow);
        response.headers.emplace_back("Allow", allow);
        return response;
    }
    if (found->access == Access::change && !principal.may_change)
        return problem(403, "the CSRF token is missing or wrong; reload the page", "X-CSRF-Token");
    if (!request.body.empty() && !is_json_type(request.header("Content-Type")))
        return problem(415, "send the body as application/json", "Content-Type");
    ApiCall call{api, request, std::move(principal), std::move(params)};
    try {
        return found->handler(call);
    } catch (std::exception const& error) {
        // A bug in one route must not end the daemon; the caller gets a plain 500.
        spdlog::error("api {} {} failed: {}", request.method, request.path, error.what());
        return problem(500, "something went wrong inside switchboard; the log says what");
    }
}

} // namespace

void add_api_routes(HttpRouter& router, ApiContext& api) {
    auto routes = std::make_shared<std::vector<ApiRoute>>(all_api_routes().routes());
    auto handler = [&api, routes](HttpRequest const& request, HttpResponder respond) {
        respond(dispatch(api, *routes, request));
    };
    for (char const* method : {"GET", "POST", "PUT", "PATCH", "DELETE"})
        router.add_route(method, "/api/v1/", handler);
}

} // namespace sb
