// SPDX-License-Identifier: Apache-2.0
// The OpenAPI document, and the routes other parts serve below /api/v1 (listed so that the
// route table and the document can be compared).
#include "bot/api/api_router.hpp"
#include "bot/api/openapi_document.hpp"
#include "bot/api/problem.hpp"

namespace sb {
namespace {

HttpResponse get_document(ApiCall&) {
    HttpResponse response;
    response.status = 200;
    response.body = std::string(openapi_document());
    response.headers.emplace_back("Cache-Control", "public, max-age=300");
    return response;
}

HttpResponse served_elsewhere(ApiCall&) {
    return problem(500, "this route is served by the web routes");
}

} // namespace

void add_document_routes(ApiRoutes& routes) {
    routes.add("GET", "/api/v1/openapi.json", Access::public_, get_document);
    routes.add("GET", "/api/v1/session", Access::elsewhere, served_elsewhere);
    routes.add("GET", "/api/v1/events", Access::elsewhere, served_elsewhere);
}

} // namespace sb
