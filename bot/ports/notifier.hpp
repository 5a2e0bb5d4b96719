// SPDX-License-Identifier: Apache-2.0
// Notifiers page one person about one item: push services, webhooks, the log.
#pragma once

#include "base/language.hpp"
#include "base/result.hpp"
#include "bot/core/item_id.hpp"
#include "bot/ports/health.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace sb {

enum class Urgency { normal, after_hours, critical };
inline char const* to_string(Urgency urgency) {
    switch (urgency) {
    case Urgency::after_hours:
        return "after_hours";
    case Urgency::critical:
        return "critical";
    case Urgency::normal:
        break;
    }
    return "normal";
}

struct PageRequest {
    std::int64_t page_id = 0;
    ItemId item_id = 0; // 0 for a test page
    std::string person; // person id
    std::string display_name;
    std::string address; // the method's address for this person (topic, user key, URL)
    Urgency urgency = Urgency::normal;
    Language language = Language::en; // of the item's team: the words of buttons and titles
    std::string title;
    std::string text;
    std::string item_url;  // the mention on its platform
    std::string claim_url; // single-use link that claims the item from a phone; empty: none
};

struct PageSent {
    std::string receipt; // the service's id when it reports acknowledgements (Pushover)
};

struct ReceiptStatus {
    bool acknowledged = false;
    bool expired = false;        // the service stopped retrying without an acknowledgement
    std::string acknowledged_by; // the service's user (e.g. a Pushover user key)
};

class Notifier {
public:
    virtual ~Notifier() = default;
    // The method name a person's contact rules use: "ntfy", "pushover", "webhook", "log".
    virtual std::string const& name() const = 0;
    // Completes exactly once, on the core thread. An error with ErrorCode::unauthorized or
    // invalid_argument will not get better by retrying; others may.
    virtual void send(PageRequest const& page, std::function<void(Result<PageSent>)> done) = 0;
    // For services that return a receipt; completes exactly once, on the core thread.
    virtual void check_receipt(std::string const& receipt,
                               std::function<void(Result<ReceiptStatus>)> done) {
        (void)receipt;
        done(ReceiptStatus{});
    }
    // Stops a service's own repeats once somebody claimed the item elsewhere.
    virtual void cancel_receipt(std::string const& receipt) { (void)receipt; }
    virtual AdapterHealth health() const = 0;
};

} // namespace sb
