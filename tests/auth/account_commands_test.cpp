// SPDX-License-Identifier: Apache-2.0
// The chat commands "web" and "token create|revoke": links by DM, tokens only in private.
#include "auth_fixture.hpp"
#include "tests/support/store_access.hpp"

#include "bot/api/account_commands.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace sb::test {
namespace {

class AccountCommandsTest : public AuthTest {
protected:
    void SetUp() override {
        AuthTest::SetUp();
        attach_account_commands(m_engine->commands(), *m_api);
    }
    std::string say(ChatOrigin const& origin, std::string const& text) {
        return m_engine->commands().execute(origin, text);
    }
    // Everything the outbox held or delivered, in either chat.
    std::vector<OutboxMessage> outbox() {
        m_timers->run_due();
        std::vector<OutboxMessage> out = m_console.delivered;
        out.insert(out.end(), m_team_chat.delivered.begin(), m_team_chat.delivered.end());
        auto const pending = m_store->outbox().pending(100).value();
        for (auto const& stored : pending)
            out.push_back(stored.message);
        return out;
    }
};

TEST_F(AccountCommandsTest, WebSendsASigninLinkByDmWhereItWasAsked) {
    ChatOrigin origin{"team-chat", "alice", "#care", "", false};
    auto reply = say(origin, "web");
    EXPECT_EQ(reply, "I sent you a sign-in link in a direct message; it works once, for 10 "
                     "minutes.");
    auto messages = outbox();
    ASSERT_EQ(messages.size(), 1U);
    EXPECT_EQ(messages[0].kind, OutboxKind::direct_message);
    EXPECT_EQ(messages[0].adapter, "team-chat");
    EXPECT_EQ(messages[0].person, "alice");
    auto at = messages[0].text.find("https://sb.example.org/web/signin?t=");
    ASSERT_NE(at, std::string::npos) << messages[0].text;
    auto secret = messages[0].text.substr(at + 36);
    auto person = m_auth->redeem_signin_link(secret, now());
    ASSERT_TRUE(person.has_value()) << person.error().message;
    EXPECT_EQ(*person, "alice");
}

TEST_F(AccountCommandsTest, DeliveredSigninLinkIsScrubbedFromTheStoredOutbox) {
    ChatOrigin origin{"team-chat", "alice", "#care", "", false};
    say(origin, "web");
    auto messages = outbox(); // delivers it
    ASSERT_EQ(messages.size(), 1U);
    ASSERT_NE(messages[0].text.find("/web/signin?t="), std::string::npos);
    // The chat got the link; the database file keeps only a placeholder.
    SQLite::Statement q(StoreAccessForTest::connection(*m_store), "SELECT state, text FROM outbox");
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), "delivered");
    EXPECT_EQ(q.getColumn(1).getString(), "(sign-in link, removed after delivery)");
    EXPECT_FALSE(q.executeStep());
}

TEST_F(AccountCommandsTest, TokenCreateInARoomIsRefusedAndCreatesNothing) {
    ChatOrigin room{"slack", "U1", "C-general", "", true};
    auto reply = account_command(*m_api, room, "bob", commands::TokenCreate{"laptop"});
    ASSERT_TRUE(reply.has_value());
    EXPECT_NE(reply->find("only create one in a direct message"), std::string::npos) << *reply;
    EXPECT_EQ(reply->find("sbt_"), std::string::npos);
    EXPECT_TRUE(m_auth->tokens("bob").value().empty());
}

TEST_F(AccountCommandsTest, TokenCreateInADirectMessageAnswersTheTokenOnlyInTheReply) {
    ChatOrigin direct{"slack", "U1", "", "", false};
    auto reply = account_command(*m_api, direct, "bob", commands::TokenCreate{"laptop"});
    ASSERT_TRUE(reply.has_value());
    auto at = reply->find("sbt_");
    ASSERT_NE(at, std::string::npos) << *reply;
    auto secret = reply->substr(at, reply->find('\n', at) - at);
    auto token = m_auth->check_token(secret, now());
    ASSERT_TRUE(token.has_value());
    EXPECT_EQ(token->person, "bob");
    EXPECT_EQ(token->label, "laptop");
    for (auto const& message : outbox())
        EXPECT_EQ(message.text.find(secret), std::string::npos);
}

TEST_F(AccountCommandsTest, TheConsoleCountsAsADirectConversation) {
    ChatOrigin console{"console", "bob", "#console", "", false};
    auto reply = say(console, "token create");
    EXPECT_NE(reply.find("sbt_"), std::string::npos) << reply;
    EXPECT_NE(reply.find("'token-1'"), std::string::npos) << reply;
}

TEST_F(AccountCommandsTest, TokenRevokeWithAndWithoutLabel) {
    ChatOrigin console{"console", "bob", "#console", "", false};
    say(console, "token create a");
    say(console, "token create b");
    say(console, "token create c");
    EXPECT_EQ(say(console, "token revoke a"), "Revoked your token 'a'.");
    EXPECT_EQ(say(console, "token revoke a"), "Sorry: you have no token labelled 'a'.");
    EXPECT_EQ(say(console, "token revoke"), "Revoked all 2 of your API tokens.");
    EXPECT_EQ(say(console, "token revoke"), "You have no API tokens to revoke.");
    auto const tokens = m_auth->tokens("bob").value();
    for (auto const& token : tokens)
        EXPECT_TRUE(token.revoked_at.has_value());
}

TEST_F(AccountCommandsTest, OtherCommandsPassThrough) {
    ChatOrigin console{"console", "bob", "#console", "", false};
    EXPECT_FALSE(account_command(*m_api, console, "bob", commands::ListItems{}).has_value());
}

} // namespace
} // namespace sb::test
