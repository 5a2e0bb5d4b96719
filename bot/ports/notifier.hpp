// SPDX-License-Identifier: Apache-2.0
// Notifiers page one person about one item: push services, webhooks, the log.
#pragma once

#include "bot/core/item.hpp"
#include "bot/ports/source.hpp"

#include <functional>
#include <string>

namespace sb {

enum class Urgency { normal, after_hours, critical };

struct PageRequest {
    std::int64_t page_id = 0;
    ItemId item_id = 0;
    std::string person; // person id
    std::string display_name;
    std::string contact; // the method's address for this person (topic, user key …)
    Urgency urgency = Urgency::normal;
    std::string title;
    std::string text;
    std::string item_url;
    std::string claim_url; // single-use link that claims the item from a phone
};

class Notifier {
public:
    virtual ~Notifier() = default;
    virtual std::string const& name() const = 0;
    // Completes exactly once, on the core thread.
    virtual void send(PageRequest const& page, std::function<void(Result<void>)> done) = 0;
    virtual AdapterHealth health() const = 0;
};

} // namespace sb
