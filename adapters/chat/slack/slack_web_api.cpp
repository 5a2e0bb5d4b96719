// SPDX-License-Identifier: Apache-2.0
// Slack's Web API over the shared HTTP client.
#include "adapters/chat/slack/slack_web_api.hpp"

#include "base/text.hpp"

namespace sb::slack {

WebApi::WebApi(HttpClient& http, std::string base_url, std::string bot_token)
    : m_http(http), m_base_url(std::move(base_url)), m_token(std::move(bot_token)) {
    while (!m_base_url.empty() && m_base_url.back() == '/')
        m_base_url.pop_back();
}

void WebApi::call(std::string const& method, nlohmann::json const& args,
                  std::function<void(ApiResult)> done) {
    OutboundRequest request;
    request.method = "POST";
    request.url = m_base_url + "/" + method;
    request.headers = {{"Authorization", "Bearer " + m_token},
                       {"Content-Type", "application/json; charset=utf-8"}};
    request.body = args.dump();
    request.timeout = std::chrono::seconds(15);
    m_http.send(std::move(request),
                [method, done = std::move(done)](Result<OutboundResponse> response) {
                    done(classify_response(method, response));
                });
}

void WebApi::call_form(std::string const& method, std::map<std::string, std::string> const& args,
                       std::function<void(ApiResult)> done) {
    OutboundRequest request;
    request.method = "POST";
    request.url = m_base_url + "/" + method;
    request.headers = {{"Authorization", "Bearer " + m_token},
                       {"Content-Type", "application/x-www-form-urlencoded"}};
    for (auto const& [key, value] : args) {
        if (!request.body.empty())
            request.body += '&';
        request.body += url_encode(key) + "=" + url_encode(value);
    }
    request.timeout = std::chrono::seconds(15);
    m_http.send(std::move(request),
                [method, done = std::move(done)](Result<OutboundResponse> response) {
                    done(classify_response(method, response));
                });
}

void WebApi::open_connection(std::string const& app_token, std::function<void(ApiResult)> done) {
    OutboundRequest request;
    request.method = "POST";
    request.url = m_base_url + "/apps.connections.open";
    request.headers = {{"Authorization", "Bearer " + app_token},
                       {"Content-Type", "application/x-www-form-urlencoded"}};
    request.timeout = std::chrono::seconds(15);
    m_http.send(std::move(request), [done = std::move(done)](Result<OutboundResponse> response) {
        done(classify_response("apps.connections.open", response));
    });
}

void WebApi::respond(std::string const& response_url, nlohmann::json const& message,
                     std::function<void(ApiResult)> done) {
    OutboundRequest request;
    request.method = "POST";
    request.url = response_url;
    request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    request.body = message.dump();
    request.timeout = std::chrono::seconds(15);
    m_http.send(std::move(request), [done = std::move(done)](Result<OutboundResponse> response) {
        // A response_url answers "ok" as plain text, not the Web API's JSON.
        if (response && response->status == 200) {
            done(nlohmann::json{{"ok", true}});
            return;
        }
        done(classify_response("response_url", response));
    });
}

} // namespace sb::slack
