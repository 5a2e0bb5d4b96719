// SPDX-License-Identifier: Apache-2.0
// Items, their states and timelines: the unit of work made from a mention.
#pragma once

#include "base/time.hpp"
#include "bot/core/item_id.hpp"
#include "bot/core/mention.hpp"
#include "bot/core/via.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

enum class ItemState { open, claimed, snoozed, resolved, dismissed };
enum class Priority { low, normal, high, urgent };

struct Item {
    ItemId id = 0;
    Mention mention;
    std::string team;
    Priority priority = Priority::normal;
    ItemState state = ItemState::open;
    std::string claimed_by; // person id while claimed
    std::optional<Instant> claimed_at;
    std::optional<Instant> resolved_at;
    std::optional<Instant> snoozed_until;
    std::optional<Instant> due_at; // when paging starts for an item that arrived in a planned gap
    Instant received_at{};
    bool deleted_by_author = false;
    std::optional<Instant> deleted_at;
    int duplicate_count = 0; // mentions grouped into this item after the first
    // Mentions of one post or one topic share a key, so the burst rule can group them.
    std::string group_key;
};

struct TimelineEvent {
    std::int64_t id = 0;
    ItemId item_id = 0;
    Instant at{};
    std::string actor; // person id, or "switchboard"
    Via via = Via::system;
    std::string kind;   // received, card_posted, claimed, released, resolved, snoozed, paged …
    std::string detail; // human-readable
};

char const* to_string(ItemState state);
char const* to_string(Priority priority);
std::optional<ItemState> item_state_from_string(std::string_view text);
std::optional<Priority> priority_from_string(std::string_view text);

// Items that still need somebody: open, or snoozed and waiting to come back.
inline bool is_active(ItemState state) {
    return state == ItemState::open || state == ItemState::claimed || state == ItemState::snoozed;
}

} // namespace sb
