// SPDX-License-Identifier: Apache-2.0
// Who is on call, answered from the rota resolved ahead: a binary search per layer in place of
// a fresh resolution for every question.
#pragma once

#include "schedules/model.hpp"
#include "schedules/resolver.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb::schedules {

// The rota of one team resolved over [from, to).
class OnCallIndex {
public:
    OnCallIndex(RotaInputs const& inputs, Instant from, Instant to);

    // The answer of who_is_on_call(inputs, at), or nullopt when `at` lies outside the span or an
    // assignment at `at` reaches an edge of it (its whole length is not known here).
    std::optional<OnCall> at(Instant at) const;

private:
    Instant m_from;
    Instant m_to;
    std::vector<std::vector<Assignment>> m_layers; // per layer, contiguous, by start
    std::vector<WindowSpan> m_windows;
};

// OnCallIndex blocks of every team, built on demand around the instants asked for. A copy
// starts empty; clear() after the inputs change. Safe to ask from several threads.
class OnCallCache {
public:
    OnCallCache() = default;
    OnCallCache(OnCallCache const& /*other*/) {}
    OnCallCache& operator=(OnCallCache const& other);
    ~OnCallCache() = default;

    // who_is_on_call(inputs, at) for the team whose inputs these are.
    OnCall who(std::string const& team, RotaInputs const& inputs, Instant at);
    void clear();

    // Each block answers for this long; it is resolved with half of it again on either side,
    // so an assignment shorter than that is always whole inside it.
    static constexpr std::chrono::days block_length{32};
    // Blocks kept before the cache starts again: about five years of one team.
    static constexpr std::size_t max_blocks = 64;

private:
    std::mutex m_mutex;
    std::map<std::pair<std::string, std::int64_t>, OnCallIndex> m_blocks;
};

} // namespace sb::schedules
