// SPDX-License-Identifier: Apache-2.0
// `switchboard backup` and `restore` on the real binary: a backup taken while webhooks stream in
// holds every mention acknowledged before it began, and goes back into an empty directory.
#include "binary_process.hpp"

#include "base/hmac.hpp"
#include "tests/support/http_client.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

using namespace sb::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr char const* secret = "backup-secret";

constexpr char const* config_text = R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": { "bob": { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } } },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [{ "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": { "chain": { "steps": [{ "after": "0s", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] } },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [{ "match": {}, "team": "care" }]
})json";

std::string mention(std::string const& id) {
    return R"({"id":")" + id +
           R"(","platform":"x","author":"@dana","text":"my bill is wrong","url":"https://x.com/dana/)" +
           id + R"(","created_at":"2026-11-20T10:00:00Z"})";
}

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

Run run_binary(std::vector<std::string> args, BinaryProcess* keep_reading = nullptr,
               std::map<std::string, std::string> const& env = {}) {
    args.insert(args.begin(), SWITCHBOARD_BINARY);
    auto process = BinaryProcess::start(args, env);
    if (!process)
        return {};
    // The daemon's console pipe must not fill up while the command runs.
    for (int i = 0; keep_reading != nullptr && i < 20; ++i)
        keep_reading->pump(10ms);
    Run run;
    run.code = process->wait(60s);
    process->pump();
    run.out = process->stdout_text();
    run.err = process->stderr_text();
    return run;
}

unsigned mode_of(fs::path const& path) {
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 0777U;
}

std::string content_of(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool holds_item(fs::path const& database, std::string const& external_id, long item_id) {
    SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT id FROM items WHERE platform = 'x' AND external_id = ?");
    q.bind(1, external_id);
    return q.executeStep() && q.getColumn(0).getInt64() == item_id;
}

class BackupTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "switchboard-backup-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::ofstream(m_dir / "switchboard.jsonc") << config_text;
    }
    void TearDown() override {
        if (m_daemon) {
            m_daemon->signal(SIGTERM);
            m_daemon->wait();
        }
        fs::remove_all(m_dir);
    }
    void start() {
        m_daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                         (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                         state().string(), "--no-stdin"},
                                        {{"SB_TEST_SECRET", secret}});
        ASSERT_TRUE(m_daemon);
        auto port = listening_port(*m_daemon);
        ASSERT_TRUE(port) << m_daemon->stderr_text();
        m_port = *port;
    }
    fs::path state() const { return m_dir / "state"; }

    fs::path m_dir;
    std::unique_ptr<BinaryProcess> m_daemon;
    unsigned short m_port = 0;
};

} // namespace

TEST_F(BackupTest, ABackupWhileWebhooksStreamInHoldsEveryAcknowledgedItemAndRestores) {
    start();
    std::mutex mutex;
    std::map<std::string, long> acknowledged; // external id -> item id
    std::atomic<bool> stop{false};
    std::atomic<int> sent{0};
    std::vector<std::thread> senders;
    for (int worker = 0; worker < 2; ++worker) {
        senders.emplace_back([&, worker] {
            for (int i = 0; !stop && i < 5000; ++i) {
                auto id = "b" + std::to_string(worker) + "-" + std::to_string(i);
                auto body = mention(id);
                auto result = http_request(
                    "127.0.0.1", m_port, "POST", "/hooks/demo", body,
                    {{"X-Switchboard-Signature", "sha256=" + sb::hmac_sha256_hex(secret, body)},
                     {"Content-Type", "application/json"}});
                ++sent;
                if (result.status == 202) {
                    auto at = result.body.find("\"item_id\":");
                    std::lock_guard lock(mutex);
                    acknowledged[id] = std::stol(result.body.substr(at + 10));
                }
            }
        });
    }
    while (sent < 80)
        m_daemon->pump(5ms);
    std::map<std::string, long> before_backup;
    {
        std::lock_guard lock(mutex);
        before_backup = acknowledged;
    }
    auto backup_file = m_dir / "backup.sqlite";
    auto backup = run_binary(
        {"backup", "--state-dir", state().string(), "--to", backup_file.string(), "--json"},
        m_daemon.get());
    // The stream goes on after the backup: the daemon was never held up.
    int sent_at_backup = sent;
    while (sent < sent_at_backup + 20)
        m_daemon->pump(5ms);
    stop = true;
    for (auto& sender : senders)
        sender.join();

    ASSERT_EQ(backup.code, 0) << backup.err;
    auto summary = nlohmann::json::parse(backup.out);
    EXPECT_GE(summary["items"].get<long>(), static_cast<long>(before_backup.size()));
    EXPECT_EQ(mode_of(backup_file), 0600U);
    ASSERT_GE(before_backup.size(), 40U);
    for (auto const& [external_id, item_id] : before_backup)
        ASSERT_TRUE(holds_item(backup_file, external_id, item_id))
            << external_id << " was acknowledged before the backup began but is not in it";

    // A second backup never overwrites the first.
    auto again = run_binary(
        {"backup", "--state-dir", state().string(), "--to", backup_file.string()}, m_daemon.get());
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.err.find("exists already"), std::string::npos) << again.err;

    auto restored = m_dir / "restored";
    auto restore =
        run_binary({"restore", "--from", backup_file.string(), "--state-dir", restored.string()});
    ASSERT_EQ(restore.code, 0) << restore.err;
    EXPECT_EQ(mode_of(restored), 0700U);
    EXPECT_EQ(mode_of(restored / "switchboard.db"), 0600U);
    for (auto const& [external_id, item_id] : before_backup)
        ASSERT_TRUE(holds_item(restored / "switchboard.db", external_id, item_id)) << external_id;
    for (auto const& name : summary["key_files"]) {
        auto file = name.get<std::string>();
        EXPECT_EQ(content_of(restored / file), content_of(state() / file)) << file;
        EXPECT_EQ(mode_of(restored / file), 0600U) << file;
    }
    {
        SQLite::Database db((restored / "switchboard.db").string(), SQLite::OPEN_READONLY);
        EXPECT_FALSE(db.tableExists("switchboard_backup_files"));
    }

    // Only into an empty directory: the restored one now holds a database.
    auto twice =
        run_binary({"restore", "--from", backup_file.string(), "--state-dir", restored.string()});
    EXPECT_EQ(twice.code, 1);
    EXPECT_NE(twice.err.find("holds a database already"), std::string::npos) << twice.err;

    // The restored directory runs: a daemon starts on it and knows the items.
    m_daemon->signal(SIGTERM);
    m_daemon->wait();
    m_daemon.reset();
    fs::remove_all(state());
    fs::rename(restored, state());
    start();
    auto item = http_request("127.0.0.1", m_port, "GET", "/healthz");
    EXPECT_EQ(item.status, 200);
}

