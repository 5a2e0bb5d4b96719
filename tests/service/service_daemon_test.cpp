// SPDX-License-Identifier: Apache-2.0
// The real binary as systemd runs it: READY=1 on $NOTIFY_SOCKET only once /readyz answers 200,
// STOPPING=1 on SIGTERM, the state in $STATE_DIRECTORY without --state-dir, and the packaged
// config accepted by check-config.
#include "tests/integration/binary_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

std::string const config = R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": { "bob": { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } } },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } }
})json";

class ServiceDaemonTest : public ::testing::Test {
protected:
    void SetUp() override { std::ofstream(m_dir / "switchboard.jsonc") << config; }
    void TearDown() override {
        if (m_process) {
            m_process->signal(SIGTERM);
            m_process->wait();
        }
        if (m_socket >= 0)
            ::close(m_socket);
    }

    // A datagram socket where the daemon's sd_notify messages arrive, as systemd's would.
    std::string listen_for_notifications() {
        auto path = (m_dir / "notify.sock").string();
        m_socket = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        EXPECT_GE(m_socket, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        EXPECT_LT(path.size(), sizeof(address.sun_path));
        path.copy(address.sun_path, sizeof(address.sun_path) - 1);
        EXPECT_EQ(::bind(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
        return path;
    }
    // The next notification, or "" after the timeout.
    std::string next_notification(std::chrono::milliseconds timeout) {
        pollfd waiting{m_socket, POLLIN, 0};
        if (::poll(&waiting, 1, static_cast<int>(timeout.count())) != 1)
            return {};
        std::array<char, 4096> buffer{};
        auto const got = ::recv(m_socket, buffer.data(), buffer.size(), 0);
        return got > 0 ? std::string(buffer.data(), static_cast<std::size_t>(got)) : std::string();
    }
    std::string wait_for_notification(std::string const& containing) {
        auto const deadline = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto message = next_notification(500ms);
            if (m_process)
                m_process->pump();
            if (message.find(containing) != std::string::npos)
                return message;
        }
        return {};
    }

    TempDir m_dir{"switchboard-service"};
    std::unique_ptr<BinaryProcess> m_process;
    int m_socket = -1;
};

TEST_F(ServiceDaemonTest, ReadyIsNotifiedOnlyOnceReadyzAnswers200AndStoppingOnSigterm) {
#ifndef SWITCHBOARD_HAVE_SYSTEMD
    GTEST_SKIP() << "built without libsystemd-dev: the daemon does not notify systemd";
#endif
    auto const socket_path = listen_for_notifications();
    m_process = BinaryProcess::start(
        {SWITCHBOARD_BINARY, "run", "--config", (m_dir / "switchboard.jsonc").string(),
         "--state-dir", (m_dir / "state").string(), "--no-stdin"},
        {{"SB_TEST_SECRET", "service-secret"}, {"NOTIFY_SOCKET", socket_path}});
    auto ready = wait_for_notification("READY=1");
    ASSERT_NE(ready, "") << m_process->stderr_text();
    EXPECT_NE(ready.find("STATUS=ready"), std::string::npos) << ready;
    auto port = listening_port(*m_process);
    ASSERT_TRUE(port) << m_process->stderr_text();
    EXPECT_EQ(http_request("127.0.0.1", *port, "GET", "/readyz").status, 200);

    m_process->signal(SIGTERM);
    auto stopping = wait_for_notification("STOPPING=1");
    EXPECT_NE(stopping, "") << m_process->stderr_text();
    EXPECT_EQ(m_process->wait(), 0);
    m_process.reset();
}

TEST_F(ServiceDaemonTest, AnUnreadyDaemonSaysWhatItWaitsForAndIsNeverAnnounced) {
#ifndef SWITCHBOARD_HAVE_SYSTEMD
    GTEST_SKIP() << "built without libsystemd-dev: the daemon does not notify systemd";
#endif
    // A holiday calendar that cannot be fetched, and of which no copy was ever stored, keeps
    // /readyz at 503: the unit must not count as started.
    std::ofstream(m_dir / "switchboard.jsonc") << R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": { "bob": { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } } },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "teams": { "care": { "timezone": "Europe/Berlin", "holidays_ical": "http://127.0.0.1:9/none.ics",
    "layers": [{ "name": "primary", "members": ["bob"], "shift": "1w",
                 "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }] } }
})json";
    auto const socket_path = listen_for_notifications();
    m_process = BinaryProcess::start(
        {SWITCHBOARD_BINARY, "run", "--config", (m_dir / "switchboard.jsonc").string(),
         "--state-dir", (m_dir / "state").string(), "--no-stdin"},
        {{"SB_TEST_SECRET", "service-secret"}, {"NOTIFY_SOCKET", socket_path}});
    auto status = wait_for_notification("STATUS=waiting for ");
    ASSERT_NE(status, "") << m_process->stderr_text();
    EXPECT_NE(status.find("calendars"), std::string::npos) << status;
    EXPECT_EQ(status.find("READY=1"), std::string::npos) << status;
    auto port = listening_port(*m_process);
    ASSERT_TRUE(port) << m_process->stderr_text();
    EXPECT_EQ(http_request("127.0.0.1", *port, "GET", "/readyz").status, 503);
    EXPECT_EQ(next_notification(1500ms).find("READY=1"), std::string::npos);
}

TEST_F(ServiceDaemonTest, StateDirectoryFromSystemdIsTheDefaultStateDir) {
    auto const state = m_dir / "lib" / "switchboard";
    m_process = BinaryProcess::start(
        {SWITCHBOARD_BINARY, "run", "--config", (m_dir / "switchboard.jsonc").string(),
         "--no-stdin"},
        {{"SB_TEST_SECRET", "service-secret"}, {"STATE_DIRECTORY", state.string()}});
    ASSERT_TRUE(listening_port(*m_process)) << m_process->stderr_text();
    EXPECT_TRUE(std::filesystem::exists(state / "switchboard.db")) << m_process->stderr_text();
    EXPECT_NE(m_process->stderr_text().find("with state in " + (state / "switchboard.db").string()),
              std::string::npos)
        << m_process->stderr_text();
    m_process->signal(SIGTERM);
    EXPECT_EQ(m_process->wait(), 0);
    m_process.reset();

    // The other commands read the same directory, the first of a list: a token made without
    // --state-dir is there when the store is named outright.
    auto made = BinaryProcess::start({SWITCHBOARD_BINARY, "token", "create", "--config",
                                      (m_dir / "switchboard.jsonc").string(), "--person", "bob",
                                      "--label", "from-systemd"},
                                     {{"STATE_DIRECTORY", state.string() + ":/elsewhere"}});
    EXPECT_EQ(made->wait(), 0) << made->stderr_text();
    EXPECT_FALSE(std::filesystem::exists("/elsewhere"));
    auto listed = BinaryProcess::start({SWITCHBOARD_BINARY, "token", "list", "--config",
                                        (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                        state.string(), "--person", "bob"});
    EXPECT_EQ(listed->wait(), 0) << listed->stderr_text();
    EXPECT_NE(listed->stdout_text().find("from-systemd"), std::string::npos)
        << listed->stdout_text();
}

TEST(PackagedConfig, IsAcceptedWithItsSecretFileBesideIt) {
    TempDir const dir("switchboard-packaged");
    std::filesystem::copy_file(SWITCHBOARD_PACKAGED_CONFIG, dir / "switchboard.jsonc");
    std::ofstream(dir / "demo-webhook-secret") << "0123456789abcdef0123456789abcdef\n";
    auto check = BinaryProcess::start(
        {SWITCHBOARD_BINARY, "check-config", "--config", (dir / "switchboard.jsonc").string()});
    EXPECT_EQ(check->wait(), 0) << check->stdout_text() << check->stderr_text();
    std::ifstream in(dir / "switchboard.jsonc");
    std::string const text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(R"("secret": { "file": "demo-webhook-secret" })"), std::string::npos);
    EXPECT_EQ(text.find("SWITCHBOARD_DEMO_SECRET"), std::string::npos);
}

} // namespace
