// SPDX-License-Identifier: Apache-2.0
// Tokens, sign-in links and sessions: single use, expiry, revocation, and only hashes stored.
#include "auth_fixture.hpp"
#include "tests/support/store_access.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace std::chrono_literals;

namespace sb::test {
namespace {

// How many rows of a table hold this text in any of the named columns.
int rows_containing(Store& store, std::string const& table, std::string const& column,
                    std::string const& text) {
    SQLite::Statement q(StoreAccessForTest::connection(store),
                        "SELECT COUNT(*) FROM " + table + " WHERE instr(" + column + ", ?) > 0");
    q.bind(1, text);
    q.executeStep();
    return q.getColumn(0).getInt();
}

TEST_F(AuthTest, TokenIsShownOnceAndStoredOnlyAsItsHash) {
    auto created = m_auth->create_token("bob", "laptop", now());
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_EQ(created->secret.rfind("sbt_", 0), 0U);
    EXPECT_GE(created->secret.size(), 40U);
    EXPECT_EQ(created->token.label, "laptop");
    EXPECT_EQ(rows_containing(*m_store, "api_tokens", "hash || label || person",
                              created->secret.substr(4)),
              0);
    auto checked = m_auth->check_token(created->secret, now());
    ASSERT_TRUE(checked.has_value());
    EXPECT_EQ(checked->person, "bob");
    EXPECT_EQ(checked->last_used_at, now());
}

TEST_F(AuthTest, TokenOfAnotherShapeOrAlteredIsRefused) {
    auto created = m_auth->create_token("bob", "laptop", now());
    ASSERT_TRUE(created.has_value());
    auto altered = created->secret;
    altered.back() = altered.back() == '0' ? '1' : '0';
    EXPECT_FALSE(m_auth->check_token(altered, now()));
    EXPECT_FALSE(m_auth->check_token(created->secret.substr(4), now()));
    EXPECT_FALSE(m_auth->check_token("", now()));
    EXPECT_FALSE(m_auth->check_token("sbt_", now()));
}

TEST_F(AuthTest, RevokedTokenNoLongerAuthenticates) {
    auto created = m_auth->create_token("bob", "laptop", now());
    ASSERT_TRUE(created.has_value());
    auto revoked = m_auth->revoke_tokens("bob", "laptop", now());
    ASSERT_TRUE(revoked.has_value());
    EXPECT_EQ(*revoked, 1);
    EXPECT_FALSE(m_auth->check_token(created->secret, now()));
    auto listed = m_auth->tokens("bob").value();
    ASSERT_EQ(listed.size(), 1U);
    EXPECT_EQ(listed[0].revoked_at, now());
}

TEST_F(AuthTest, RevokingByIdEndsOnlyThatToken) {
    auto first = m_auth->create_token("bob", "one", now());
    auto second = m_auth->create_token("bob", "two", now());
    ASSERT_TRUE(first.has_value() && second.has_value());
    ASSERT_TRUE(m_auth->revoke_token(first->token.id, now()).has_value());
    EXPECT_FALSE(m_auth->check_token(first->secret, now()));
    EXPECT_TRUE(m_auth->check_token(second->secret, now()));
    auto again = m_auth->revoke_token(first->token.id, now());
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::not_found);
}

TEST_F(AuthTest, LabelIsUniquePerPersonAmongUnrevokedTokens) {
    ASSERT_TRUE(m_auth->create_token("bob", "laptop", now()).has_value());
    auto twice = m_auth->create_token("bob", "laptop", now());
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::conflict);
    EXPECT_EQ(twice.error().context, "label");
    EXPECT_TRUE(m_auth->create_token("alice", "laptop", now()).has_value());
    ASSERT_TRUE(m_auth->revoke_tokens("bob", "laptop", now()).has_value());
    EXPECT_TRUE(m_auth->create_token("bob", "laptop", now()).has_value());
}

TEST_F(AuthTest, TokensWithoutLabelGetTheNextFreeName) {
    auto first = m_auth->create_token("bob", "", now());
    auto second = m_auth->create_token("bob", "", now());
    ASSERT_TRUE(first.has_value() && second.has_value());
    EXPECT_EQ(first->token.label, "token-1");
    EXPECT_EQ(second->token.label, "token-2");
}

