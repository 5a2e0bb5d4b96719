// SPDX-License-Identifier: Apache-2.0
// Runs the Slack contract fake (tests/fakes/slack) as a child process and talks to its controls.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace sb::test {

class SlackFakeProcess {
public:
    // Starts node on the fake and waits for the port it bound; throws when it cannot.
    SlackFakeProcess();
    ~SlackFakeProcess();
    SlackFakeProcess(SlackFakeProcess const&) = delete;
    SlackFakeProcess& operator=(SlackFakeProcess const&) = delete;

    std::uint16_t port() const { return m_port; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // POST /control/<what> with a JSON body; the fake's JSON answer.
    nlohmann::json control(std::string const& what, nlohmann::json const& body = {});
    nlohmann::json state() { return control("state"); }

private:
    int m_pid = -1;
    int m_stdin = -1;
    std::uint16_t m_port = 0;
};

} // namespace sb::test
