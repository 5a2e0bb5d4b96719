// SPDX-License-Identifier: Apache-2.0
#include "adapters/notifiers/pushover/pushover_notifier.hpp"

#include "adapters/notifiers/push_errors.hpp"
#include "base/safe_text.hpp"
#include "base/say.hpp"
#include "base/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace sb {
namespace {

// Pushover's errors come as {"status":0,"errors":["user identifier is invalid"]}.
std::string errors_of(std::string const& body) {
    auto json = nlohmann::json::parse(body, nullptr, false);
    std::string out;
    if (json.is_object() && json.contains("errors") && json["errors"].is_array())
        for (auto const& error : json["errors"])
            if (error.is_string())
                out += (out.empty() ? "" : "; ") + error.get<std::string>();
    return out;
}

void add_field(std::string& form, std::string const& name, std::string const& value) {
    if (!form.empty())
        form += '&';
    form += name + "=" + url_encode(value);
}

} // namespace

std::string PushoverNotifier::message_form(PageRequest const& page) const {
    int priority = page.urgency == Urgency::critical      ? 2
                   : page.urgency == Urgency::after_hours ? 1
                                                          : 0;
    std::string form;
    add_field(form, "token", m_settings.app_token);
    add_field(form, "user", page.address);
    // No "html=1": the message quotes strangers and is shown as plain text.
    // Pushover's caps are in characters; cutting at as many bytes keeps within them.
    add_field(form, "title", std::string(utf8_prefix(single_line(page.title), 250)));
    add_field(form, "message", std::string(utf8_prefix(page.text, 1024)));
    add_field(form, "priority", std::to_string(priority));
    if (priority == 2) {
        add_field(form, "retry", std::to_string(m_settings.retry.count()));
        add_field(form, "expire", std::to_string(m_settings.expire.count()));
    }
    // One supplementary link: the claim page when there is one, else the post itself.
    if (is_linkable_url(page.claim_url)) {
        add_field(form, "url", page.claim_url);
        add_field(form, "url_title", say(page.language, "Claim #{0}", page.item_id));
    } else if (is_linkable_url(page.item_url)) {
        add_field(form, "url", page.item_url);
        add_field(form, "url_title", say(page.language, "Open the post"));
    }
    return form;
}

void PushoverNotifier::send(PageRequest const& page, std::function<void(Result<PageSent>)> done) {
    OutboundRequest request;
    request.method = "POST";
    request.url = m_settings.base_url + "/1/messages.json";
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = message_form(page);
    request.timeout = std::chrono::seconds(15);
    m_http.send(
        std::move(request), [this, done = std::move(done)](Result<OutboundResponse> response) {
            if (!response) {
                done(unexpected(response.error()));
                return;
            }
            if (response->status / 100 != 2) {
                auto error = push_error("Pushover", *response, errors_of(response->body));
                if (error.code == ErrorCode::unauthorized || response->status == 400)
                    m_health = {false, error.message};
                done(unexpected(error));
                return;
            }
            auto body = nlohmann::json::parse(response->body, nullptr, false);
            if (!body.is_object() || body.value("status", 0) != 1) {
                done(unexpected(ErrorCode::unavailable, "Pushover did not confirm the message: " +
                                                            response->body.substr(0, 200)));
                return;
            }
            m_health = {};
            done(PageSent{body.value("receipt", std::string())});
        });
}

void PushoverNotifier::check_receipt(std::string const& receipt,
                                     std::function<void(Result<ReceiptStatus>)> done) {
    OutboundRequest request;
    request.url = m_settings.base_url + "/1/receipts/" + url_encode(receipt) +
                  ".json?token=" + url_encode(m_settings.app_token);
    request.timeout = std::chrono::seconds(15);
    m_http.send(std::move(request), [done = std::move(done)](Result<OutboundResponse> response) {
        if (!response) {
            done(unexpected(response.error()));
            return;
        }
        if (response->status / 100 != 2) {
            done(unexpected(push_error("Pushover", *response, errors_of(response->body))));
            return;
        }
        auto body = nlohmann::json::parse(response->body, nullptr, false);
        if (!body.is_object()) {
            done(unexpected(ErrorCode::unavailable, "Pushover sent a receipt that is not JSON"));
            return;
        }
        ReceiptStatus status;
        status.acknowledged = body.value("acknowledged", 0) == 1;
        status.expired = body.value("expired", 0) == 1;
        status.acknowledged_by = body.value("acknowledged_by", std::string());
        done(status);
    });
}

void PushoverNotifier::cancel_receipt(std::string const& receipt) {
    OutboundRequest request;
    request.method = "POST";
    request.url = m_settings.base_url + "/1/receipts/" + url_encode(receipt) + "/cancel.json";
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = "token=" + url_encode(m_settings.app_token);
    m_http.send(std::move(request), [receipt](Result<OutboundResponse> response) {
        if (!response || response->status / 100 != 2)
            spdlog::warn("paging: Pushover did not cancel receipt {}: {}", receipt,
                         response ? "HTTP " + std::to_string(response->status)
                                  : response.error().message);
    });
}

namespace {

Result<PushoverSettings> parse_pushover_settings(config::SettingsReader const& settings) {
    SB_TRY(settings.only_keys({"url", "app_token", "retry", "expire", "receipt_poll"}));
    PushoverSettings out;
    out.base_url = SB_TRY(settings.url("url", out.base_url));
    out.app_token = SB_TRY(settings.secret("app_token"));
    // Pushover's own limits: retry at least every 30 s, expire within 3 hours.
    out.retry = SB_TRY(settings.duration("retry", out.retry, std::chrono::seconds(30)));
    out.expire = SB_TRY(settings.duration("expire", out.expire, std::chrono::seconds(30)));
    if (out.expire > std::chrono::hours(3))
        SB_TRY(settings.fail("expire", "Pushover allows between 30s and 3h"));
    // How often the pager asks for a receipt; the pager reads it from the paging config.
    SB_TRY(settings.duration("receipt_poll", std::chrono::seconds(30), std::chrono::seconds(1)));
    return out;
}

std::unique_ptr<Notifier> create_pushover(PushoverSettings settings, NotifierDeps& deps) {
    return std::make_unique<PushoverNotifier>(std::move(settings), deps.http);
}

} // namespace

NotifierEntry pushover_notifier_entry() {
    return make_notifier_entry<PushoverSettings, parse_pushover_settings, create_pushover>(
        "pushover");
}

} // namespace sb