TEST_F(AuthTest, LabelWithSpacesOrControlCharactersIsRefused) {
    for (std::string label :
         std::vector<std::string>{"two words", std::string("tab\there"), std::string(65, 'x')}) {
        auto created = m_auth->create_token("bob", label, now());
        ASSERT_FALSE(created.has_value()) << label;
        EXPECT_EQ(created.error().code, ErrorCode::invalid_argument);
    }
}

TEST_F(AuthTest, RevokeWithoutLabelRevokesEveryTokenOfThatPersonOnly) {
    auto mine = m_auth->create_token("bob", "a", now());
    ASSERT_TRUE(m_auth->create_token("bob", "b", now()).has_value());
    auto theirs = m_auth->create_token("alice", "a", now());
    ASSERT_TRUE(mine.has_value() && theirs.has_value());
    auto revoked = m_auth->revoke_tokens("bob", "", now());
    ASSERT_TRUE(revoked.has_value());
    EXPECT_EQ(*revoked, 2);
    EXPECT_FALSE(m_auth->check_token(mine->secret, now()));
    EXPECT_TRUE(m_auth->check_token(theirs->secret, now()));
    EXPECT_EQ(m_auth->revoke_tokens("bob", "", now()).value(), 0);
}

TEST_F(AuthTest, SigninLinkWorksOnceForItsPerson) {
    auto secret = m_auth->create_signin_link("bob", now(), 10min);
    ASSERT_TRUE(secret.has_value());
    EXPECT_EQ(rows_containing(*m_store, "signin_links", "hash || person", *secret), 0);
    auto first = m_auth->redeem_signin_link(*secret, now() + 1min);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(*first, "bob");
    auto second = m_auth->redeem_signin_link(*secret, now() + 2min);
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().code, ErrorCode::unauthorized);
}

TEST_F(AuthTest, UsedExpiredAndUnknownLinksFailWithTheSameMessage) {
    auto used = m_auth->create_signin_link("bob", now(), 10min);
    auto expired = m_auth->create_signin_link("bob", now(), 10min);
    ASSERT_TRUE(used.has_value() && expired.has_value());
    ASSERT_TRUE(m_auth->redeem_signin_link(*used, now()).has_value());
    auto used_again = m_auth->redeem_signin_link(*used, now() + 1min);
    auto too_late = m_auth->redeem_signin_link(*expired, now() + 10min);
    auto unknown = m_auth->redeem_signin_link("0123456789abcdef", now());
    ASSERT_FALSE(used_again.has_value());
    ASSERT_FALSE(too_late.has_value());
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(used_again.error().message, too_late.error().message);
    EXPECT_EQ(used_again.error().message, unknown.error().message);
    EXPECT_NE(used_again.error().message.find("already used or has expired"), std::string::npos);
}

TEST_F(AuthTest, SessionCookieIsStoredHashedAndExpires) {
    auto session = m_auth->create_session("alice", now(), 12h);
    ASSERT_TRUE(session.has_value());
    EXPECT_FALSE(session->cookie.empty());
    EXPECT_FALSE(session->session.csrf_token.empty());
    EXPECT_NE(session->cookie, session->session.csrf_token);
    EXPECT_EQ(rows_containing(*m_store, "web_sessions", "hash", session->cookie), 0);
    auto checked = m_auth->check_session(session->cookie, now() + 11h);
    ASSERT_TRUE(checked.has_value());
    EXPECT_EQ(checked->person, "alice");
    EXPECT_EQ(checked->csrf_token, session->session.csrf_token);
    EXPECT_FALSE(m_auth->check_session(session->cookie, now() + 12h));
}

TEST_F(AuthTest, EndedSessionIsRefused) {
    auto session = m_auth->create_session("alice", now(), 12h);
    ASSERT_TRUE(session.has_value());
    ASSERT_TRUE(m_auth->end_session(session->cookie, now()).has_value());
    EXPECT_FALSE(m_auth->check_session(session->cookie, now()));
    EXPECT_FALSE(m_auth->end_session(session->cookie, now()).has_value());
}

TEST_F(AuthTest, EachSessionHasItsOwnSecrets) {
    auto one = m_auth->create_session("alice", now(), 12h);
    auto two = m_auth->create_session("alice", now(), 12h);
    ASSERT_TRUE(one.has_value() && two.has_value());
    EXPECT_NE(one->cookie, two->cookie);
    EXPECT_NE(one->session.csrf_token, two->session.csrf_token);
}

} // namespace
} // namespace sb::test
