// SPDX-License-Identifier: Apache-2.0
// The outbox: every chat delivery the core asked for, kept until the adapter took it, and the
// cards each item has in each adapter.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/core/item_id.hpp"
#include "bot/ports/chat_adapter.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

class Store;

struct NewOutbox {
    OutboxKind kind = OutboxKind::room_message;
    std::string adapter;
    std::string room;
    std::string person;
    std::string person_address;
    std::string text;
    // When set, replaces text once the message was delivered (or given up): for secrets such as
    // sign-in links, which must not stay in the database file in clear.
    std::string after_delivery = {};
};

struct StoredOutbox {
    OutboxMessage message;
    Instant next_attempt_at{};
    std::string state; // pending, delivered, failed
};

class OutboxRepository {
public:
    explicit OutboxRepository(Store& store) : m_store(store) {}

    // Entries that belong to no event (a test page's DMs), in one transaction.
    Result<void> add(ItemId item, std::vector<NewOutbox> const& entries);
    // Entries waiting for delivery, oldest first.
    Result<std::vector<StoredOutbox>> pending(int limit);
    // Entries waiting for delivery, from the tally: no table scan.
    std::int64_t depth() const;
    Result<void> delivered(std::int64_t id, std::string const& message_ref);
    Result<void> retry(std::int64_t id, Instant next_attempt_at, std::string const& error);
    Result<void> failed(std::int64_t id, std::string const& error);

    // The adapter's message that shows the item's card, and the way back.
    Result<std::optional<std::string>> card_ref(ItemId item, std::string const& adapter);
    Result<std::optional<ItemId>> item_for_card(std::string const& adapter,
                                                std::string const& message_ref);

    // Adds an entry inside the caller's open transaction; count() counts the entries into the
    // tally once that transaction committed.
    void insert(ItemId item, NewOutbox const& entry);
    void count(std::int64_t entries);

private:
    Store& m_store;
};

} // namespace sb
