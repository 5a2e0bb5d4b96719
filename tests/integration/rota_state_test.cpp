// SPDX-License-Identifier: Apache-2.0
// The rota commands of the real binary answer with the absences entered in chat: an absence
// typed into the daemon's console shows in `who`, `rota` and `gaps` on its state directory.
#include "binary_process.hpp"

#include <date/date.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

// Two managers take turns a day at a time, at every hour of every day.
constexpr char const* config_text = R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "bob": { "name": "Bob", "timezone": "UTC", "role": "manager", "chat": { "console": "bob" } },
    "carol": { "name": "Carol", "timezone": "UTC", "role": "manager", "chat": { "console": "carol" } }
  },
  "teams": {
    "care": {
      "timezone": "UTC",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["bob", "carol"], "shift": "1d", "handoff": { "day": "mon", "time": "00:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": { "steps": [{ "after": "10m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] }
  }
})json";

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

Outcome run_binary(std::vector<std::string> args) {
    args.insert(args.begin(), SWITCHBOARD_BINARY);
    auto process = BinaryProcess::start(args);
    if (!process)
        return {};
    Outcome result;
    result.code = process->wait();
    result.out = process->stdout_text();
    result.err = process->stderr_text();
    return result;
}

// The first layer of `who --json --team care`.
nlohmann::json primary_of(Outcome const& who) {
    auto answer = nlohmann::json::parse(who.out, nullptr, false);
    if (answer.is_discarded() || !answer.contains("layers") || answer["layers"].empty())
        return nullptr;
    return answer["layers"][0];
}

class RotaStateTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-rota-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_config = (m_dir / "switchboard.jsonc").string();
        m_state = (m_dir / "state").string();
        std::ofstream(m_config) << config_text;
        // A whole day two days ahead: the absence lies wholly in the future, whenever this runs.
        auto today = date::floor<date::days>(std::chrono::system_clock::now());
        m_day = date::format("%F", today + date::days{2});
        m_noon = m_day + "T12:00Z";
    }
    void TearDown() override {
        ::chmod(m_state.c_str(), 0700);
        std::filesystem::remove_all(m_dir);
    }

    Outcome who(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"who",  "--config", m_config, "--team",
                                      "care", "--at",     m_noon,   "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_binary(args);
    }

    // Starts the daemon, reports `person` absent for the whole day in its console, and stops it.
    void enter_absence_in_chat(std::string const& person) {
        auto daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config", m_config,
                                            "--state-dir", m_state, "--as", "bob"});
        ASSERT_TRUE(daemon);
        ASSERT_TRUE(listening_port(*daemon)) << daemon->stderr_text();
        daemon->write_line("absent @" + person + " vacation " + m_day + " " + m_day);
        ASSERT_TRUE(daemon->wait_for_stdout("Noted:", 10s)) << daemon->stdout_text();
        daemon->signal(SIGTERM);
        EXPECT_EQ(daemon->wait(), 0) << daemon->stderr_text();
    }

    std::filesystem::path m_dir;
    std::string m_config;
    std::string m_state;
    std::string m_day;
    std::string m_noon;
};

} // namespace

TEST_F(RotaStateTest, AMissingStateDirectoryAnswersFromTheConfigAloneAndStaysMissing) {
    auto answer = who({"--state-dir", (m_dir / "nowhere").string()});
    EXPECT_EQ(answer.code, 0) << answer.err;
    auto primary = primary_of(answer);
    ASSERT_TRUE(primary.is_object()) << answer.out;
    EXPECT_EQ(primary["reason"], "rotation");
    EXPECT_FALSE(std::filesystem::exists(m_dir / "nowhere"));
}

// Root reads every directory, so an unreadable store is made of bytes that are no database.
TEST_F(RotaStateTest, AStoreThatCannotBeReadIsAClearError) {
    std::filesystem::create_directories(m_state);
    std::ofstream(m_state + "/switchboard.db")
        << "not a database, only a stranger's text long enough to fill SQLite's header......";
    auto answer = who({"--state-dir", m_state});
    EXPECT_EQ(answer.code, 1);
    EXPECT_NE(answer.err.find("cannot read the store " + m_state + "/switchboard.db"),
              std::string::npos)
        << answer.err;
    EXPECT_EQ(answer.out, "");
}

TEST_F(RotaStateTest, AnAbsenceEnteredInChatShowsInWhoRotaAndGapsOnItsStateDirectory) {
    auto before = primary_of(who({"--state-dir", m_state}));
    ASSERT_TRUE(before.is_object());
    ASSERT_EQ(before["reason"], "rotation");
    auto scheduled = before["person"].get<std::string>();
    auto other = scheduled == "bob" ? std::string("carol") : std::string("bob");

    enter_absence_in_chat(scheduled);
    auto mode_before = std::filesystem::status(m_state + "/switchboard.db").permissions();

    auto after = who({"--state-dir", m_state});
    ASSERT_EQ(after.code, 0) << after.err;
    auto primary = primary_of(after);
    ASSERT_TRUE(primary.is_object()) << after.out;
    EXPECT_EQ(primary["person"], other);
    EXPECT_EQ(primary["reason"], "substitute");
    EXPECT_EQ(primary["substitutes_for"], scheduled);

    auto text = run_binary(
        {"who", "--config", m_config, "--team", "care", "--at", m_noon, "--state-dir", m_state});
    EXPECT_NE(text.out.find(other + " (substitute for " + scheduled + ")"), std::string::npos)
        << text.out;

    // Another state directory, without a store, still shows the rota of the config.
    auto elsewhere = primary_of(who({"--state-dir", (m_dir / "other").string()}));
    ASSERT_TRUE(elsewhere.is_object());
    EXPECT_EQ(elsewhere["person"], scheduled);
    EXPECT_EQ(elsewhere["reason"], "rotation");

    auto rota =
        run_binary({"rota", "--config", m_config, "--team", "care", "--from", m_day + "T00:00Z",
                    "--to", m_day + "T23:59Z", "--json", "--state-dir", m_state});
    ASSERT_EQ(rota.code, 0) << rota.err;
    auto shifts = nlohmann::json::parse(rota.out, nullptr, false);
    ASSERT_TRUE(shifts.is_array()) << rota.out;
    bool substituted = false;
    for (auto const& shift : shifts) {
        EXPECT_NE(shift["person"], scheduled) << shift.dump();
        substituted = substituted || (shift["person"] == other && shift["reason"] == "substitute");
    }
    EXPECT_TRUE(substituted) << rota.out;

    auto gaps = run_binary({"gaps", "--config", m_config, "--team", "care", "--from", m_day, "--to",
                            m_day + "T23:59Z", "--json", "--state-dir", m_state});
    EXPECT_EQ(gaps.code, 0) << gaps.err;
    auto found = nlohmann::json::parse(gaps.out, nullptr, false);
    ASSERT_TRUE(found.is_array()) << gaps.out;
    for (auto const& gap : found)
        EXPECT_EQ(gap["why"].get<std::string>().find("absent"), std::string::npos) << gap.dump();

    auto ical = run_binary({"ical", "--config", m_config, "--person", scheduled, "--from",
                            m_day + "T00:00Z", "--to", m_day + "T23:59Z", "--state-dir", m_state});
    EXPECT_EQ(ical.code, 0) << ical.err;
    EXPECT_EQ(ical.out.find("BEGIN:VEVENT"), std::string::npos) << ical.out;

    // Reading changed nothing: the store's mode is as the daemon left it.
    EXPECT_EQ(std::filesystem::status(m_state + "/switchboard.db").permissions(), mode_before);
}
