// SPDX-License-Identifier: Apache-2.0
// Runs the contract fake of Meta (tests/fakes/meta) as a child process and talks to it.
#pragma once

#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <string>

namespace sb::test {

class FakeMeta {
public:
    FakeMeta();
    ~FakeMeta();
    FakeMeta(FakeMeta const&) = delete;
    FakeMeta& operator=(FakeMeta const&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::string graph_url() const { return url() + "/v26.0"; }
    // A blocking control call; only for calls that do not make the fake call back into a server
    // that runs on the calling thread (deliver and verify do).
    nlohmann::json control(std::string const& name, nlohmann::json const& body = nullptr);

private:
    pid_t m_pid = -1;
    int m_port = 0;
};

// The body of a sample in tests/data/meta.
std::string meta_sample(std::string const& name);

} // namespace sb::test
