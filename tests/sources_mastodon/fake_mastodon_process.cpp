// SPDX-License-Identifier: Apache-2.0
// Starts node on the fake Mastodon server, reads the port it printed, stops it at the end.
#include "tests/sources_mastodon/fake_mastodon_process.hpp"

#include "adapters/net/http_client/curl_http_client.hpp"

#include <csignal>
#include <stdexcept>

namespace sb::test {

using namespace std::chrono_literals;

FakeMastodon::FakeMastodon(std::string const& token, std::string const& scopes) {
    m_process = BinaryProcess::start(
        {"/usr/bin/env", "node", MASTODON_FAKE_SCRIPT, "--token", token, "--scopes", scopes});
    if (!m_process)
        throw std::runtime_error("cannot start node for the fake Mastodon server");
    auto at = m_process->wait_for_stdout("listening ", 20s);
    if (!at || !m_process->wait_for_stdout("\n", 5s, *at))
        throw std::runtime_error("the fake Mastodon server did not start: " +
                                 m_process->stderr_text());
    m_port = std::stoi(m_process->stdout_text().substr(*at + std::string("listening ").size()));
}

FakeMastodon::~FakeMastodon() {
    if (m_process) {
        m_process->signal(SIGTERM);
        m_process->wait(5s);
    }
}

nlohmann::json FakeMastodon::control(std::string const& name, nlohmann::json const& body) {
    OutboundRequest request;
    request.method = body.is_null() ? "GET" : "POST";
    request.url = url() + "/_control/" + name;
    if (!body.is_null()) {
        request.body = body.dump();
        request.headers.emplace_back("Content-Type", "application/json");
    }
    auto response = perform_http(request);
    if (!response || response->status != 200)
        throw std::runtime_error("control call " + name + " failed: " +
                                 (response ? response->body : response.error().message));
    return nlohmann::json::parse(response->body);
}

nlohmann::json FakeMastodon::mention(std::string const& acct, std::string const& text,
                                     nlohmann::json extra) {
    extra["acct"] = acct;
    extra["text"] = text;
    return control("mention", extra);
}

nlohmann::json FakeMastodon::notification_requests() {
    auto out = nlohmann::json::array();
    for (auto const& request : control("requests"))
        if (request["path"] == "/api/v1/notifications")
            out.push_back(request);
    return out;
}

} // namespace sb::test
