// SPDX-License-Identifier: Apache-2.0
// Items, their timelines and the mentions grouped into them: what arrived, what happened to it.
#pragma once

#include "base/result.hpp"
#include "bot/core/item.hpp"
#include "bot/store/deadline_repository.hpp"
#include "bot/store/outbox_repository.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

class Store;

struct ItemFilter {
    std::optional<ItemState> state;
    bool active_only = false;
    std::string team;
    int limit = 50;
};

// The items list of the API and the web page: filters, newest first, paged by id.
struct ItemQuery {
    std::vector<ItemState> states; // empty: any
    std::string team;
    std::string source;
    std::optional<Priority> priority;
    std::optional<Instant> received_until; // received at or before (the API's min_age)
    std::optional<Instant> received_since; // received at or after (the API's max_age)
    std::optional<ItemId> before_id;       // the cursor: items with a smaller id
    int limit = 50;
};

struct ItemPage {
    std::vector<Item> items;
    std::optional<ItemId> next_before_id; // nullopt: this was the last page
};

// When an item arrived, was claimed and was resolved: what the reports are made of.
struct ItemTiming {
    ItemId id = 0;
    std::string team;
    std::string source;
    std::string claimed_by; // who claimed it last, kept after it was resolved
    ItemState state = ItemState::open;
    Instant received_at{};
    std::optional<Instant> claimed_at;
    std::optional<Instant> resolved_at; // only for resolved items, not dismissed ones
};

// What a state change writes, all in one transaction.
struct Transition {
    ItemId item_id = 0;
    std::vector<ItemState> allowed_from; // the change happens only from one of these
    ItemState to = ItemState::open;
    std::string claimed_by;               // for claimed
    std::optional<Instant> snoozed_until; // for snoozed
    TimelineEvent event;
    std::vector<NewOutbox> outbox;
    std::optional<Deadline> deadline; // replaces the item's deadline; nullopt removes it
};

struct IngestResult {
    ItemId item_id = 0;
    bool created = false;
};

class ItemRepository {
public:
    explicit ItemRepository(Store& store) : m_store(store) {}

    // Inserts the item, its "received" event, the outbox entries and the deadline in one
    // transaction; a known (source, platform, external id) returns the existing id with
    // created=false.
    Result<IngestResult> insert(Item const& item, TimelineEvent event,
                                std::vector<NewOutbox> const& outbox,
                                std::optional<Deadline> const& deadline);
    // A mention is known by (source, platform, external id): two sources make two items.
    Result<std::optional<ItemId>> find(std::string const& source, std::string const& platform,
                                       std::string const& external_id);
    // The item a mention was grouped into by the burst rule.
    Result<std::optional<ItemId>> find_alias(std::string const& source, std::string const& platform,
                                             std::string const& external_id);
    // The newest active item of a burst group that arrived at or after `since`.
    Result<std::optional<Item>> burst_target(std::string const& group_key, Instant since);
    // Counts the mention into the item (and may raise its priority) with its event and card
    // update; false when the mention was already known.
    Result<bool> group_into(ItemId id, Mention const& mention, std::optional<Priority> raise_to,
                            TimelineEvent event, std::vector<NewOutbox> const& outbox);
    // Records an edit or a deletion of an item's mention, with its event and card update.
    Result<void> update_mention(ItemId id, Mention const& mention, TimelineEvent event,
                                std::vector<NewOutbox> const& outbox);

    // Applies a state change atomically: false (a conflict) when the item is not in an allowed
    // state any more, so the first claim wins and a later one is told who has it.
    Result<bool> apply(Transition const& transition);
    Result<void> add_event(TimelineEvent event, std::vector<NewOutbox> const& outbox = {});

    Result<std::optional<Item>> get(ItemId id);
    // Items by id, oldest first.
    Result<std::vector<Item>> list(ItemFilter const& filter);
    // One page of items matching the query (in item_query.cpp).
    Result<ItemPage> page(ItemQuery const& query);
    Result<std::vector<TimelineEvent>> timeline(ItemId id);

    // Items received in [from, to), of one team or (empty) every team, oldest first.
    Result<std::vector<ItemTiming>> timings(std::string const& team, Instant from, Instant to);
    // Durations in seconds for the report: time to claim and time to resolve.
    Result<std::vector<std::int64_t>> claim_durations();
    Result<std::vector<std::int64_t>> resolve_durations();

private:
    Store& m_store;
};

} // namespace sb
