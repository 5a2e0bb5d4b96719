// SPDX-License-Identifier: Apache-2.0
// The real binary on a temporary state directory: webhooks in, cards out, commands, restarts.
#include "binary_process.hpp"

#include "base/hmac.hpp"
#include "tests/support/http_client.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

constexpr char const* secret = "integration-secret";

// Always covered, so every item escalates at once; steps a few seconds apart.
std::string config_text(std::string const& second_step = "4s") {
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice" } },
    "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } },
    "carol": { "name": "Carol", "timezone": "Europe/Berlin", "chat": { "console": "carol" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" },
        { "name": "secondary", "members": ["carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": {
      "steps": [
        { "after": "0s", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] },
        { "after": ")json" +
           second_step + R"json(", "notify": [{ "layer": "secondary" }], "via": ["chat_dm"] }
      ],
      "repeat": 1
    }
  },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

std::string mention(std::string const& id, std::string const& text = "my bill is wrong") {
    return R"({"id":")" + id + R"(","platform":"x","author":"@dana","text":")" + text +
           R"(","url":"https://x.com/dana/)" + id + R"(","created_at":"2026-11-20T10:00:00Z"})";
}

HeaderList signed_headers(std::string const& body) {
    return {{"X-Switchboard-Signature", "sha256=" + sb::hmac_sha256_hex(secret, body)},
            {"Content-Type", "application/json"}};
}

class DaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-it-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        write_config(config_text());
    }
    void TearDown() override {
        m_process.reset();
        std::filesystem::remove_all(m_dir);
    }
    void write_config(std::string const& text) {
        std::ofstream(m_dir / "switchboard.jsonc") << text;
    }
    void start(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{SWITCHBOARD_BINARY,
                                      "run",
                                      "--config",
                                      (m_dir / "switchboard.jsonc").string(),
                                      "--state-dir",
                                      (m_dir / "state").string(),
                                      "--as",
                                      "bob"};
        args.insert(args.end(), extra.begin(), extra.end());
        m_process = BinaryProcess::start(args, {{"SB_TEST_SECRET", secret}});
        ASSERT_TRUE(m_process);
        auto port = listening_port(*m_process);
        ASSERT_TRUE(port) << m_process->stderr_text();
        m_port = *port;
    }
    HttpResult post(std::string const& body, HeaderList headers) {
        return http_request("127.0.0.1", m_port, "POST", "/hooks/demo", body, headers);
    }
    HttpResult get(std::string const& target) {
        return http_request("127.0.0.1", m_port, "GET", target);
    }

    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_process;
    unsigned short m_port = 0;
};

} // namespace

TEST_F(DaemonTest, SignedWebhookPostsACardAndATypedClaimUpdatesIt) {
    start();
    auto body = mention("it-1");
    auto created = post(body, signed_headers(body));
    ASSERT_EQ(created.status, 202) << created.body << m_process->stderr_text();
    EXPECT_NE(created.body.find("\"item_id\":1"), std::string::npos) << created.body;
    ASSERT_TRUE(m_process->wait_for_stdout("card #1", 10s)) << m_process->stdout_text();
    ASSERT_TRUE(m_process->wait_for_stdout("[DM to bob]", 10s)) << m_process->stdout_text();

    auto again = post(body, signed_headers(body));
    EXPECT_EQ(again.status, 200);
    EXPECT_NE(again.body.find("\"item_id\":1"), std::string::npos);

    EXPECT_EQ(post(body, {}).status, 401);
    EXPECT_EQ(post(body, {{"X-Switchboard-Signature", "sha256=00"}}).status, 401);
    EXPECT_EQ(
        http_request("127.0.0.1", m_port, "POST", "/hooks/nope", body, signed_headers(body)).status,
        404);

    m_process->write_line("claim 1");
    ASSERT_TRUE(m_process->wait_for_stdout("card #1 now claimed: Claimed by Bob", 10s))
        << m_process->stdout_text();
    m_process->write_line("/as carol");
    m_process->write_line("claim 1");
    ASSERT_TRUE(m_process->wait_for_stdout("Bob has #1", 10s)) << m_process->stdout_text();
    m_process->write_line("clam 1");
    ASSERT_TRUE(m_process->wait_for_stdout("did you mean 'claim'", 10s));

    EXPECT_EQ(get("/healthz").status, 200);
    auto ready = get("/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    auto metrics = get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("switchboard_items_by_state{state=\"claimed\"} 1"),
              std::string::npos)
        << metrics.body;
    // The tally moved the item: the state it left stays listed, at zero.
    EXPECT_NE(metrics.body.find("switchboard_items_by_state{state=\"open\"} 0"), std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("switchboard_time_to_claim_seconds_count 1"), std::string::npos);

    m_process->signal(SIGTERM);
    EXPECT_EQ(m_process->wait(), 0);
    EXPECT_EQ(m_process->stderr_text().find(secret), std::string::npos) << "a secret was logged";
}

