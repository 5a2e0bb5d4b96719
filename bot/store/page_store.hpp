// SPDX-License-Identifier: Apache-2.0
// Phone pages in the store's file: planned with a due time, sent once, their receipts and links.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

// One row of pages for a phone method ("push:ntfy", "push:pushover", "push:webhook" …).
// States: queued (waiting for due_at), sent, failed, acknowledged, cancelled.
struct PhonePage {
    std::int64_t id = 0;
    ItemId item_id = 0;
    std::string person;
    std::string method;  // "push:<notifier>"
    std::string address; // topic, user key or URL
    std::string urgency = "normal";
    std::string state = "queued";
    Instant created_at{};
    Instant due_at{};
    int attempts = 0;
    std::string receipt; // the service's id for an acknowledgeable page (Pushover's receipt)
    std::string detail;  // why it was sent, or the last error
    std::optional<Instant> claim_used_at;
};

class PageStore {
public:
    explicit PageStore(Store& store) : m_store(store) {}

    Result<std::int64_t> add(PhonePage const& page);
    Result<std::optional<PhonePage>> get(std::int64_t id);
    // Queued pages due at or before `at`, earliest first.
    Result<std::vector<PhonePage>> due(Instant at);
    // The earliest due time of any queued page.
    Result<std::optional<Instant>> next_due();
    // Sent pages whose receipt may still be acknowledged.
    Result<std::vector<PhonePage>> open_receipts();
    // Queued pages for one person about one item, in the order they were planned.
    Result<std::vector<PhonePage>> queued_for(ItemId item, std::string const& person);

    Result<void> mark_sent(std::int64_t id, Instant at, std::string const& receipt);
    Result<void> retry_at(std::int64_t id, Instant at, int attempts, std::string const& error);
    Result<void> set_state(std::int64_t id, std::string const& state, Instant at,
                           std::string const& detail);
    Result<void> bring_forward(std::int64_t id, Instant at);
    // Marks the page's claim link used; false when it already was (a replay).
    Result<bool> use_claim_link(std::int64_t id, Instant at);

private:
    Store& m_store;
};

} // namespace sb
