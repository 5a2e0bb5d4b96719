// SPDX-License-Identifier: Apache-2.0
// Simulated time: a clock set by hand and timers that fire when it is advanced past them.
#pragma once

#include "bot/ports/clock.hpp"
#include "bot/ports/timer_service.hpp"

#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace sb {

class ManualClock : public Clock {
public:
    explicit ManualClock(Instant start = Instant{}) : m_now(start) {}
    Instant now() const override { return m_now; }
    void set(Instant at) { m_now = at; }

private:
    Instant m_now;
};

// Timers in simulated time: advance_to(t) fires every timer due at or before t, in order of
// due time, ties in order of creation, moving the clock to each timer's instant as it fires.
class ManualTimers : public TimerService {
public:
    explicit ManualTimers(ManualClock& clock) : m_clock(clock) {}

    TimerId schedule(Instant at, std::function<void()> callback) override {
        auto id = ++m_next_id;
        m_timers.emplace(std::make_pair(at, id), std::move(callback));
        return id;
    }

    void cancel(TimerId id) override {
        for (auto it = m_timers.begin(); it != m_timers.end(); ++it)
            if (it->first.second == id) {
                m_timers.erase(it);
                return;
            }
    }

    void advance_to(Instant target) {
        while (!m_timers.empty() && m_timers.begin()->first.first <= target) {
            auto node = m_timers.extract(m_timers.begin());
            if (node.key().first > m_clock.now())
                m_clock.set(node.key().first);
            node.mapped()();
        }
        if (target > m_clock.now())
            m_clock.set(target);
    }

    // Fires what is due now (timers scheduled for an instant already past).
    void run_due() { advance_to(m_clock.now()); }

    std::size_t pending() const { return m_timers.size(); }
    std::optional<Instant> next_due() const {
        if (m_timers.empty())
            return std::nullopt;
        return m_timers.begin()->first.first;
    }

private:
    ManualClock& m_clock;
    std::map<std::pair<Instant, TimerId>, std::function<void()>> m_timers;
    TimerId m_next_id = 0;
};

} // namespace sb