TEST_F(DaemonTest, RestartInTheMiddleOfAnEscalationResumesOnTime) {
    write_config(config_text("6s"));
    start();
    auto body = mention("it-2");
    auto posted_at = std::chrono::steady_clock::now();
    ASSERT_EQ(post(body, signed_headers(body)).status, 202);
    ASSERT_TRUE(m_process->wait_for_stdout("[DM to bob]", 10s));
    m_process->signal(SIGTERM);
    ASSERT_EQ(m_process->wait(), 0);
    EXPECT_EQ(m_process->stdout_text().find("[DM to carol]"), std::string::npos);

    start();
    ASSERT_TRUE(m_process->wait_for_stdout("[DM to carol]", 20s)) << m_process->stdout_text();
    auto elapsed = std::chrono::steady_clock::now() - posted_at;
    // The second step is due six seconds after arrival; whole-second timers allow a little slack.
    EXPECT_GE(elapsed, 5s);
    EXPECT_LE(elapsed, 9s);
    // The first page is not sent again after the restart.
    EXPECT_EQ(m_process->stdout_text().find("[DM to bob]"), std::string::npos);
}

// The chat messages on the console, by kind, recipient and item, in the order they appeared.
std::vector<std::pair<std::size_t, std::string>> chat_messages(std::string const& out) {
    std::vector<std::pair<std::size_t, std::string>> seen;
    static std::regex const dm(
        R"(\[DM to (\w+)\] Page \([^)]*\)[^\[]*?Claim it with: claim (\d+))");
    static std::regex const room(R"(\[#care\] Unclaimed for [^\n]*claim with: claim (\d+))");
    for (std::sregex_iterator it(out.begin(), out.end(), dm), end; it != end; ++it)
        seen.emplace_back(it->position(), "DM to " + (*it)[1].str() + " about #" + (*it)[2].str());
    for (std::sregex_iterator it(out.begin(), out.end(), room), end; it != end; ++it)
        seen.emplace_back(it->position(), "room post about #" + (*it)[1].str());
    std::sort(seen.begin(), seen.end());
    return seen;
}

