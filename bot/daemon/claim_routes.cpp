// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/claim_routes.hpp"

#include "base/language.hpp"
#include "base/text.hpp"
#include "bot/core/pager.hpp"

namespace sb {
namespace {

// A small page that reads well on a phone; a button (a POST) rather than the link itself
// claims, so that link previews and scanners that fetch URLs never claim by accident.
HttpResponse page(ClaimLinkOutcome const& outcome, std::string const& path, bool ask) {
    std::string body =
        "<!doctype html><html lang=\"" + std::string(language_code(outcome.language)) +
        "\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>" +
        html_escape(outcome.title) +
        " · switchboard</title>"
        "<style>body{font:18px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:32rem;"
        "padding:0 1rem}button{font-size:1.2rem;padding:.8rem 1.6rem}</style></head><body>"
        "<h1>" +
        html_escape(outcome.title) + "</h1><p>" + html_escape(outcome.message) + "</p>";
    if (ask)
        body += "<form method=\"post\" action=\"" + html_escape(path) +
                "\"><button type=\"submit\">" +
                html_escape(std::string(words(outcome.language, "Claim"))) + "</button></form>";
    body += "</body></html>";
    HttpResponse response;
    response.status = outcome.status;
    response.content_type = "text/html; charset=utf-8";
    response.headers = {{"Cache-Control", "no-store"}, {"Referrer-Policy", "no-referrer"}};
    response.body = std::move(body);
    return response;
}

} // namespace

void add_claim_routes(HttpRouter& router, Pager& pager) {
    auto handle = [&pager](bool confirm) {
        return [&pager, confirm](HttpRequest const& request, HttpResponder respond) {
            auto token = request.path.substr(std::string_view("/claim/").size());
            auto outcome = pager.use_link(token, confirm);
            bool ask = !confirm && outcome.status == 200;
            respond(page(outcome, request.path, ask));
        };
    };
    router.add_route("GET", "/claim/", handle(false));
    router.add_route("POST", "/claim/", handle(true));
}

} // namespace sb
