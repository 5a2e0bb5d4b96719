// SPDX-License-Identifier: Apache-2.0
// A clock that moves only when a test moves it.
#pragma once

#include "bot/ports/clock.hpp"

#include <atomic>

namespace sb::test {

class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start = Instant{}) : m_seconds(start.time_since_epoch().count()) {}

    // Atomic, because the server's thread reads it while the test's thread moves it.
    Instant now() const override { return Instant(Seconds(m_seconds.load())); }
    void set(Instant at) { m_seconds.store(at.time_since_epoch().count()); }
    void advance(Seconds by) { m_seconds.fetch_add(by.count()); }

private:
    std::atomic<Seconds::rep> m_seconds;
};

} // namespace sb::test
