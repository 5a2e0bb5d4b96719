// SPDX-License-Identifier: Apache-2.0
// authenticate(): bearer tokens, session cookies and the CSRF token that allows changes.
#include "auth_fixture.hpp"

using namespace std::chrono_literals;

namespace sb::test {
namespace {

HttpRequest with_headers(std::map<std::string, std::string, CaseLess> headers) {
    HttpRequest request;
    request.method = "GET";
    request.path = "/api/v1/session";
    request.headers = std::move(headers);
    return request;
}

constexpr char const* refusal = "sign in first: a valid API token or session is needed";

TEST_F(AuthTest, WithoutCredentialsTheRequestIsUnauthorized) {
    auto principal = authenticate(*m_api, with_headers({}));
    ASSERT_FALSE(principal.has_value());
    EXPECT_EQ(principal.error().code, ErrorCode::unauthorized);
    EXPECT_EQ(principal.error().message, refusal);
}

TEST_F(AuthTest, BearerTokenAuthenticatesItsPersonWhoMayChange) {
    auto token = m_auth->create_token("bob", "cli", now());
    ASSERT_TRUE(token.has_value());
    auto principal =
        authenticate(*m_api, with_headers({{"Authorization", "Bearer " + token->secret}}));
    ASSERT_TRUE(principal.has_value()) << principal.error().message;
    EXPECT_EQ(principal->person, "bob");
    EXPECT_EQ(principal->via, "api");
    EXPECT_TRUE(principal->may_change);
    EXPECT_FALSE(principal->manager);
    auto lower = authenticate(*m_api, with_headers({{"authorization", "bearer " + token->secret}}));
    EXPECT_TRUE(lower.has_value());
}

TEST_F(AuthTest, ManagerComesFromTheConfigRole) {
    auto token = m_auth->create_token("alice", "cli", now());
    ASSERT_TRUE(token.has_value());
    auto principal =
        authenticate(*m_api, with_headers({{"Authorization", "Bearer " + token->secret}}));
    ASSERT_TRUE(principal.has_value());
    EXPECT_TRUE(principal->manager);
}

TEST_F(AuthTest, RevokedOrWrongTokenIsRefusedWithTheSameMessage) {
    auto token = m_auth->create_token("bob", "cli", now());
    ASSERT_TRUE(token.has_value());
    ASSERT_TRUE(m_auth->revoke_tokens("bob", "", now()).has_value());
    for (auto const& header : {"Bearer " + token->secret, std::string("Bearer sbt_nope"),
                               std::string("Basic Ym9iOmJvYg=="), std::string("Bearer")}) {
        auto principal = authenticate(*m_api, with_headers({{"Authorization", header}}));
        ASSERT_FALSE(principal.has_value()) << header;
        EXPECT_EQ(principal.error().code, ErrorCode::unauthorized);
        EXPECT_EQ(principal.error().message, refusal);
    }
}

TEST_F(AuthTest, ABadTokenDoesNotFallBackToAValidCookie) {
    auto session = m_auth->create_session("bob", now(), 1h);
    ASSERT_TRUE(session.has_value());
    auto principal = authenticate(
        *m_api, with_headers({{"Authorization", "Bearer sbt_nope"},
                              {"Cookie", std::string("sb_session=") + session->cookie}}));
    EXPECT_FALSE(principal.has_value());
}

TEST_F(AuthTest, SessionCookieMayChangeOnlyWithItsCsrfToken) {
    auto session = m_auth->create_session("bob", now(), 1h);
    auto other = m_auth->create_session("alice", now(), 1h);
    ASSERT_TRUE(session.has_value() && other.has_value());
    auto cookie = "theme=dark; sb_session=" + session->cookie + "; x=y";

    auto plain = authenticate(*m_api, with_headers({{"Cookie", cookie}}));
    ASSERT_TRUE(plain.has_value()) << plain.error().message;
    EXPECT_EQ(plain->person, "bob");
    EXPECT_EQ(plain->via, "web");
    EXPECT_FALSE(plain->may_change);

    auto with_csrf = authenticate(
        *m_api, with_headers({{"Cookie", cookie}, {"X-CSRF-Token", session->session.csrf_token}}));
    ASSERT_TRUE(with_csrf.has_value());
    EXPECT_TRUE(with_csrf->may_change);

    auto someone_elses = authenticate(
        *m_api, with_headers({{"Cookie", cookie}, {"X-CSRF-Token", other->session.csrf_token}}));
    ASSERT_TRUE(someone_elses.has_value());
    EXPECT_FALSE(someone_elses->may_change);
}

TEST_F(AuthTest, ExpiredOrEndedSessionIsRefused) {
    auto session = m_auth->create_session("bob", now(), 1h);
    ASSERT_TRUE(session.has_value());
    auto cookie = "sb_session=" + session->cookie;
    advance(2h);
    EXPECT_FALSE(authenticate(*m_api, with_headers({{"Cookie", cookie}})).has_value());

    auto fresh = m_auth->create_session("bob", now(), 1h);
    ASSERT_TRUE(fresh.has_value());
    ASSERT_TRUE(m_auth->end_session(fresh->cookie, now()).has_value());
    EXPECT_FALSE(authenticate(*m_api, with_headers({{"Cookie", "sb_session=" + fresh->cookie}}))
                     .has_value());
}

TEST_F(AuthTest, PersonNoLongerInTheConfigIsRefused) {
    auto token = m_auth->create_token("zoe", "old", now());
    auto session = m_auth->create_session("zoe", now(), 1h);
    ASSERT_TRUE(token.has_value() && session.has_value());
    EXPECT_FALSE(authenticate(*m_api, with_headers({{"Authorization", "Bearer " + token->secret}}))
                     .has_value());
    EXPECT_FALSE(authenticate(*m_api, with_headers({{"Cookie", "sb_session=" + session->cookie}}))
                     .has_value());
}

} // namespace
} // namespace sb::test
