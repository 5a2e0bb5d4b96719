// SPDX-License-Identifier: Apache-2.0
// Parts that were started, each kept with its stop: stopped in reverse order of starting, at
// shutdown or when a later start fails half-way, so nothing stops before what depends on it.
#pragma once

#include <functional>
#include <vector>

namespace sb {

class RunningParts {
public:
    RunningParts() = default;
    RunningParts(RunningParts const&) = delete;
    RunningParts& operator=(RunningParts const&) = delete;
    ~RunningParts() { stop_all(); }

    // Runs `start` and then keeps `stop` for later; a start that throws keeps nothing, and the
    // parts started before it are stopped as this object goes.
    void start(std::function<void()> const& start, std::function<void()> stop) {
        start();
        m_stops.push_back(std::move(stop));
    }

    // Stops every running part, the last started first. Safe to call again.
    void stop_all() {
        while (!m_stops.empty()) {
            auto stop = std::move(m_stops.back());
            m_stops.pop_back();
            stop();
        }
    }

    bool empty() const { return m_stops.empty(); }

private:
    std::vector<std::function<void()>> m_stops;
};

} // namespace sb
