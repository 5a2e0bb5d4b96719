// SPDX-License-Identifier: Apache-2.0
// The real binary's state directory: private modes, one daemon at a time, honest readiness.
#include "binary_process.hpp"

#include "tests/support/http_client.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

std::string const config = R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": { "bob": { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } } },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } }
})json";

class StateDirTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-state-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::ofstream(m_dir / "switchboard.jsonc") << config;
    }
    void TearDown() override {
        for (auto& process : m_processes)
            if (process) {
                process->signal(SIGTERM);
                process->wait();
            }
        std::filesystem::remove_all(m_dir);
    }
    std::filesystem::path state() const { return m_dir / "state"; }

    std::unique_ptr<BinaryProcess> launch() {
        return BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                     (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                     state().string(), "--as", "bob"},
                                    {{"SB_TEST_SECRET", "state-secret"}});
    }
    // Starts a daemon and waits until it listens; returns its port.
    unsigned short start() {
        m_processes.push_back(launch());
        auto& process = *m_processes.back();
        auto port = listening_port(process);
        EXPECT_TRUE(port) << process.stderr_text();
        return port.value_or(0);
    }
    void stop_all() {
        for (auto& process : m_processes) {
            process->signal(SIGTERM);
            // Its signal handler may not be installed yet right after it listens.
            process->wait();
        }
        m_processes.clear();
    }

    static unsigned mode_of(std::filesystem::path const& path) {
        struct stat info {};
        EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
        return info.st_mode & 0777;
    }
    void expect_private() {
        EXPECT_EQ(mode_of(state()), 0700u);
        for (auto const* name : {"switchboard.db", "switchboard.db-wal", "switchboard.db-shm",
                                 "claim-link.key", "switchboard.lock"})
            EXPECT_EQ(mode_of(state() / name), 0600u) << name;
    }

    std::filesystem::path m_dir;
    std::vector<std::unique_ptr<BinaryProcess>> m_processes;
};

} // namespace

TEST_F(StateDirTest, EveryStateFileIsOwnerOnlyFreshAndWhenItWasWider) {
    start();
    expect_private();
    stop_all();

    // An older version, a copy or a hand-made directory left them readable by everyone.
    ::chmod(state().c_str(), 0755);
    std::ofstream(state() / "switchboard.db-wal", std::ios::app).close();
    std::ofstream(state() / "switchboard.db-shm", std::ios::app).close();
    for (auto const& entry : std::filesystem::directory_iterator(state()))
        ::chmod(entry.path().c_str(), 0644);
    ASSERT_EQ(mode_of(state() / "claim-link.key"), 0644u);
    start();
    expect_private();
}

TEST_F(StateDirTest, ASecondDaemonOnTheSameStateIsRefusedNamingTheFirstsPid) {
    start();
    auto second = launch();
    ASSERT_TRUE(second);
    int const code = second->wait(20s);
    EXPECT_NE(code, 0);
    auto const& err = second->stderr_text();
    EXPECT_NE(err.find("another switchboard (PID " + std::to_string(m_processes[0]->pid()) +
                       ") is running on the state directory"),
              std::string::npos)
        << err;
    // The first one goes on undisturbed, and once it stops the next one may start.
    stop_all();
    start();
}

TEST_F(StateDirTest, ReadyzIs503WhileTheStoreCannotWriteAndRecoversByItself) {
    auto const port = start();
    auto ready = http_request("127.0.0.1", port, "GET", "/readyz");
    ASSERT_EQ(ready.status, 200) << ready.body;

    {
        // Another process holds the write lock: every write the daemon tries fails.
        SQLite::Database db((state() / "switchboard.db").string(), SQLite::OPEN_READWRITE);
        db.exec("BEGIN IMMEDIATE");
        std::this_thread::sleep_for(5s); // the last good answer expires
        auto blocked = http_request("127.0.0.1", port, "GET", "/readyz");
        EXPECT_EQ(blocked.status, 503) << blocked.body;
        EXPECT_NE(blocked.body.find("the store cannot write: database is locked"),
                  std::string::npos)
            << blocked.body;
        db.exec("ROLLBACK");
    }
    auto const deadline = std::chrono::steady_clock::now() + 20s;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        status = http_request("127.0.0.1", port, "GET", "/readyz").status;
        if (status == 200)
            break;
        std::this_thread::sleep_for(500ms);
    }
    EXPECT_EQ(status, 200);
}
