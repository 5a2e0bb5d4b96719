// SPDX-License-Identifier: Apache-2.0
// The web page's routes: its files, sign-in by a single-use link, sign-out, the session and the
// live event stream.
#include "bot/api/web_routes.hpp"

#include "base/hmac.hpp"
#include "base/text.hpp"
#include "bot/api/signin_pages.hpp"
#include "bot/api/web_files.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>

namespace sb {
namespace {

using nlohmann::json;

bool has_form_body(HttpRequest const& request) {
    auto type = request.header("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

bool served_over_tls(ApiContext const& api, HttpRequest const& request) {
    if (api.secure_cookies)
        return true;
    // A proxy in front terminates TLS; the first value is the one the browser used.
    auto proto = request.header("X-Forwarded-Proto");
    proto = proto.substr(0, proto.find(','));
    std::transform(proto.begin(), proto.end(), proto.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    proto.erase(std::remove(proto.begin(), proto.end(), ' '), proto.end());
    return proto == "https";
}

std::string session_cookie(std::string const& value, std::chrono::seconds max_age, bool secure) {
    std::string cookie =
        std::string(session_cookie_name) + "=" + value +
        "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age.count());
    if (secure)
        cookie += "; Secure";
    return cookie;
}

PageStyle style_for(ApiContext const& api, HttpRequest const& request) {
    PageStyle style;
    style.language = page_language(request.header("Accept-Language"));
    std::error_code ec;
    if (!api.web_dir.empty() &&
        std::filesystem::exists(std::filesystem::path(api.web_dir) / "style.css", ec))
        style.stylesheet = "/web/style.css";
    return style;
}

HttpResponse html(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.content_type = "text/html; charset=utf-8";
    response.body = std::move(body);
    // These pages carry a link secret or answer for one session: never cache them.
    response.headers.emplace_back("Cache-Control", "no-store");
    add_page_headers(response);
    return response;
}

HttpResponse see_other(std::string location) {
    HttpResponse response;
    response.status = 303;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "See " + location + "\n";
    response.headers.emplace_back("Location", std::move(location));
    response.headers.emplace_back("Cache-Control", "no-store");
    add_page_headers(response);
    return response;
}

char const* status_title(int status) {
    switch (status) {
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

// RFC 9457 problem details, as every error of /api/v1 is.
HttpResponse problem(int status, std::string const& detail) {
    HttpResponse response;
    response.status = status;
    response.content_type = "application/problem+json";
    response.body = json{
        {"type", "about:blank"},
        {"title", status_title(status)},
        {"status", status},
        {"detail",
         detail}}.dump(-1, ' ', false, json::error_handler_t::replace);
    response.headers.emplace_back("Cache-Control", "no-store");
    if (status == 401)
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"switchboard\"");
    return response;
}

bool in_layers(config::Team const& team, std::string const& person) {
    return std::any_of(team.layers.begin(), team.layers.end(), [&](auto const& layer) {
        return std::find(layer.members.begin(), layer.members.end(), person) != layer.members.end();
    });
}

std::vector<std::string> teams_of(config::Config const& config, std::string const& person) {
    std::vector<std::string> out;
    for (auto const& [id, team] : config.teams)
        if (in_layers(team, person))
            out.push_back(id);
    return out;
}

// A manager manages the teams whose layers list them, or every team when they are in none.
std::vector<std::string> managed_teams(config::Config const& config, std::string const& person) {
    auto it = config.people.find(person);
    if (it == config.people.end() || it->second.role != config::Role::manager)
        return {};
    auto teams = teams_of(config, person);
    if (!teams.empty())
        return teams;
    for (auto const& [id, team] : config.teams)
        teams.push_back(id);
    return teams;
}

json session_json(ApiContext& api, Principal const& principal, HttpRequest const& request) {
    auto const& config = api.core.config;
    auto const& person = config.people.at(principal.person);
    json csrf = nullptr;
    if (principal.via == "web") {
        // authenticate() accepted this cookie a moment ago; its CSRF token is read again here
        // because a Principal deliberately does not carry secrets around.
        if (auto session = api.auth.check_session(cookie_value(request, session_cookie_name),
                                                  api.core.clock.now()))
            csrf = session->csrf_token;
    }
    return json{{"person", principal.person},
                {"name", person.name.empty() ? principal.person : person.name},
                {"role", principal.manager ? "manager" : "member"},
                {"via", principal.via},
                {"csrf_token", csrf},
                {"teams", teams_of(config, principal.person)},
                {"managed_teams", managed_teams(config, principal.person)}};
}

void sign_in(ApiContext& api, HttpRequest const& request, HttpResponder const& respond) {
    auto const style = style_for(api, request);
    auto refuse = [&] { respond(html(401, signin_refused_page(style))); };
    if (!has_form_body(request)) {
        refuse();
        return;
    }
    auto const fields = parse_form(request.body);
    auto const secret = fields.find("t");
    if (secret == fields.end()) {
        refuse();
        return;
    }
    auto const now = api.core.clock.now();
    auto person = api.auth.redeem_signin_link(secret->second, now);
    if (!person) {
        if (person.error().code == ErrorCode::unavailable) {
            respond(html(503, signin_help_page(style)));
            return;
        }
        spdlog::info("web: a sign-in with an unknown, used or expired link from {} was refused",
                     request.remote_address);
        refuse();
        return;
    }
    if (!api.core.config.people.contains(*person)) {
        spdlog::warn("web: sign-in link of '{}', who is no longer in the config, refused", *person);
        refuse();
        return;
    }
    auto session = api.auth.create_session(*person, now, api.session_lifetime);
    if (!session) {
        respond(html(503, signin_help_page(style)));
        return;
    }
    spdlog::info("web: {} signed in (session {})", *person, session->session.id);
    auto response = see_other("/web/");
    response.headers.emplace_back(
        "Set-Cookie",
        session_cookie(session->cookie, api.session_lifetime, served_over_tls(api, request)));
    respond(std::move(response));
}

void sign_out(ApiContext& api, HttpRequest const& request, HttpResponder const& respond) {
    auto const style = style_for(api, request);
    auto const now = api.core.clock.now();
    auto const cookie = cookie_value(request, session_cookie_name);
    auto clear_cookie = session_cookie("", std::chrono::seconds(0), served_over_tls(api, request));
    auto session = api.auth.check_session(cookie, now);
    if (!session) {
        auto response = html(401, signin_help_page(style));
        response.headers.emplace_back("Set-Cookie", clear_cookie);
        respond(std::move(response));
        return;
    }
    // Signing out is a change too: another site must not be able to end the session.
    auto sent = request.header("X-CSRF-Token");
    if (sent.empty() && has_form_body(request)) {
        auto const fields = parse_form(request.body);
        if (auto it = fields.find("csrf_token"); it != fields.end())
            sent = it->second;
    }
    if (sent.empty() || !constant_time_equal(sent, session->csrf_token)) {
        auto response = HttpResponse::text(
            403, "Signing out needs the page's CSRF token; reload the page and try again.\n");
        add_page_headers(response);
        respond(std::move(response));
        return;
    }
    if (auto ended = api.auth.end_session(cookie, now); !ended) {
        respond(html(503, signin_help_page(style)));
        return;
    }
    spdlog::info("web: {} signed out (session {})", session->person, session->id);
    auto response = see_other("/web/signedout");
    response.headers.emplace_back("Set-Cookie", clear_cookie);
    respond(std::move(response));
}

} // namespace

void add_web_routes(HttpRouter& router, ApiContext& api) {
    router.add_route(
        "GET", "/", [](HttpRequest const&, HttpResponder respond) { respond(see_other("/web/")); });
    router.add_route("GET", "/web", [](HttpRequest const&, HttpResponder respond) {
        respond(see_other("/web/"));
    });
    router.add_route("GET", "/web/", [&api](HttpRequest const& request, HttpResponder respond) {
        respond(serve_web_file(api.web_dir, std::string_view(request.path).substr(5)));
    });
    router.add_route("GET", "/web/signin",
                     [&api](HttpRequest const& request, HttpResponder respond) {
                         auto const style = style_for(api, request);
                         auto const secret = request.query.find("t");
                         if (secret == request.query.end() || secret->second.empty()) {
                             respond(html(200, signin_help_page(style)));
                             return;
                         }
                         respond(html(200, signin_form_page(style, secret->second)));
                     });
    router.add_route("POST", "/web/signin",
                     [&api](HttpRequest const& request, HttpResponder respond) {
                         sign_in(api, request, respond);
                     });
    router.add_route("GET", "/web/signedout",
                     [&api](HttpRequest const& request, HttpResponder respond) {
                         respond(html(200, signed_out_page(style_for(api, request))));
                     });
    router.add_route("POST", "/web/signout",
                     [&api](HttpRequest const& request, HttpResponder respond) {
                         sign_out(api, request, respond);
                     });
    router.add_route(
        "GET", "/api/v1/session", [&api](HttpRequest const& request, HttpResponder respond) {
            auto principal = authenticate(api, request);
            if (!principal) {
                respond(problem(401, principal.error().message));
                return;
            }
            auto response =
                HttpResponse::json(200, session_json(api, *principal, request)
                                            .dump(-1, ' ', false, json::error_handler_t::replace));
            response.headers.emplace_back("Cache-Control", "no-store");
            respond(std::move(response));
        });
    router.add_route("GET", "/api/v1/events",
                     [&api](HttpRequest const& request, HttpResponder respond) {
                         auto principal = authenticate(api, request);
                         if (!principal) {
                             respond(problem(401, principal.error().message));
                             return;
                         }
                         respond(api.live.subscribe());
                     });
}

Result<std::string> signin_link(ApiContext& api, std::string const& person) {
    if (!api.core.config.people.contains(person))
        return unexpected(ErrorCode::not_found, "there is no person '" + person + "'", "person");
    if (api.web_dir.empty())
        return unexpected(ErrorCode::unavailable,
                          "this switchboard does not serve the web page (it found no page "
                          "files; see --web-dir)");
    if (api.core.base_url.empty())
        return unexpected(ErrorCode::unavailable,
                          "this switchboard does not know its own address yet; set public_url");
    auto secret =
        api.auth.create_signin_link(person, api.core.clock.now(), api.signin_link_lifetime);
    if (!secret)
        return unexpected(secret.error());
    return api.core.base_url + "/web/signin?t=" + *secret;
}

} // namespace sb
