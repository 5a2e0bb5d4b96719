// SPDX-License-Identifier: Apache-2.0
// The real switchboard on a temporary state directory with a console chat, its page files in a
// temporary folder, and helpers to sign in and call the API over HTTP.
#pragma once

#include "tests/integration/binary_process.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

namespace sb::test {

using namespace std::chrono_literals;

// The switchboard binary under test (the build defines where it is).
char const* switchboard_binary();

inline std::string security_config() {
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
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" }],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["alice", "bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "room", "after_hours": "room" }
    }
  },
  "escalation_policies": { "room": { "steps": [{ "after": "0s", "notify": [{ "room": true }] }], "repeat": 1 } },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

class SecurityTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-sec-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::ofstream(m_dir / "switchboard.jsonc") << security_config();
        std::filesystem::create_directories(m_dir / "web");
        std::ofstream(m_dir / "web" / "index.html") << "<!doctype html><title>switchboard</title>";
        std::ofstream(m_dir / "web" / "style.css") << "body { margin: 0 }";
    }
    void TearDown() override {
        m_process.reset();
        std::filesystem::remove_all(m_dir);
    }

    std::string config_path() const { return (m_dir / "switchboard.jsonc").string(); }
    std::string state_dir() const { return (m_dir / "state").string(); }

    void start() {
        m_process = BinaryProcess::start({switchboard_binary(), "run", "--config", config_path(),
                                          "--state-dir", state_dir(), "--web-dir",
                                          (m_dir / "web").string(), "--as", "bob"});
        ASSERT_TRUE(m_process);
        auto port = listening_port(*m_process);
        ASSERT_TRUE(port) << m_process->stderr_text();
        m_port = *port;
    }

    // Types a command and returns the console's reply line to it.
    std::string type(std::string const& person, std::string const& command) {
        auto from = m_process->stdout_text().size();
        m_process->write_line("/as " + person);
        m_process->write_line(command);
        auto marker = "→ " + person + ": ";
        auto at = m_process->wait_for_stdout(marker, 10s, from);
        if (!at)
            return {};
        m_process->pump(100ms);
        // Continuation lines of a reply are not marked, so the rest of the output is the reply.
        return m_process->stdout_text().substr(*at + marker.size());
    }

    // Types "web" as the person and returns the link their DM carried.
    std::string signin_link(std::string const& person) {
        auto from = m_process->stdout_text().size();
        auto reply = type(person, "web");
        EXPECT_NE(reply.find("I sent you a sign-in link in a direct message"), std::string::npos)
            << reply;
        auto at = m_process->wait_for_stdout("[DM to " + person + "]", 10s, from);
        if (!at)
            return {};
        m_process->pump(100ms);
        std::smatch match;
        static std::regex const link(R"((http://[^ ]+/web/signin\?t=([0-9a-f]+)))");
        auto text = m_process->stdout_text().substr(*at);
        if (!std::regex_search(text, match, link))
            return {};
        return match[1].str();
    }

    static std::string secret_of(std::string const& link) {
        return link.substr(link.find("?t=") + 3);
    }

    HttpResult request(std::string const& method, std::string const& target,
                       std::string const& body = {}, HeaderList const& headers = {}) {
        return http_request("127.0.0.1", m_port, method, target, body, headers);
    }

    // Signs the person in through a link; returns the sb_session cookie's value.
    std::string sign_in(std::string const& person) {
        auto link = signin_link(person);
        if (link.empty()) {
            ADD_FAILURE() << "no sign-in link in " << m_process->stdout_text();
            return {};
        }
        auto response = request("POST", "/web/signin", "t=" + secret_of(link),
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
        EXPECT_EQ(response.status, 303) << response.body;
        auto set_cookie = response.header("Set-Cookie");
        auto start = set_cookie.find('=') + 1;
        return set_cookie.substr(start, set_cookie.find(';') - start);
    }

    std::string csrf_of(std::string const& cookie) {
        auto session = request("GET", "/api/v1/session", {}, {{"Cookie", "sb_session=" + cookie}});
        EXPECT_EQ(session.status, 200) << session.body;
        if (session.status != 200)
            return {};
        return nlohmann::json::parse(session.body).value("csrf_token", "");
    }

    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_process;
    unsigned short m_port = 0;
};

} // namespace sb::test
