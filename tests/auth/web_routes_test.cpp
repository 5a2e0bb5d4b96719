// SPDX-License-Identifier: Apache-2.0
// The page's routes: files and their headers, sign-in by link, the session and sign-out.
#include "auth_fixture.hpp"

#include <nlohmann/json.hpp>

using namespace std::chrono_literals;

namespace sb::test {
namespace {

std::string secret_of(std::string const& link) {
    auto at = link.find("?t=");
    return at == std::string::npos ? std::string() : link.substr(at + 3);
}

// The cookie's value from a Set-Cookie header.
std::string cookie_from(std::string const& set_cookie) {
    auto start = set_cookie.find('=');
    auto end = set_cookie.find(';');
    if (start == std::string::npos)
        return {};
    return set_cookie.substr(start + 1, end - start - 1);
}

void expect_page_headers(HttpResponse const& response) {
    EXPECT_EQ(header_of(response, "Content-Security-Policy"),
              "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    EXPECT_EQ(header_of(response, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(header_of(response, "Referrer-Policy"), "no-referrer");
}

class WebRoutesTest : public AuthTest {
protected:
    // Signs bob in through a link; returns the Set-Cookie header.
    std::string sign_in(std::string const& person = "bob",
                        std::map<std::string, std::string, CaseLess> headers = {}) {
        auto link = signin_link(*m_api, person);
        EXPECT_TRUE(link.has_value());
        auto response = post_form("/web/signin", "t=" + secret_of(link.value_or("")), headers);
        EXPECT_EQ(response.status, 303) << response.body;
        return header_of(response, "Set-Cookie");
    }
};

TEST_F(WebRoutesTest, RootAndWebRedirectToThePage) {
    for (auto const* path : {"/", "/web"}) {
        auto response = get(path);
        EXPECT_EQ(response.status, 303) << path;
        EXPECT_EQ(header_of(response, "Location"), "/web/");
    }
}

TEST_F(WebRoutesTest, ServesThePageFilesWithTheirTypeAndSecurityHeaders) {
    auto index = get("/web/");
    EXPECT_EQ(index.status, 200);
    EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
    EXPECT_NE(index.body.find("<title>page</title>"), std::string::npos);
    expect_page_headers(index);
    auto script = get("/web/app.js");
    EXPECT_EQ(script.status, 200);
    EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
    expect_page_headers(script);
    auto style = get("/web/style.css");
    EXPECT_EQ(style.status, 200);
    EXPECT_EQ(style.content_type, "text/css; charset=utf-8");
}

TEST_F(WebRoutesTest, PathsThatCouldLeaveThePageFolderAnswer404) {
    std::filesystem::create_directories(m_dir / "web" / "sub");
    std::filesystem::create_symlink(m_dir / "secret.txt", m_dir / "web" / "sub" / "link.txt");
    for (std::string path : std::vector<std::string>{
             "/web/../secret.txt", "/web/%2e%2e/secret.txt", "/web/sub/../../x.txt",
             "/web/..%2fsecret.txt", std::string("/web/app.js\0.html", 18), "/web/.hidden.js",
             "/web/sub/link.txt", "/web/missing.js", "/web/index.exe", "/web//etc/passwd.txt",
             "/web/a\\b.js"}) {
        auto response = get(path);
        EXPECT_EQ(response.status, 404) << path;
        EXPECT_EQ(response.body.find("outside the page"), std::string::npos) << path;
        expect_page_headers(response);
    }
}

TEST_F(WebRoutesTest, WithoutPageFilesThePageAnswers404WithAReason) {
    m_api->web_dir.clear();
    auto response = get("/web/");
    EXPECT_EQ(response.status, 404);
    EXPECT_NE(response.body.find("--web-dir"), std::string::npos);
    EXPECT_FALSE(signin_link(*m_api, "bob").has_value());
}

TEST_F(WebRoutesTest, SigninLinkPointsAtTheBaseUrl) {
    auto link = signin_link(*m_api, "bob");
    ASSERT_TRUE(link.has_value());
    EXPECT_EQ(link->rfind("https://sb.example.org/web/signin?t=", 0), 0U) << *link;
    EXPECT_FALSE(signin_link(*m_api, "nobody").has_value());
}

TEST_F(WebRoutesTest, OpeningTheLinkShowsAFormAndDoesNotUseTheLinkUp) {
    auto link = signin_link(*m_api, "bob");
    ASSERT_TRUE(link.has_value());
    auto secret = secret_of(*link);
    HttpRequest request;
    request.method = "GET";
    request.path = "/web/signin";
    request.query["t"] = secret;
    for (int preview = 0; preview < 3; ++preview) {
        auto page = call(request);
        EXPECT_EQ(page.status, 200);
        EXPECT_NE(page.body.find("method=\"post\" action=\"/web/signin\""), std::string::npos);
        EXPECT_NE(page.body.find("name=\"t\" value=\"" + secret + "\""), std::string::npos);
        EXPECT_NE(page.body.find(">Sign in</button>"), std::string::npos);
        EXPECT_EQ(page.body.find("style="), std::string::npos) << "inline style breaks the CSP";
        EXPECT_EQ(page.body.find("<script"), std::string::npos);
        EXPECT_EQ(header_of(page, "Cache-Control"), "no-store");
        expect_page_headers(page);
    }
    auto response = post_form("/web/signin", "t=" + secret);
    EXPECT_EQ(response.status, 303);
}

TEST_F(WebRoutesTest, TheSigninPageSpeaksGermanToAGermanBrowser) {
    HttpRequest request;
    request.method = "GET";
    request.path = "/web/signin";
    request.query["t"] = "abc";
    request.headers.emplace("Accept-Language", "de-DE,de;q=0.9,en;q=0.8");
    auto page = call(request);
    EXPECT_NE(page.body.find("lang=\"de\""), std::string::npos);
    EXPECT_NE(page.body.find(">Anmelden</button>"), std::string::npos);
    request.headers["Accept-Language"] = "en-GB,de;q=0.5";
    EXPECT_NE(call(request).body.find(">Sign in</button>"), std::string::npos);
}

TEST_F(WebRoutesTest, PostingTheLinkStartsASessionWithAStrictHttpOnlyCookie) {
    auto set_cookie = sign_in();
    EXPECT_EQ(set_cookie.rfind("sb_session=", 0), 0U) << set_cookie;
    EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos);
    EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos);
    EXPECT_NE(set_cookie.find("; Max-Age=43200"), std::string::npos);
    EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);
    auto cookie = cookie_from(set_cookie);
    ASSERT_FALSE(cookie.empty());
    auto session = m_auth->check_session(cookie, now());
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->person, "bob");
}

