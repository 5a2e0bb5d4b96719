// SPDX-License-Identifier: Apache-2.0
// Starts node on a fake, reads the "PORT <n>" line it prints, and stops it with the object.
#include "tests/sources_polling/fake_service.hpp"

#include "adapters/net/http_client/curl_http_client.hpp"

#include <chrono>
#include <stdexcept>

namespace sb::test {

FakeService::FakeService(std::string const& script, std::map<std::string, std::string> env) {
    m_process = BinaryProcess::start({"/usr/bin/env", "node", script}, env);
    if (!m_process)
        throw std::runtime_error("cannot start node on " + script);
    auto at = m_process->wait_for_stdout("PORT ", std::chrono::seconds(20));
    if (!at || !m_process->wait_for_stdout("\n", std::chrono::seconds(5), *at))
        throw std::runtime_error("the fake did not start: " + m_process->stderr_text());
    m_port = std::stoi(m_process->stdout_text().substr(*at + 5));
}

nlohmann::json FakeService::control(std::string const& path, nlohmann::json const& body) {
    OutboundRequest request;
    request.method = body.is_null() ? "GET" : "POST";
    request.url = url() + "/_control/" + path;
    if (!body.is_null()) {
        request.body = body.dump();
        request.headers.emplace_back("Content-Type", "application/json");
    }
    auto response = perform_http(request);
    if (!response || response->status != 200)
        throw std::runtime_error("control call " + path + " failed: " +
                                 (response ? response->body : response.error().message));
    return nlohmann::json::parse(response->body);
}

} // namespace sb::test
