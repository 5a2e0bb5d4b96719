// SPDX-License-Identifier: Apache-2.0
// Runs the contract fake homeserver (tests/fakes/matrix) as a child process and talks to it.
#pragma once

#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <string>

namespace sb::test {

class FakeHomeserver {
public:
    FakeHomeserver();
    ~FakeHomeserver();
    FakeHomeserver(FakeHomeserver const&) = delete;
    FakeHomeserver& operator=(FakeHomeserver const&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // A control call (/_control/...): injects events, reads what the bot did.
    nlohmann::json control(std::string const& path, nlohmann::json const& body = nullptr);
    nlohmann::json room(std::string const& room_id);
    // Client-server requests the bot made, as {method, path, query, body}.
    nlohmann::json requests();
    nlohmann::json violations();

private:
    pid_t m_pid = -1;
    int m_port = 0;
};

} // namespace sb::test
