// SPDX-License-Identifier: Apache-2.0
// ntfy (ntfy.sh or self-hosted): one topic per person, priority by urgency, a Claim button.
#pragma once

#include "adapters/notifiers/notifier_entry.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/notifier.hpp"

#include <optional>
#include <string>

namespace sb {

struct NtfySettings {
    std::string base_url = "https://ntfy.sh"; // without a trailing slash
    std::optional<std::string> token;         // access token (tk_…) or none for open topics
};

class NtfyNotifier final : public Notifier {
public:
    NtfyNotifier(NtfySettings settings, HttpClient& http)
        : m_settings(std::move(settings)), m_http(http) {}
    std::string const& name() const override { return m_name; }
    void send(PageRequest const& page, std::function<void(Result<PageSent>)> done) override;
    AdapterHealth health() const override { return m_health; }

    // The JSON that ntfy's publish endpoint takes; public for tests.
    static std::string message_json(PageRequest const& page);

private:
    std::string m_name = "ntfy";
    NtfySettings m_settings;
    HttpClient& m_http;
    AdapterHealth m_health;
};

// The "ntfy" plug-in: reads "paging": {"ntfy": {…}} and builds the notifier.
NotifierEntry ntfy_notifier_entry();

} // namespace sb