TEST_F(WebRoutesTest, CookieIsSecureBehindATlsProxyOrWhenConfigured) {
    EXPECT_NE(sign_in("bob", {{"X-Forwarded-Proto", "https"}}).find("; Secure"), std::string::npos);
    m_api->secure_cookies = true;
    EXPECT_NE(sign_in().find("; Secure"), std::string::npos);
}

TEST_F(WebRoutesTest, AReplayedOrExpiredLinkIsRefusedWithAPageSayingWhatToDo) {
    auto link = signin_link(*m_api, "bob");
    ASSERT_TRUE(link.has_value());
    auto body = "t=" + secret_of(*link);
    ASSERT_EQ(post_form("/web/signin", body).status, 303);
    auto replay = post_form("/web/signin", body);
    EXPECT_EQ(replay.status, 401);
    EXPECT_TRUE(header_of(replay, "Set-Cookie").empty());
    EXPECT_NE(replay.body.find("already used or has expired"), std::string::npos);
    EXPECT_NE(replay.body.find("<code>web</code>"), std::string::npos);

    auto late = signin_link(*m_api, "bob");
    ASSERT_TRUE(late.has_value());
    advance(11min);
    EXPECT_EQ(post_form("/web/signin", "t=" + secret_of(*late)).status, 401);
    EXPECT_EQ(post_form("/web/signin", "t=").status, 401);
    EXPECT_EQ(post_form("/web/signin", "").status, 401);
}

