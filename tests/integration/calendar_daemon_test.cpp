// SPDX-License-Identifier: Apache-2.0
// A remote absence calendar with the real binary: the daemon fetches it without blocking, keeps
// the copy in its store, and when the calendar server fails it goes on with that copy and says
// so in /readyz; `who --state-dir` answers from the same copy.
#include "binary_process.hpp"
#include "bot/http/http_server.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/loop_thread.hpp"

#include <date/date.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

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

std::string calendar(std::string const& absent_day) {
    std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HR//EN\r\n";
    if (!absent_day.empty())
        text += "BEGIN:VEVENT\r\nUID:absence@hr\r\nDTSTAMP:20261101T000000Z\r\n"
                "DTSTART;VALUE=DATE:" +
                absent_day + "\r\nSUMMARY:Vacation\r\nEND:VEVENT\r\n";
    return text + "END:VCALENDAR\r\n";
}

// The calendar server: each person's calendar, or HTTP 500 for all while `failing`.
class CalendarServer {
public:
    CalendarServer() {
        auto server = sb::HttpServer::create(m_loop.io(), "127.0.0.1", 0);
        m_server = std::move(*server);
        for (auto const* person : {"bob", "carol"})
            m_server->add_route("GET", path_of(person),
                                [this, who = std::string(person)](sb::HttpRequest const&,
                                                                  sb::HttpResponder respond) {
                                    std::lock_guard lock(m_mutex);
                                    ++m_requests;
                                    if (m_failing) {
                                        respond(sb::HttpResponse::text(500, "down"));
                                        return;
                                    }
                                    auto response = sb::HttpResponse::text(
                                        200, calendar(who == m_absent ? m_day : ""));
                                    response.content_type = "text/calendar";
                                    respond(response);
                                });
        m_server->start();
        m_loop.start();
    }
    ~CalendarServer() {
        m_loop.run_on_loop([&] { m_server->stop(); });
        m_loop.stop();
    }
    // A private calendar URL carries its secret in the path.
    static std::string path_of(std::string const& person) {
        return "/cal/private-s3cr3t/" + person + ".ics";
    }
    std::string url_of(std::string const& person) const {
        return "http://127.0.0.1:" + std::to_string(m_server->port()) + path_of(person);
    }
    void set_absent(std::string const& person, std::string const& day) {
        std::lock_guard lock(m_mutex);
        m_absent = person;
        m_day = day;
    }
    void set_failing(bool failing) {
        std::lock_guard lock(m_mutex);
        m_failing = failing;
    }
    int requests() {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }

private:
    LoopThread m_loop;
    std::unique_ptr<sb::HttpServer> m_server;
    std::mutex m_mutex;
    std::string m_absent;
    std::string m_day;
    bool m_failing = false;
    int m_requests = 0;
};

class CalendarDaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-calendar-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_config = (m_dir / "switchboard.jsonc").string();
        m_state = (m_dir / "state").string();
        auto today = date::floor<date::days>(std::chrono::system_clock::now());
        auto day = today + date::days{2};
        m_day = date::format("%F", day);
        m_ical_day = date::format("%Y%m%d", day);
        m_noon = m_day + "T12:00Z";
        nlohmann::json config = nlohmann::json::parse(R"json({
          "listen": "127.0.0.1:0",
          "chat": [{ "type": "console", "name": "console" }],
          "people": {
            "bob": { "name": "Bob", "timezone": "UTC", "role": "manager", "chat": { "console": "bob" } },
            "carol": { "name": "Carol", "timezone": "UTC", "chat": { "console": "carol" } }
          },
          "teams": {
            "care": {
              "timezone": "UTC",
              "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
              "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
              "rooms": { "console": "#care" },
              "layers": [{ "name": "primary", "members": ["bob", "carol"], "shift": "1d", "handoff": { "day": "mon", "time": "00:00" }, "start": "2026-01-05" }],
              "escalation": { "business_hours": "chain", "after_hours": "chain" }
            }
          },
          "escalation_policies": {
            "chain": { "steps": [{ "after": "10m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] }
          }
        })json");
        for (auto const* person : {"bob", "carol"})
            config["people"][person]["absences_ical"] = server.url_of(person);
        std::ofstream(m_config) << config.dump(2);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    Outcome who(std::string const& state) {
        return run_binary({"who", "--config", m_config, "--team", "care", "--at", m_noon, "--json",
                           "--state-dir", state});
    }
    static nlohmann::json primary_of(Outcome const& who) {
        auto answer = nlohmann::json::parse(who.out, nullptr, false);
        if (answer.is_discarded() || !answer.contains("layers") || answer["layers"].empty())
            return nullptr;
        return answer["layers"][0];
    }

    // Waits until /readyz shows the calendars component such that `done` holds; returns the
    // last answer (status and body).
    static std::pair<int, nlohmann::json>
    readyz_until(unsigned short port, std::function<bool(nlohmann::json const&)> const& done) {
        std::pair<int, nlohmann::json> last{0, nullptr};
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto connection = HttpConnection::open("127.0.0.1", port);
            if (connection) {
                auto answer = connection->request("GET", "/readyz", {}, {}, true);
                last = {answer.status, nlohmann::json::parse(answer.body, nullptr, false)};
                if (last.second.is_object() && last.second.contains("components"))
                    for (auto const& component : last.second["components"])
                        if (component["name"] == "calendars" && done(component))
                            return last;
            }
            std::this_thread::sleep_for(100ms);
        }
        return last;
    }

    std::unique_ptr<BinaryProcess> start_daemon(std::string const& state) {
        return BinaryProcess::start(
            {SWITCHBOARD_BINARY, "run", "--config", m_config, "--state-dir", state, "--no-stdin"});
    }

    CalendarServer server;
    std::filesystem::path m_dir;
    std::string m_config;
    std::string m_state;
    std::string m_day;
    std::string m_ical_day;
    std::string m_noon;
};

} // namespace

