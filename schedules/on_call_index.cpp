// SPDX-License-Identifier: Apache-2.0
#include "schedules/on_call_index.hpp"

#include <algorithm>

namespace sb::schedules {
namespace {

// The element of `list` (contiguous, by start) whose span holds `at`, if any.
template <typename Span> Span const* holding(std::vector<Span> const& list, Instant at) {
    auto after =
        std::upper_bound(list.begin(), list.end(), at,
                         [](Instant value, Span const& span) { return value < span.start; });
    if (after == list.begin())
        return nullptr;
    auto const& span = *std::prev(after);
    return at < span.end ? &span : nullptr;
}

} // namespace

OnCallIndex::OnCallIndex(RotaInputs const& inputs, Instant from, Instant to)
    : m_from(from), m_to(to), m_layers(resolve_timeline(inputs, from, to)),
      m_windows(window_timeline(inputs, from, to)) {}

std::optional<OnCall> OnCallIndex::at(Instant at) const {
    if (at < m_from || at >= m_to)
        return std::nullopt;
    OnCall answer;
    auto const* window = holding(m_windows, at);
    if (window == nullptr)
        return std::nullopt;
    answer.window = window->window;
    answer.layers.reserve(m_layers.size());
    for (auto const& list : m_layers) {
        auto const* piece = holding(list, at);
        // A span that starts or ends at an edge may go on beyond it.
        if (piece == nullptr || piece->start <= m_from || piece->end >= m_to)
            return std::nullopt;
        answer.layers.push_back(*piece);
    }
    return answer;
}

OnCallCache& OnCallCache::operator=(OnCallCache const& other) {
    if (this != &other)
        clear();
    return *this;
}

void OnCallCache::clear() {
    std::lock_guard lock(m_mutex);
    m_blocks.clear();
}

OnCall OnCallCache::who(std::string const& team, RotaInputs const& inputs, Instant at) {
    using std::chrono::duration_cast;
    using std::chrono::seconds;
    auto const length = duration_cast<seconds>(block_length);
    auto since_epoch = at.time_since_epoch();
    auto block = since_epoch.count() >= 0 ? since_epoch / length
                                          : (since_epoch - length + seconds(1)) / length;
    std::lock_guard lock(m_mutex);
    auto key = std::pair{team, static_cast<std::int64_t>(block)};
    auto found = m_blocks.find(key);
    if (found == m_blocks.end()) {
        if (m_blocks.size() >= max_blocks)
            m_blocks.clear();
        auto const start = Instant(length * block);
        found = m_blocks.try_emplace(key, inputs, start - length / 2, start + length + length / 2)
                    .first;
    }
    if (auto answer = found->second.at(at))
        return std::move(*answer);
    // Longer than the margin (a month-long override), or no layers at all: resolve it whole.
    return who_is_on_call(inputs, at);
}

} // namespace sb::schedules
