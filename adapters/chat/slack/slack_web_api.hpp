// SPDX-License-Identifier: Apache-2.0
// Slack's Web API over the shared HTTP client: one JSON call, one classified answer.
#pragma once

#include "adapters/chat/slack/slack_wire.hpp"
#include "bot/ports/http_client.hpp"

#include <functional>
#include <map>
#include <string>

namespace sb::slack {

class WebApi {
public:
    // base_url such as "https://slack.com/api" (Enterprise Grid, GovSlack and tests differ).
    WebApi(HttpClient& http, std::string base_url, std::string bot_token);

    // POSTs args as JSON with the bot token; done sees the answer or a classified failure.
    void call(std::string const& method, nlohmann::json const& args,
              std::function<void(ApiResult)> done);
    // The same with args as a form: methods such as users.lookupByEmail ignore a JSON body.
    void call_form(std::string const& method, std::map<std::string, std::string> const& args,
                   std::function<void(ApiResult)> done);
    // apps.connections.open takes the app-level token, in the header only, and no arguments.
    void open_connection(std::string const& app_token, std::function<void(ApiResult)> done);
    // A slash command's or button's response_url takes JSON and no token.
    void respond(std::string const& response_url, nlohmann::json const& message,
                 std::function<void(ApiResult)> done);

private:
    HttpClient& m_http;
    std::string m_base_url;
    std::string m_token;
};

} // namespace sb::slack