TEST_F(DaemonTest, KillNineUnderAStreamOfWebhooksLosesNothingAcknowledged) {
    // The first step also posts "Unclaimed" to the room, so a step torn by the kill would show.
    auto text = config_text();
    auto const primary = std::string(R"({ "layer": "primary" }])");
    text.replace(text.find(primary), primary.size(),
                 R"({ "layer": "primary" }, { "room": true }])");
    write_config(text);
    start();
    std::mutex mutex;
    std::map<std::string, long> acknowledged; // external id -> item id
    std::atomic<bool> stop{false};
    std::atomic<int> sent{0};
    std::vector<std::thread> senders;
    for (int worker = 0; worker < 2; ++worker) {
        senders.emplace_back([&, worker] {
            for (int i = 0; !stop && i < 2000; ++i) {
                auto id = "k" + std::to_string(worker) + "-" + std::to_string(i);
                auto body = mention(id);
                auto result = post(body, signed_headers(body));
                ++sent;
                if (result.status == 202) {
                    auto at = result.body.find("\"item_id\":");
                    std::lock_guard lock(mutex);
                    acknowledged[id] = std::stol(result.body.substr(at + 10));
                }
            }
        });
    }
    // Read the console while the stream runs, so a full pipe never holds the daemon up.
    while (sent < 60)
        m_process->pump(5ms);
    m_process->signal(SIGKILL);
    m_process->wait();
    auto before_kill = m_process->stdout_text();
    stop = true;
    for (auto& sender : senders)
        sender.join();
    ASSERT_GE(acknowledged.size(), 30u);

    // After a restart every acknowledged mention is there exactly once, and every card is
    // delivered exactly once.
    start();
    ASSERT_TRUE(m_process->wait_for_stderr("listening on", 10s));
    for (int attempt = 0; attempt < 100; ++attempt) {
        SQLite::Database db((m_dir / "state" / "switchboard.db").string(), SQLite::OPEN_READONLY);
        SQLite::Statement pending(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND "
                                      "kind = 'post_card'");
        pending.executeStep();
        if (pending.getColumn(0).getInt() == 0)
            break;
        m_process->pump(100ms);
    }
    SQLite::Database db((m_dir / "state" / "switchboard.db").string(), SQLite::OPEN_READONLY);
    for (auto const& [external_id, item_id] : acknowledged) {
        SQLite::Statement q(db, "SELECT id FROM items WHERE platform = 'x' AND external_id = ?");
        q.bind(1, external_id);
        ASSERT_TRUE(q.executeStep()) << external_id << " was acknowledged but is gone";
        EXPECT_EQ(q.getColumn(0).getInt64(), item_id);
        EXPECT_FALSE(q.executeStep());
        SQLite::Statement cards(db, "SELECT COUNT(*), SUM(state = 'delivered') FROM outbox "
                                    "WHERE item_id = ? AND kind = 'post_card'");
        cards.bind(1, static_cast<int64_t>(item_id));
        cards.executeStep();
        EXPECT_EQ(cards.getColumn(0).getInt(), 1) << "item " << item_id;
        EXPECT_EQ(cards.getColumn(1).getInt(), 1) << "item " << item_id;
    }

    // Across the kill, no room post and no DM reached the chat twice, but for the one message
    // the kill may have caught between the console and the commit of its "delivered": delivery
    // is at least once, so that one is sent again.
    for (int attempt = 0; attempt < 100; ++attempt) {
        SQLite::Statement pending(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND "
                                      "kind IN ('room_message', 'direct_message')");
        pending.executeStep();
        if (pending.getColumn(0).getInt() == 0)
            break;
        m_process->pump(100ms);
    }
    m_process->pump(500ms);
    // Each item's step ran once, whole: one room post and one DM to Bob in the outbox. A step
    // due at the restart may still be running: wait for it.
    auto steps_done = [&] {
        SQLite::Statement q(db, "SELECT COUNT(*) FROM items WHERE NOT EXISTS (SELECT 1 FROM "
                                "outbox WHERE outbox.item_id = items.id AND kind = "
                                "'room_message' AND state = 'delivered')");
        q.executeStep();
        return q.getColumn(0).getInt() == 0;
    };
    for (int attempt = 0; attempt < 100 && !steps_done(); ++attempt)
        m_process->pump(100ms);
    for (auto const& [external_id, item_id] : acknowledged) {
        SQLite::Statement q(db, "SELECT SUM(kind = 'room_message'), SUM(kind = 'direct_message' "
                                "AND person = 'bob') FROM outbox WHERE item_id = ?");
        q.bind(1, static_cast<int64_t>(item_id));
        q.executeStep();
        EXPECT_EQ(q.getColumn(0).getInt(), 1) << "room posts about item " << item_id;
        EXPECT_EQ(q.getColumn(1).getInt(), 1) << "DMs to bob about item " << item_id;
    }

    m_process->pump(200ms);
    auto first_run = chat_messages(before_kill);
    auto in_flight = first_run.empty() ? std::string() : first_run.back().second;
    std::map<std::string, int> seen;
    for (auto const& [at, message] : first_run)
        ++seen[message];
    for (auto const& [at, message] : chat_messages(m_process->stdout_text()))
        ++seen[message];
    int room_posts = 0, dms = 0;
    for (auto const& [message, count] : seen) {
        EXPECT_LE(count, message == in_flight ? 2 : 1)
            << message << " was delivered " << count << " times";
        (message.starts_with("room") ? room_posts : dms) += 1;
    }
    EXPECT_GE(room_posts, 30);
    EXPECT_GE(dms, 30);
}

