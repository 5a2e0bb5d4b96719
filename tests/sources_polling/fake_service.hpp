// SPDX-License-Identifier: Apache-2.0
// Runs a Node contract fake (tests/fakes/<platform>) as a child process and calls its controls.
#pragma once

#include "tests/integration/binary_process.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

namespace sb::test {

class FakeService {
public:
    explicit FakeService(std::string const& script, std::map<std::string, std::string> env = {});

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // POST /_control/<path> with body (GET when body is null); throws unless it answers 200.
    nlohmann::json control(std::string const& path, nlohmann::json const& body = nullptr);
    // The platform requests the fake served, as {method, path, query}.
    nlohmann::json requests() { return control("report")["requests"]; }

private:
    std::unique_ptr<BinaryProcess> m_process;
    int m_port = 0;
};

} // namespace sb::test