TEST_F(WebRoutesTest, SessionDescribesThePersonTheirTeamsAndTheCsrfToken) {
    auto cookie = cookie_from(sign_in("alice"));
    auto response = get("/api/v1/session", {{"Cookie", "sb_session=" + cookie}});
    ASSERT_EQ(response.status, 200) << response.body;
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["person"], "alice");
    EXPECT_EQ(body["name"], "Alice");
    EXPECT_EQ(body["role"], "manager");
    EXPECT_EQ(body["via"], "web");
    EXPECT_EQ(body["csrf_token"], m_auth->check_session(cookie, now())->csrf_token);
    EXPECT_EQ(body["teams"], nlohmann::json::array());
    EXPECT_EQ(body["managed_teams"], nlohmann::json::array({"care"}));
    EXPECT_EQ(header_of(response, "Cache-Control"), "no-store");
}

TEST_F(WebRoutesTest, SessionByTokenHasNoCsrfToken) {
    auto token = m_auth->create_token("bob", "cli", now());
    ASSERT_TRUE(token.has_value());
    auto response = get("/api/v1/session", {{"Authorization", "Bearer " + token->secret}});
    ASSERT_EQ(response.status, 200);
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["via"], "api");
    EXPECT_TRUE(body["csrf_token"].is_null());
    EXPECT_EQ(body["role"], "member");
    EXPECT_EQ(body["teams"], nlohmann::json::array({"care"}));
    EXPECT_EQ(body["managed_teams"], nlohmann::json::array());
}

TEST_F(WebRoutesTest, WithoutCredentialsSessionAndEventsAnswer401ProblemJson) {
    for (auto const* path : {"/api/v1/session", "/api/v1/events"}) {
        auto response = get(path);
        EXPECT_EQ(response.status, 401) << path;
        EXPECT_EQ(response.content_type, "application/problem+json");
        auto body = nlohmann::json::parse(response.body);
        EXPECT_EQ(body["status"], 401);
        EXPECT_EQ(body["detail"], "sign in first: a valid API token or session is needed");
    }
}

TEST_F(WebRoutesTest, EventsOpenAStreamForASignedInPage) {
    auto cookie = cookie_from(sign_in());
    auto response = get("/api/v1/events", {{"Cookie", "sb_session=" + cookie}});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "text/event-stream");
    EXPECT_TRUE(static_cast<bool>(response.stream));
}

TEST_F(WebRoutesTest, SignOutNeedsTheCsrfTokenAndThenEndsTheSession) {
    auto cookie = cookie_from(sign_in());
    auto csrf = m_auth->check_session(cookie, now())->csrf_token;
    std::map<std::string, std::string, CaseLess> headers{{"Cookie", "sb_session=" + cookie}};

    auto refused = post_form("/web/signout", "", headers);
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(m_auth->check_session(cookie, now()).has_value());
    EXPECT_EQ(post_form("/web/signout", "csrf_token=wrong", headers).status, 403);
    EXPECT_TRUE(m_auth->check_session(cookie, now()).has_value());

    auto done = post_form("/web/signout", "csrf_token=" + csrf, headers);
    EXPECT_EQ(done.status, 303);
    EXPECT_EQ(header_of(done, "Location"), "/web/signedout");
    EXPECT_NE(header_of(done, "Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_FALSE(m_auth->check_session(cookie, now()).has_value());
    EXPECT_EQ(get("/api/v1/session", headers).status, 401);
    EXPECT_EQ(get("/web/signedout").status, 200);
}

TEST_F(WebRoutesTest, SignOutAcceptsTheCsrfHeader) {
    auto cookie = cookie_from(sign_in());
    auto csrf = m_auth->check_session(cookie, now())->csrf_token;
    HttpRequest request;
    request.method = "POST";
    request.path = "/web/signout";
    request.headers = {{"Cookie", "sb_session=" + cookie}, {"X-CSRF-Token", csrf}};
    EXPECT_EQ(call(request).status, 303);
    EXPECT_FALSE(m_auth->check_session(cookie, now()).has_value());
}

} // namespace
} // namespace sb::test
