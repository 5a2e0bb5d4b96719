// SPDX-License-Identifier: Apache-2.0
// The real binary when things go wrong: a refused token and an encrypted room show in /readyz
// and /metrics, and a crash between the homeserver storing a card and the bot recording it
// leaves exactly one card after the restart.
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

namespace sb::test {
namespace {

using nlohmann::json;

std::string const bot = "@bot:localhost";

class MatrixDaemonFailures : public ::testing::Test {
protected:
    void SetUp() override {
        m_fake.control("user", {{"user_id", bot},
                                {"password", "x"},
                                {"access_token", "bot-token"},
                                {"device_id", "BOT"}});
        m_room = m_fake
                     .control("room",
                              {{"creator", "@alice:localhost"},
                               {"members", {"@alice:localhost", "@bob:localhost", bot}}})["room_id"]
                     .get<std::string>();
        std::string pattern =
            (std::filesystem::temp_directory_path() / "sb-matrix-fail-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::ofstream(m_dir / "switchboard.jsonc") << config_text(m_fake.url(), m_room);
    }

    void TearDown() override {
        m_process.reset();
        EXPECT_EQ(m_fake.violations(), json::array());
        std::filesystem::remove_all(m_dir);
    }

    void start_binary() {
        m_process = BinaryProcess::start(
            {SWITCHBOARD_BINARY, "run", "--config", (m_dir / "switchboard.jsonc").string(),
             "--state-dir", (m_dir / "state").string()},
            {{"SB_TEST_SECRET", secret}, {"MATRIX_ACCESS_TOKEN", "bot-token"}});
        ASSERT_TRUE(m_process);
        auto port = listening_port(*m_process);
        ASSERT_TRUE(port) << m_process->stderr_text();
        m_port = *port;
    }

    HttpResult get(std::string const& path) {
        return http_request("127.0.0.1", m_port, "GET", path);
    }

    json readyz_matrix() {
        auto body = json::parse(get("/readyz").body, nullptr, false);
        if (body.is_object() && body.contains("components"))
            for (auto const& component : body["components"])
                if (component.value("name", "").find("matrix") != std::string::npos)
                    return component;
        return nullptr;
    }

    FakeHomeserver m_fake;
    std::string m_room;
    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_process;
    unsigned short m_port = 0;
};

TEST_F(MatrixDaemonFailures, EncryptedRoomAndRefusedTokenShowInReadyzAndMetrics) {
    auto secret_room = m_fake
                           .control("room", {{"creator", "@alice:localhost"},
                                             {"members", {"@alice:localhost", bot}},
                                             {"encrypted", true}})["room_id"]
                           .get<std::string>();
    start_binary();
    ASSERT_TRUE(eventually([&] {
        auto component = readyz_matrix();
        return !component.is_null() &&
               component.value("reason", "").find(secret_room) != std::string::npos;
    })) << get("/readyz").body;
    EXPECT_EQ(get("/readyz").status, 200) << "an encrypted room is a warning, not an outage";

    // The token is revoked while the bot runs: its next /sync is refused.
    m_fake.control("revoke", {{"user_id", bot}});
    ASSERT_TRUE(eventually([&] { return get("/readyz").status == 503; })) << get("/readyz").body;
    auto component = readyz_matrix();
    EXPECT_FALSE(component.value("ready", true));
    EXPECT_NE(component.value("reason", "").find("M_UNKNOWN_TOKEN"), std::string::npos)
        << component.dump();
    EXPECT_NE(get("/metrics")
                  .body.find("switchboard_matrix_api_errors_total{adapter=\"matrix\","
                             "errcode=\"M_UNKNOWN_TOKEN\"}"),
              std::string::npos)
        << get("/metrics").body;
    m_process->pump();
    EXPECT_EQ(m_process->stderr_text().find("bot-token"), std::string::npos)
        << "a token was logged";
}

TEST_F(MatrixDaemonFailures, KilledAfterTheServerStoredACardTheRestartPostsNoSecondCard) {
    // The homeserver stores the card but answers late; the bot dies before it hears back.
    m_fake.control(
        "hold_answer",
        {{"path_contains", "/rooms/" + m_room + "/send/"}, {"method", "PUT"}, {"ms", 30'000}});
    start_binary();
    ASSERT_TRUE(eventually([&] { return get("/readyz").status == 200; })) << get("/readyz").body;
    std::string body = R"({"id":"m-1","platform":"x","author":"@dana","text":"my bill is wrong",)"
                       R"("url":"https://x.com/dana/1","created_at":"2026-11-20T10:00:00Z"})";
    auto created =
        http_request("127.0.0.1", m_port, "POST", "/hooks/demo", body,
                     {{"X-Switchboard-Signature", "sha256=" + hmac_sha256_hex(secret, body)},
                      {"Content-Type", "application/json"}});
    ASSERT_EQ(created.status, 202) << created.body;

    auto cards = [&] {
        json found = json::array();
        auto view = m_fake.room(m_room);
        for (auto const& message : view["messages"])
            if (message["sender"] == bot &&
                message["content"].value("body", "").rfind("#1 ", 0) == 0)
                found.push_back(message);
        return found;
    };
    ASSERT_TRUE(eventually([&] { return !m_fake.control("held")["held"].empty(); }))
        << m_process->stderr_text();
    auto held = m_fake.control("held")["held"][0];
    ASSERT_NE(held["path"].get<std::string>().find(m_room), std::string::npos)
        << "the card, not another message, was held: " << held.dump();
    ASSERT_EQ(cards().size(), 1u) << held.dump();
    m_process->signal(SIGKILL);
    m_process->wait();

    start_binary();
    // The retry reuses the transaction id, so the homeserver answers with the stored event.
    ASSERT_TRUE(eventually([&] {
        int sends = 0;
        for (auto const& request : m_fake.requests())
            if (request["method"] == "PUT" && request["path"] == held["path"])
                ++sends;
        return sends >= 2;
    })) << m_process->stderr_text();
    ASSERT_TRUE(eventually([&] { return get("/readyz").status == 200; }));
    EXPECT_EQ(cards().size(), 1u) << cards().dump();
    EXPECT_EQ(cards()[0]["event_id"], held["answer"]["event_id"]);
}

} // namespace
} // namespace sb::test