TEST_F(CalendarDaemonTest, TheDaemonKeepsTheCalendarCopyAndRunsOnItWhenTheServerFails) {
    auto const before = primary_of(who((m_dir / "nowhere").string()));
    ASSERT_TRUE(before.is_object());
    ASSERT_EQ(before["reason"], "rotation");
    auto const scheduled = before["person"].get<std::string>();
    auto const other = scheduled == "bob" ? std::string("carol") : std::string("bob");
    server.set_absent(scheduled, m_ical_day);

    {
        auto daemon = start_daemon(m_state);
        ASSERT_TRUE(daemon);
        auto port = listening_port(*daemon);
        ASSERT_TRUE(port) << daemon->stderr_text();
        auto ready =
            readyz_until(*port, [](nlohmann::json const& c) { return c["ready"] == true; });
        EXPECT_EQ(ready.first, 200) << ready.second.dump();
        // While it runs, the command line answers from the copy the daemon keeps.
        auto during = who(m_state);
        ASSERT_EQ(during.code, 0) << during.err;
        auto primary = primary_of(during);
        ASSERT_TRUE(primary.is_object()) << during.out;
        EXPECT_EQ(primary["person"], other);
        EXPECT_EQ(primary["reason"], "substitute");
        daemon->signal(SIGTERM);
        EXPECT_EQ(daemon->wait(), 0) << daemon->stderr_text();
    }

    server.set_failing(true);
    auto const asked = server.requests();
    auto offline = who(m_state);
    ASSERT_EQ(offline.code, 0) << offline.err;
    EXPECT_EQ(primary_of(offline)["reason"], "substitute") << offline.out;
    EXPECT_EQ(offline.err, "");
    EXPECT_EQ(server.requests(), asked) << "the copy is there; nothing needs fetching";

    {
        auto daemon = start_daemon(m_state);
        ASSERT_TRUE(daemon);
        auto port = listening_port(*daemon);
        ASSERT_TRUE(port) << daemon->stderr_text();
        auto ready = readyz_until(*port, [](nlohmann::json const& c) {
            return c["reason"].get<std::string>().find("HTTP 500") != std::string::npos;
        });
        EXPECT_EQ(ready.first, 200) << ready.second.dump();
        auto const text = ready.second.dump();
        EXPECT_NE(text.find("using the copy of"), std::string::npos) << text;
        EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
        daemon->signal(SIGTERM);
        EXPECT_EQ(daemon->wait(), 0) << daemon->stderr_text();
        EXPECT_EQ(daemon->stderr_text().find("s3cr3t"), std::string::npos) << daemon->stderr_text();
        EXPECT_EQ(daemon->stdout_text().find("s3cr3t"), std::string::npos);
    }
}

TEST_F(CalendarDaemonTest, WithoutAnyCopyAFailingCalendarMakesTheDaemonNotReady) {
    server.set_failing(true);
    auto daemon = start_daemon(m_state);
    ASSERT_TRUE(daemon);
    auto port = listening_port(*daemon);
    ASSERT_TRUE(port) << daemon->stderr_text();
    auto ready = readyz_until(*port, [](nlohmann::json const& c) {
        return c["reason"].get<std::string>().find("no copy yet") != std::string::npos;
    });
    EXPECT_EQ(ready.first, 503) << ready.second.dump();
    daemon->signal(SIGTERM);
    EXPECT_EQ(daemon->wait(), 0) << daemon->stderr_text();

    // The command line says it answers without the calendar.
    auto answer = who((m_dir / "fresh").string());
    EXPECT_EQ(answer.code, 0) << answer.err;
    EXPECT_NE(answer.err.find("warning: /people/"), std::string::npos) << answer.err;
    EXPECT_NE(answer.err.find("HTTP 500"), std::string::npos) << answer.err;
    EXPECT_EQ(answer.err.find("s3cr3t"), std::string::npos) << answer.err;
}
