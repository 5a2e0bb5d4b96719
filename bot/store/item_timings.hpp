// SPDX-License-Identifier: Apache-2.0
// When items arrived, were claimed and were resolved: the figures the reports are made of.
#pragma once

#include "bot/store/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb {

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

// Items received in [from, to), of one team or (empty) every team, oldest first.
std::vector<ItemTiming> item_timings(Store& store, std::string const& team, Instant from,
                                     Instant to);

} // namespace sb
