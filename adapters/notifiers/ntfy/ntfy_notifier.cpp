// SPDX-License-Identifier: Apache-2.0
#include "adapters/notifiers/ntfy/ntfy_notifier.hpp"

#include "adapters/notifiers/push_errors.hpp"
#include "base/safe_text.hpp"
#include "base/say.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace sb {

std::string NtfyNotifier::message_json(PageRequest const& page) {
    // ntfy's scale: 5 is "max" (long vibration, pop-over), 4 "high", 3 "default".
    int priority = page.urgency == Urgency::critical      ? 5
                   : page.urgency == Urgency::after_hours ? 4
                                                          : 3;
    nlohmann::json message{
        {"topic", page.address},
        {"title", single_line(page.title)},
        {"message", page.text},
        // The text quotes strangers: ntfy must not render it as Markdown (links, images).
        {"markdown", false},
        {"priority", priority},
        {"tags", nlohmann::json::array({priority == 5 ? "rotating_light" : "speech_balloon"})}};
    // A "javascript:" or "intent:" URL from a post must never be one tap away on a phone.
    if (is_linkable_url(page.item_url))
        message["click"] = page.item_url;
    if (is_linkable_url(page.claim_url))
        message["actions"] = nlohmann::json::array({{{"action", "http"},
                                                     {"label", say(page.language, "Claim")},
                                                     {"url", page.claim_url},
                                                     {"method", "POST"},
                                                     {"clear", true}}});
    return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void NtfyNotifier::send(PageRequest const& page, std::function<void(Result<PageSent>)> done) {
    OutboundRequest request;
    request.method = "POST";
    // Publishing as JSON goes to the server's root; the topic is in the body.
    request.url = m_settings.base_url + "/";
    request.headers = {{"Content-Type", "application/json"}};
    if (m_settings.token)
        request.headers.emplace_back("Authorization", "Bearer " + *m_settings.token);
    request.body = message_json(page);
    request.timeout = std::chrono::seconds(15);
    m_http.send(std::move(request),
                [this, done = std::move(done)](Result<OutboundResponse> response) {
                    if (!response) {
                        m_health = {false, "ntfy: " + response.error().message};
                        done(unexpected(response.error()));
                        return;
                    }
                    if (response->status / 100 != 2) {
                        std::string detail;
                        auto body = nlohmann::json::parse(response->body, nullptr, false);
                        if (body.is_object() && body.contains("error") && body["error"].is_string())
                            detail = body["error"].get<std::string>();
                        auto error = push_error("ntfy", *response, detail);
                        m_health = {error.code == ErrorCode::unavailable ||
                                        error.code == ErrorCode::rate_limited,
                                    "ntfy: " + error.message};
                        done(unexpected(error));
                        return;
                    }
                    m_health = {};
                    done(PageSent{});
                });
}

namespace {

Result<NtfySettings> parse_ntfy_settings(config::SettingsReader const& settings) {
    SB_TRY(settings.only_keys({"url", "token"}));
    NtfySettings out;
    out.base_url = SB_TRY(settings.url("url", out.base_url));
    // Open topics need no token; one on the public server is then guessable (the loader warns).
    if (auto token = SB_TRY(settings.secret_or_empty("token")); !token.empty())
        out.token = std::move(token);
    return out;
}

std::unique_ptr<Notifier> create_ntfy(NtfySettings settings, NotifierDeps& deps) {
    return std::make_unique<NtfyNotifier>(std::move(settings), deps.http);
}

} // namespace

NotifierEntry ntfy_notifier_entry() {
    return make_notifier_entry<NtfySettings, parse_ntfy_settings, create_ntfy>("ntfy");
}

} // namespace sb
