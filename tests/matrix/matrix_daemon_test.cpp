// SPDX-License-Identifier: Apache-2.0
// The real binary with a Matrix adapter against the fake homeserver: a webhook becomes a card,
// a reaction and a reply act on it through the core, a stranger is refused, the on-call is paged.
#include "tests/integration/binary_process.hpp"
#include "tests/matrix/fake_homeserver_process.hpp"
#include "tests/matrix/matrix_daemon_support.hpp"

#include "base/hmac.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace sb::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

TEST(MatrixDaemon, WebhookCardReactionReplyStrangerAndPageThroughTheRealBinary) {
    FakeHomeserver fake;
    fake.control("user", {{"user_id", "@bot:localhost"},
                          {"password", "x"},
                          {"access_token", "bot-token"},
                          {"device_id", "BOT"}});
    auto room = fake.control("room", {{"creator", "@alice:localhost"},
                                      {"members",
                                       {"@alice:localhost", "@bob:localhost", "@bot:localhost",
                                        "@mallory:localhost"}}})["room_id"]
                    .get<std::string>();
    std::string pattern = (std::filesystem::temp_directory_path() / "sb-matrix-it-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    std::filesystem::path dir = pattern;
    std::ofstream(dir / "switchboard.jsonc") << config_text(fake.url(), room);

    auto process = BinaryProcess::start(
        {SWITCHBOARD_BINARY, "run", "--config", (dir / "switchboard.jsonc").string(), "--state-dir",
         (dir / "state").string()},
        {{"SB_TEST_SECRET", secret}, {"MATRIX_ACCESS_TOKEN", "bot-token"}});
    ASSERT_TRUE(process);
    auto port = listening_port(*process);
    ASSERT_TRUE(port) << process->stderr_text();
    ASSERT_TRUE(eventually([&] {
        return http_request("127.0.0.1", *port, "GET", "/readyz").status == 200;
    })) << http_request("127.0.0.1", *port, "GET", "/readyz").body;

    std::string body = R"({"id":"m-1","platform":"x","author":"@dana","text":"my bill is wrong",)"
                       R"("url":"https://x.com/dana/1","created_at":"2026-11-20T10:00:00Z"})";
    auto created =
        http_request("127.0.0.1", *port, "POST", "/hooks/demo", body,
                     {{"X-Switchboard-Signature", "sha256=" + hmac_sha256_hex(secret, body)},
                      {"Content-Type", "application/json"}});
    ASSERT_EQ(created.status, 202) << created.body;

    auto card = [&]() -> json {
        auto view = fake.room(room);
        for (auto const& message : view["messages"])
            if (message["sender"] == "@bot:localhost" &&
                message["content"].value("body", "").rfind("#1 ", 0) == 0)
                return message;
        return nullptr;
    };
    ASSERT_TRUE(eventually([&] { return !card().is_null(); })) << process->stderr_text();
    auto card_event = card()["event_id"].get<std::string>();

    // The on-call person is paged in a direct room the bot opened.
    EXPECT_TRUE(eventually([&] {
        return fake.control("account_data_of?user_id=%40bot%3Alocalhost")["m.direct"].contains(
            "@bob:localhost");
    }));

    // A stranger's command is refused politely.
    fake.control("send", {{"room_id", room},
                          {"sender", "@mallory:localhost"},
                          {"type", "m.room.message"},
                          {"content", {{"msgtype", "m.text"}, {"body", "!claim 1"}}}});
    EXPECT_TRUE(eventually([&] {
        auto view = fake.room(room);
        for (auto const& message : view["messages"])
            if (message["sender"] == "@bot:localhost" &&
                message["content"].value("body", "").find("don't know you") != std::string::npos)
                return true;
        return false;
    }));

    // ✋ on the card claims the item; the card is edited to show it.
    fake.control(
        "send",
        {{"room_id", room},
         {"sender", "@alice:localhost"},
         {"type", "m.reaction"},
         {"content",
          {{"m.relates_to",
            {{"rel_type", "m.annotation"}, {"event_id", card_event}, {"key", "\xE2\x9C\x8B"}}}}}});
    ASSERT_TRUE(eventually([&] {
        return card()["current"]["body"].get<std::string>().find("claimed") != std::string::npos;
    })) << card().dump();

    // A reply to the card resolves it without naming the item.
    fake.control("send", {{"room_id", room},
                          {"sender", "@alice:localhost"},
                          {"type", "m.room.message"},
                          {"content",
                           {{"msgtype", "m.text"},
                            {"body", "!resolve"},
                            {"m.relates_to", {{"m.in_reply_to", {{"event_id", card_event}}}}}}}});
    EXPECT_TRUE(eventually([&] {
        return card()["current"]["body"].get<std::string>().find("resolved") != std::string::npos;
    })) << card().dump();

    process->signal(SIGTERM);
    EXPECT_EQ(process->wait(), 0);
    EXPECT_EQ(process->stderr_text().find("bot-token"), std::string::npos) << "a token was logged";
    EXPECT_EQ(fake.violations(), json::array());
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace sb::test
