// SPDX-License-Identifier: Apache-2.0
// The real binary with the REST API on a temporary state directory: tokens per person, and a
// client that records every exchange in the trace the OpenAPI check reads.
#pragma once

#include "tests/integration/binary_process.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sb::test {

struct Reply {
    int status = 0;
    std::string content_type;
    std::map<std::string, std::string, CaseLess> headers;
    std::string body;

    nlohmann::json json() const;
    std::string header(std::string const& name) const;
    // "status 404: {…}" for assertion messages.
    std::string describe() const;
};

// Who sends a request: a person's token, a raw Authorization or Cookie header, or nobody.
struct As {
    std::string person;       // uses the person's API token
    HeaderList extra_headers; // If-Match, Cookie, X-CSRF-Token …
};

class ApiTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // The config: teams care (alice manages it) and social (frank manages it); bob and carol
    // are members of care.
    static std::string config_text();

    Reply call(std::string const& method, std::string const& target, As const& as,
               std::string const& body = {});
    Reply get(std::string const& target, std::string const& person) {
        return call("GET", target, As{person, {}});
    }
    Reply post(std::string const& target, std::string const& person, nlohmann::json const& body) {
        return call("POST", target, As{person, {{"Content-Type", "application/json"}}},
                    body.dump());
    }
    // Opens a server-sent events stream and answers its status and headers (the body is the
    // first chunk read, if any), then closes it.
    Reply open_stream(std::string const& target, std::string const& person);
    // Posts a signed mention to the webhook source; returns the item id.
    long post_mention(std::string const& id, std::string const& text);

    // The next Saturday (UTC) after today, as "YYYY-MM-DD".
    static std::string next_saturday();
    // The day so many days after today (UTC), as "YYYY-MM-DD": the tests plan ahead of the
    // wall clock, since the rota refuses changes wholly in the past.
    static std::string day(int days_ahead);

    std::filesystem::path m_dir;
    std::unique_ptr<BinaryProcess> m_process;
    unsigned short m_port = 0;
    std::map<std::string, std::string> m_tokens;
    std::vector<std::string> m_templates; // the document's paths, for the trace
};

// Asserts an application/problem+json answer with this status (and field, when given).
::testing::AssertionResult is_problem(Reply const& reply, int status,
                                      std::string const& field = {});

} // namespace sb::test
