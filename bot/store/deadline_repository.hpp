// SPDX-License-Identifier: Apache-2.0
// Escalation deadlines: one per active item, kept so that a restart resumes each chain.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/core/item_id.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb {

class Store;

struct Deadline {
    ItemId item_id = 0;
    Instant due_at{};
    std::string policy;   // escalation policy id; empty while waiting for coverage to begin
    int step = 0;         // the next step to run
    int round = 0;        // how many times the chain already ran
    Instant started_at{}; // when this round of paging began
    std::string kind = "escalate"; // "escalate", "wake" (end of a snooze), "begin" (planned gap)
};

class DeadlineRepository {
public:
    explicit DeadlineRepository(Store& store) : m_store(store) {}

    // Replaces the item's deadline.
    Result<void> set(Deadline const& deadline);
    Result<void> clear(ItemId item);
    Result<std::optional<Deadline>> get(ItemId item);
    // Every deadline, earliest first.
    Result<std::vector<Deadline>> all();

private:
    Store& m_store;
};

} // namespace sb
