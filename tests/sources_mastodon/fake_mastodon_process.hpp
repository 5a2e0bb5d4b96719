// SPDX-License-Identifier: Apache-2.0
// Runs the contract fake Mastodon server (tests/fakes/mastodon) as a child and talks to it.
#pragma once

#include "tests/integration/binary_process.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace sb::test {

class FakeMastodon {
public:
    // scopes: the token's OAuth scopes, space-separated.
    explicit FakeMastodon(std::string const& token,
                          std::string const& scopes = "read:notifications read:statuses");
    ~FakeMastodon();
    FakeMastodon(FakeMastodon const&) = delete;
    FakeMastodon& operator=(FakeMastodon const&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // A control call: POST with a body, GET without one; throws when the fake refuses.
    nlohmann::json control(std::string const& name, nlohmann::json const& body = nullptr);
    // Posts a mention of the brand account; returns {notification_id, status_id}.
    nlohmann::json mention(std::string const& acct, std::string const& text,
                           nlohmann::json extra = nlohmann::json::object());
    // The notifications requests the fake answered, as {method, path, query, status}.
    nlohmann::json notification_requests();

private:
    std::unique_ptr<BinaryProcess> m_process;
    int m_port = 0;
};

} // namespace sb::test