TEST_F(DaemonTest, InvalidConfigRefusesToStartWithEveryError) {
    write_config(R"({ "people": { "bob": { "timezone": "Mars/Olympus", "nmae": "Bob" } } })");
    auto process = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                         (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                         (m_dir / "state").string()});
    ASSERT_TRUE(process);
    EXPECT_EQ(process->wait(), 1);
    auto const& errors = process->stderr_text();
    EXPECT_NE(errors.find("Mars/Olympus"), std::string::npos) << errors;
    EXPECT_NE(errors.find("nmae"), std::string::npos) << errors;
    EXPECT_NE(errors.find("/people/bob"), std::string::npos) << errors;
}

TEST_F(DaemonTest, ASourceWithAnUnknownTypeOrSettingRefusesToStartAndSaysWhere) {
    write_config(R"({ "sources": { "fediverse": { "type": "mastodn" } } })");
    auto process = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                         (m_dir / "switchboard.jsonc").string(), "--state-dir",
                                         (m_dir / "state").string()});
    ASSERT_TRUE(process);
    EXPECT_EQ(process->wait(), 1); // a clean refusal, not a crash
    auto const& errors = process->stderr_text();
    EXPECT_NE(errors.find("/sources/fediverse/type: unknown source type 'mastodn'; did you mean "
                          "'mastodon'?"),
              std::string::npos)
        << errors;
}

TEST_F(DaemonTest, DefaultConfigIsValidAndDemoReplaysAWeekend) {
    auto check =
        BinaryProcess::start({SWITCHBOARD_BINARY, "check-config", "--config",
                              std::string(SWITCHBOARD_SOURCE_DIR) + "/config/switchboard.jsonc"});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->wait(), 0) << check->stdout_text() << check->stderr_text();

    auto demo = BinaryProcess::start({SWITCHBOARD_BINARY, "demo"});
    ASSERT_TRUE(demo);
    EXPECT_EQ(demo->wait(60s), 0) << demo->stderr_text();
    auto const& out = demo->stdout_text();
    EXPECT_NE(out.find("card #1"), std::string::npos);
    EXPECT_NE(out.find("[DM to carol] Page (secondary on call)"), std::string::npos) << out;
    EXPECT_NE(out.find("Claimed by"), std::string::npos);
    EXPECT_NE(out.find("Resolved by"), std::string::npos);
    EXPECT_NE(out.find("time to claim:"), std::string::npos);
}

TEST_F(DaemonTest, JsonLogsAreOneValidObjectPerLineAndHoldNoSecret) {
    auto text = config_text();
    auto at = text.find("\"listen\"");
    text.insert(at, R"("log": { "level": "debug", "format": "json" }, )");
    write_config(text);
    start();
    auto body = mention("it-json", "quotes \\\" and \\\\ backslashes");
    ASSERT_EQ(post(body, signed_headers(body)).status, 202);
    ASSERT_TRUE(m_process->wait_for_stdout("card #1", 10s));
    m_process->signal(SIGTERM);
    ASSERT_EQ(m_process->wait(), 0);
    std::istringstream lines(m_process->stderr_text());
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        if (line.empty())
            continue;
        auto parsed = nlohmann::json::parse(line, nullptr, false);
        ASSERT_FALSE(parsed.is_discarded()) << line;
        EXPECT_TRUE(parsed.contains("message"));
        ++count;
    }
    EXPECT_GT(count, 3);
    EXPECT_EQ(m_process->stderr_text().find(secret), std::string::npos);
}