TEST_F(BackupTest, ABackupOfANewerSchemaOrNoBackupAtAllIsRefusedBeforeAnythingIsWritten) {
    start();
    auto backup_file = m_dir / "backup.sqlite";
    ASSERT_EQ(run_binary({"backup", "--state-dir", state().string(), "--to", backup_file.string()},
                         m_daemon.get())
                  .code,
              0);
    {
        SQLite::Database db(backup_file.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE schema_version SET version = 999");
    }
    auto target = m_dir / "target";
    auto newer =
        run_binary({"restore", "--from", backup_file.string(), "--state-dir", target.string()});
    EXPECT_EQ(newer.code, 1);
    EXPECT_NE(newer.err.find("schema version 999"), std::string::npos) << newer.err;
    EXPECT_NE(newer.err.find("newer than this switchboard knows"), std::string::npos) << newer.err;
    EXPECT_FALSE(fs::exists(target / "switchboard.db"));

    // A plain database that is no backup, and a file that is no database at all.
    auto live_copy = m_dir / "plain.sqlite";
    { SQLite::Database db(live_copy.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }
    auto plain =
        run_binary({"restore", "--from", live_copy.string(), "--state-dir", target.string()});
    EXPECT_EQ(plain.code, 1);
    EXPECT_NE(plain.err.find("is not a switchboard backup"), std::string::npos) << plain.err;
    auto junk = m_dir / "junk.sqlite";
    std::ofstream(junk) << "\x1b[31mnot a database\n";
    auto garbage = run_binary({"restore", "--from", junk.string(), "--state-dir", target.string()});
    EXPECT_EQ(garbage.code, 1);
    EXPECT_EQ(garbage.err.find('\x1b'), std::string::npos) << garbage.err;
    EXPECT_FALSE(fs::exists(target / "switchboard.db"));

    auto missing = run_binary({"backup", "--state-dir", (m_dir / "nowhere").string(), "--to",
                               (m_dir / "none.sqlite").string()});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("there is no database"), std::string::npos) << missing.err;
}

TEST_F(BackupTest, TheDaemonRefusesADatabaseOfANewerSchemaWithBothVersionsNamed) {
    start();
    m_daemon->signal(SIGTERM);
    ASSERT_EQ(m_daemon->wait(), 0) << m_daemon->stderr_text();
    m_daemon.reset();
    auto database = state() / "switchboard.db";
    {
        SQLite::Database db(database.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE schema_version SET version = 999");
    }

    auto refused = run_binary({"run", "--config", (m_dir / "switchboard.jsonc").string(),
                               "--state-dir", state().string(), "--no-stdin"},
                              nullptr, {{"SB_TEST_SECRET", secret}});
    EXPECT_EQ(refused.code, 1);
    EXPECT_NE(refused.err.find("has schema version 999, newer than version"), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("that this switchboard knows"), std::string::npos) << refused.err;
    EXPECT_EQ(refused.err.find("terminate"), std::string::npos) << refused.err;
    SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT MAX(version) FROM schema_version").getInt(), 999);
}
