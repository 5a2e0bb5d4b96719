// SPDX-License-Identifier: Apache-2.0
// A signed JSON page to any URL, for SMS and voice gateways.
//
// Headers: X-Switchboard-Timestamp (Unix seconds) and X-Switchboard-Signature:
// sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret>.
#pragma once

#include "adapters/notifiers/notifier_entry.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/notifier.hpp"

#include <string>

namespace sb {

class WebhookNotifier final : public Notifier {
public:
    WebhookNotifier(std::string secret, HttpClient& http, Clock const& clock)
        : m_secret(std::move(secret)), m_http(http), m_clock(clock) {}
    std::string const& name() const override { return m_name; }
    void send(PageRequest const& page, std::function<void(Result<PageSent>)> done) override;
    AdapterHealth health() const override { return m_health; }

    static std::string body_json(PageRequest const& page, Instant now);

private:
    std::string m_name = "webhook";
    std::string m_secret;
    HttpClient& m_http;
    Clock const& m_clock;
    AdapterHealth m_health;
};

// The "webhook" plug-in: reads "paging": {"webhook": {…}} and builds the notifier.
NotifierEntry webhook_notifier_entry();

} // namespace sb
