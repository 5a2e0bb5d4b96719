// SPDX-License-Identifier: Apache-2.0
// "switchboard token create|list|revoke" on the daemon's state directory, and the token it
// prints against the running daemon.
#include "daemon_fixture.hpp"

namespace sb::test {
namespace {

using nlohmann::json;

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

class TokenCliTest : public SecurityTest {
protected:
    CliRun cli(std::vector<std::string> args) {
        args.insert(args.begin(), SWITCHBOARD_BINARY);
        auto process = BinaryProcess::start(args);
        if (!process)
            return {};
        process->close_stdin();
        CliRun run;
        run.code = process->wait(20s);
        process->pump(100ms);
        run.out = process->stdout_text();
        run.err = process->stderr_text();
        return run;
    }
    std::vector<std::string> base(std::string const& action) {
        return {"token", action, "--config", config_path(), "--state-dir", state_dir()};
    }
};

TEST_F(TokenCliTest, CreateListRevokeAgainstARunningDaemon) {
    start();
    auto args = base("create");
    args.insert(args.end(), {"--person", "bob", "--label", "ci", "--json"});
    auto created = cli(args);
    ASSERT_EQ(created.code, 0) << created.err;
    auto body = json::parse(created.out);
    EXPECT_EQ(body["person"], "bob");
    EXPECT_EQ(body["label"], "ci");
    EXPECT_TRUE(body["id"].is_number());
    auto token = body["token"].get<std::string>();
    EXPECT_EQ(token.rfind("sbt_", 0), 0U);

    HeaderList bearer{{"Authorization", "Bearer " + token}};
    auto session = request("GET", "/api/v1/session", {}, bearer);
    ASSERT_EQ(session.status, 200) << session.body;
    EXPECT_EQ(json::parse(session.body)["person"], "bob");

    auto list_args = base("list");
    list_args.push_back("--json");
    auto listed = cli(list_args);
    ASSERT_EQ(listed.code, 0) << listed.err;
    EXPECT_EQ(listed.out.find(token.substr(4)), std::string::npos) << "the list shows a secret";
    auto items = json::parse(listed.out)["items"];
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0]["label"], "ci");
    EXPECT_TRUE(items[0]["revoked_at"].is_null());

    auto revoke_args = base("revoke");
    revoke_args.insert(revoke_args.end(), {"--person", "bob", "--label", "ci"});
    auto revoked = cli(revoke_args);
    ASSERT_EQ(revoked.code, 0) << revoked.err;
    EXPECT_EQ(request("GET", "/api/v1/session", {}, bearer).status, 401);

    auto again = cli(list_args);
    EXPECT_FALSE(json::parse(again.out)["items"][0]["revoked_at"].is_null());
}

TEST_F(TokenCliTest, PlainCreatePrintsOnlyTheTokenOnStdout) {
    auto args = base("create");
    args.insert(args.end(), {"--person", "alice"});
    auto created = cli(args);
    ASSERT_EQ(created.code, 0) << created.err;
    EXPECT_EQ(created.out.rfind("sbt_", 0), 0U) << created.out;
    EXPECT_EQ(created.out.find('\n'), created.out.size() - 1) << created.out;
    EXPECT_NE(created.err.find("shown only this once"), std::string::npos);
}

TEST_F(TokenCliTest, UnknownPersonExitsOneWithASuggestion) {
    auto args = base("create");
    args.insert(args.end(), {"--person", "bobb"});
    auto created = cli(args);
    EXPECT_EQ(created.code, 1);
    EXPECT_NE(created.err.find("there is no person 'bobb'"), std::string::npos) << created.err;
    EXPECT_NE(created.err.find("did you mean 'bob'?"), std::string::npos) << created.err;
    EXPECT_TRUE(created.out.empty());
}

TEST_F(TokenCliTest, RevokingAnUnknownLabelExitsOne) {
    auto args = base("revoke");
    args.insert(args.end(), {"--person", "bob", "--label", "nope"});
    auto revoked = cli(args);
    EXPECT_EQ(revoked.code, 1);
    EXPECT_NE(revoked.err.find("no unrevoked token labelled 'nope'"), std::string::npos)
        << revoked.err;
}

} // namespace
} // namespace sb::test
