// SPDX-License-Identifier: Apache-2.0
// Sign-in by chat link, session cookies, CSRF, tokens and roles, over real HTTP against the
// real binary: what an attacker with a browser or a stolen link would try.
#include "daemon_fixture.hpp"

#include <regex>

namespace sb::test {
namespace {

using nlohmann::json;

HeaderList json_headers(HeaderList more = {}) {
    more.emplace_back("Content-Type", "application/json");
    return more;
}

std::string absence_body(std::string const& person) {
    return json{{"person", person},
                {"reason", "vacation"},
                {"start", "2027-03-01T09:00:00+01:00"},
                {"end", "2027-03-05T17:00:00+01:00"}}
        .dump();
}

class ApiSecurityTest : public SecurityTest {
protected:
    json absences(std::string const& person, HeaderList const& credentials) {
        auto listed = request("GET", "/api/v1/absences?person=" + person, {}, credentials);
        EXPECT_EQ(listed.status, 200) << listed.body;
        if (listed.status != 200)
            return json::array();
        return json::parse(listed.body).value("items", json::array());
    }
    std::string token_for(std::string const& person, std::string const& label) {
        auto reply = type(person, "token create " + label);
        std::smatch match;
        static std::regex const token(R"(sbt_[0-9a-f]+)");
        if (!std::regex_search(reply, match, token)) {
            ADD_FAILURE() << "no token in: " << reply;
            return {};
        }
        return match[0].str();
    }
};

TEST_F(ApiSecurityTest, ChatLinkShowsAFormAndThePostStartsAStrictHttpOnlySession) {
    start();
    auto link = signin_link("bob");
    ASSERT_FALSE(link.empty()) << m_process->stdout_text();
    EXPECT_EQ(link.rfind("http://127.0.0.1:" + std::to_string(m_port) + "/web/signin?t=", 0), 0U)
        << link;

    // A chat client fetching the link for a preview must not use it up.
    for (int preview = 0; preview < 2; ++preview) {
        auto page = request("GET", link.substr(link.find("/web/signin")));
        ASSERT_EQ(page.status, 200) << page.body;
        EXPECT_NE(page.body.find("<form method=\"post\" action=\"/web/signin\">"),
                  std::string::npos);
        EXPECT_NE(page.body.find("Sign in"), std::string::npos);
        EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'self'"),
                  std::string::npos);
        EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
    }

    auto form = HeaderList{{"Content-Type", "application/x-www-form-urlencoded"}};
    auto signed_in = request("POST", "/web/signin", "t=" + secret_of(link), form);
    ASSERT_EQ(signed_in.status, 303) << signed_in.body;
    EXPECT_EQ(signed_in.header("Location"), "/web/");
    auto set_cookie = signed_in.header("Set-Cookie");
    EXPECT_EQ(set_cookie.rfind("sb_session=", 0), 0U) << set_cookie;
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
    // The secret never reaches the log.
    EXPECT_EQ(m_process->stderr_text().find(secret_of(link)), std::string::npos);

    auto replay = request("POST", "/web/signin", "t=" + secret_of(link), form);
    EXPECT_EQ(replay.status, 401);
    EXPECT_TRUE(replay.header("Set-Cookie").empty());
    EXPECT_NE(replay.body.find("already used or has expired"), std::string::npos);

