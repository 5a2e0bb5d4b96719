// SPDX-License-Identifier: Apache-2.0
#include "adapters/notifiers/webhook/webhook_notifier.hpp"

#include "adapters/notifiers/push_errors.hpp"
#include "base/hmac.hpp"

#include <nlohmann/json.hpp>

namespace sb {

std::string WebhookNotifier::body_json(PageRequest const& page, Instant now) {
    nlohmann::json body{{"event", "page"},
                        {"page_id", page.page_id},
                        {"item_id", page.item_id},
                        {"person", page.person},
                        {"name", page.display_name},
                        {"urgency", to_string(page.urgency)},
                        {"title", page.title},
                        {"text", page.text},
                        {"item_url", page.item_url},
                        {"claim_url", page.claim_url},
                        {"sent_at", format_instant(now)}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void WebhookNotifier::send(PageRequest const& page, std::function<void(Result<PageSent>)> done) {
    auto now = m_clock.now();
    auto timestamp = std::to_string(now.time_since_epoch().count());
    OutboundRequest request;
    request.method = "POST";
    request.url = page.address;
    request.body = body_json(page, now);
    request.headers = {{"Content-Type", "application/json"},
                       {"X-Switchboard-Timestamp", timestamp},
                       {"X-Switchboard-Signature",
                        "sha256=" + hmac_sha256_hex(m_secret, timestamp + "." + request.body)}};
    request.timeout = std::chrono::seconds(15);
    m_http.send(std::move(request), [this,
                                     done = std::move(done)](Result<OutboundResponse> response) {
        if (!response) {
            done(unexpected(response.error()));
            return;
        }
        if (response->status / 100 != 2) {
            auto error = push_error("the page webhook", *response, response->body.substr(0, 200));
            m_health = {error.code != ErrorCode::unauthorized, error.message};
            done(unexpected(error));
            return;
        }
        m_health = {};
        done(PageSent{});
    });
}

namespace {

struct WebhookNotifierSettings {
    std::string secret; // signs each page
};

Result<WebhookNotifierSettings> parse_webhook_settings(config::SettingsReader const& settings) {
    SB_TRY(settings.only_keys({"secret"}));
    return WebhookNotifierSettings{SB_TRY(settings.secret("secret"))};
}

std::unique_ptr<Notifier> create_webhook(WebhookNotifierSettings settings, NotifierDeps& deps) {
    return std::make_unique<WebhookNotifier>(std::move(settings.secret), deps.http, deps.clock);
}

} // namespace

NotifierEntry webhook_notifier_entry() {
    return make_notifier_entry<WebhookNotifierSettings, parse_webhook_settings, create_webhook>(
        "webhook");
}

} // namespace sb
