// SPDX-License-Identifier: Apache-2.0
// Pushover: emergency priority (2) with retry and expire for critical pages; the receipt is
// polled so that an acknowledgement in the app counts as a claim.
#pragma once

#include "adapters/notifiers/notifier_entry.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/notifier.hpp"

#include <chrono>
#include <string>

namespace sb {

struct PushoverSettings {
    std::string base_url = "https://api.pushover.net";
    std::string app_token;
    std::chrono::seconds retry{60};
    std::chrono::seconds expire{3600};
};

class PushoverNotifier final : public Notifier {
public:
    PushoverNotifier(PushoverSettings settings, HttpClient& http)
        : m_settings(std::move(settings)), m_http(http) {}
    std::string const& name() const override { return m_name; }
    void send(PageRequest const& page, std::function<void(Result<PageSent>)> done) override;
    void check_receipt(std::string const& receipt,
                       std::function<void(Result<ReceiptStatus>)> done) override;
    void cancel_receipt(std::string const& receipt) override;
    AdapterHealth health() const override { return m_health; }

    // The form fields of a message; public for tests.
    std::string message_form(PageRequest const& page) const;

private:
    std::string m_name = "pushover";
    PushoverSettings m_settings;
    HttpClient& m_http;
    AdapterHealth m_health;
};

// The "pushover" plug-in: reads "paging": {"pushover": {…}} and builds the notifier.
NotifierEntry pushover_notifier_entry();

} // namespace sb