    auto cookie = set_cookie.substr(11, set_cookie.find(';') - 11);
    auto session = request("GET", "/api/v1/session", {}, {{"Cookie", "sb_session=" + cookie}});
    ASSERT_EQ(session.status, 200) << session.body;
    auto body = json::parse(session.body);
    EXPECT_EQ(body["person"], "bob");
    EXPECT_EQ(body["role"], "member");
    EXPECT_EQ(body["via"], "web");
    EXPECT_TRUE(body["csrf_token"].is_string());
    EXPECT_EQ(body["teams"], json::array({"care"}));
}

TEST_F(ApiSecurityTest, WithoutCredentialsEverythingAnswers401) {
    start();
    for (auto const& target : {"/api/v1/session", "/api/v1/events", "/api/v1/absences",
                               "/api/v1/teams", "/api/v1/no-such-thing"}) {
        auto response = request("GET", target);
        EXPECT_EQ(response.status, 401) << target << " " << response.body;
    }
    auto forged = request("GET", "/api/v1/session", {}, {{"Cookie", "sb_session=0123abcd"}});
    EXPECT_EQ(forged.status, 401);
    auto change = request("POST", "/api/v1/absences", absence_body("bob"), json_headers());
    EXPECT_EQ(change.status, 401) << change.body;
}

TEST_F(ApiSecurityTest, AChangeWithTheCookieButWithoutTheCsrfTokenIsRefused) {
    start();
    auto cookie = sign_in("bob");
    ASSERT_FALSE(cookie.empty());
    auto csrf = csrf_of(cookie);
    ASSERT_FALSE(csrf.empty());
    HeaderList with_cookie{{"Cookie", "sb_session=" + cookie}};

    auto forged =
        request("POST", "/api/v1/absences", absence_body("bob"), json_headers(with_cookie));
    EXPECT_EQ(forged.status, 403) << forged.body;
    auto wrong = with_cookie;
    wrong.emplace_back("X-CSRF-Token", "not-the-token");
    EXPECT_EQ(request("POST", "/api/v1/absences", absence_body("bob"), json_headers(wrong)).status,
              403);
    EXPECT_TRUE(absences("bob", with_cookie).empty());

    // The same request with the token goes through, so the refusals above were about CSRF.
    auto allowed = with_cookie;
    allowed.emplace_back("X-CSRF-Token", csrf);
    auto created = request("POST", "/api/v1/absences", absence_body("bob"), json_headers(allowed));
    EXPECT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(absences("bob", with_cookie).size(), 1U);
}

TEST_F(ApiSecurityTest, AfterSignOutTheOldCookieIsRefused) {
    start();
    auto cookie = sign_in("bob");
    auto csrf = csrf_of(cookie);
    HeaderList with_cookie{{"Cookie", "sb_session=" + cookie}};
    auto form = with_cookie;
    form.emplace_back("Content-Type", "application/x-www-form-urlencoded");

    EXPECT_EQ(request("POST", "/web/signout", "", form).status, 403);
    EXPECT_EQ(request("GET", "/api/v1/session", {}, with_cookie).status, 200);

    auto out = request("POST", "/web/signout", "csrf_token=" + csrf, form);
    EXPECT_EQ(out.status, 303) << out.body;
    EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(request("GET", "/api/v1/session", {}, with_cookie).status, 401);
    EXPECT_EQ(request("GET", "/api/v1/absences", {}, with_cookie).status, 401);
}

TEST_F(ApiSecurityTest, ATokenWorksUntilItIsRevoked) {
    start();
    auto token = token_for("bob", "laptop");
    ASSERT_FALSE(token.empty());
    EXPECT_EQ(m_process->stderr_text().find(token), std::string::npos) << "a token was logged";
    HeaderList bearer{{"Authorization", "Bearer " + token}};
    auto session = request("GET", "/api/v1/session", {}, bearer);
    ASSERT_EQ(session.status, 200) << session.body;
    EXPECT_EQ(json::parse(session.body)["via"], "api");
    EXPECT_TRUE(json::parse(session.body)["csrf_token"].is_null());

    auto reply = type("bob", "token revoke laptop");
    EXPECT_NE(reply.find("Revoked your token 'laptop'"), std::string::npos) << reply;
    EXPECT_EQ(request("GET", "/api/v1/session", {}, bearer).status, 401);
    EXPECT_EQ(request("GET", "/api/v1/absences", {}, bearer).status, 401);
}

TEST_F(ApiSecurityTest, AMemberChangingAnotherPersonsAbsenceIsRefusedAndNothingChanges) {
    start();
    auto alice = token_for("alice", "admin");
    auto bob = token_for("bob", "mine");
    ASSERT_FALSE(alice.empty());
    ASSERT_FALSE(bob.empty());
    HeaderList as_alice{{"Authorization", "Bearer " + alice}};
    HeaderList as_bob{{"Authorization", "Bearer " + bob}};

    auto created =
        request("POST", "/api/v1/absences", absence_body("alice"), json_headers(as_alice));
    ASSERT_EQ(created.status, 201) << created.body;
    auto absence = json::parse(created.body);
    auto etag = created.header("ETag");
    ASSERT_FALSE(etag.empty());
    auto path = "/api/v1/absences/" + std::to_string(absence["id"].get<long>());

    auto for_alice =
        request("POST", "/api/v1/absences", absence_body("alice"), json_headers(as_bob));
    EXPECT_EQ(for_alice.status, 403) << for_alice.body;

    auto with_match = as_bob;
    with_match.emplace_back("If-Match", etag);
    auto patch = request("PATCH", path, json{{"reason", "sick"}}.dump(), json_headers(with_match));
    EXPECT_EQ(patch.status, 403) << patch.body;
    auto removal = request("DELETE", path, {}, with_match);
    EXPECT_EQ(removal.status, 403) << removal.body;

    auto listed = absences("alice", as_bob);
    ASSERT_EQ(listed.size(), 1U) << listed.dump();
    EXPECT_EQ(listed[0]["reason"], "vacation");
    EXPECT_EQ(listed[0]["version"], absence["version"]);
    EXPECT_EQ(listed[0]["state"], absence["state"]);
}

TEST_F(ApiSecurityTest, TheTokenIsOnlyShownInADirectConversationAndNeverByOutbox) {
    start();
    auto token = token_for("carol", "phone");
    ASSERT_FALSE(token.empty());
    EXPECT_EQ(m_process->stdout_text().find("[DM to carol]"), std::string::npos)
        << "the token must be the command's answer, not a queued message";
}

} // namespace
} // namespace sb::test
