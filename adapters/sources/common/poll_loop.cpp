// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/common/poll_loop.hpp"

#include <algorithm>

namespace sb {

PollLoop::PollLoop(Clock const& clock, TimerService& timers, SourceStatusTracker& status,
                   Timing timing, Poll poll)
    : m_clock(clock), m_timers(timers), m_status(status), m_timing(timing),
      m_poll(std::move(poll)) {}

PollLoop::~PollLoop() {
    *m_alive = false;
    stop();
}

void PollLoop::start() {
    m_running = true;
    poll_soon();
}

void PollLoop::stop() {
    m_running = false;
    if (m_timer)
        m_timers.cancel(*m_timer);
    m_timer.reset();
}

void PollLoop::poll_soon() {
    if (!m_running)
        return;
    if (m_in_flight) {
        m_again = true;
        return;
    }
    auto now = m_clock.now();
    schedule(m_not_before && *m_not_before > now ? *m_not_before : now);
}

Backoff PollLoop::backoff_rule() const {
    // Up to a fifth less, so that many sources failing together do not retry together.
    return {m_timing.first_backoff, m_timing.max_backoff, 2, 0.2};
}

Seconds PollLoop::backoff(int failures) const {
    return std::chrono::duration_cast<Seconds>(backoff_rule().delay(failures));
}

void PollLoop::schedule(Instant at) {
    if (m_timer)
        m_timers.cancel(*m_timer);
    m_timer = m_timers.schedule(at, [this] {
        m_timer.reset();
        run();
    });
}

void PollLoop::run() {
    if (!m_running || m_in_flight)
        return;
    m_in_flight = true;
    m_again = false;
    std::weak_ptr<bool> alive = m_alive;
    m_poll([this, alive](PollResult result) {
        if (alive.expired())
            return;
        m_in_flight = false;
        finish(result);
    });
}

void PollLoop::finish(PollResult const& result) {
    auto now = m_clock.now();
    m_not_before = result.not_before;
    Instant next = now + m_timing.interval;
    switch (result.outcome) {
    case PollResult::Outcome::ok:
        m_failures = 0;
        m_status.succeeded(now);
        if (result.more || m_again)
            next = now;
        break;
    case PollResult::Outcome::retry:
    case PollResult::Outcome::fatal: {
        ++m_failures;
        if (result.outcome == PollResult::Outcome::fatal) {
            m_status.failed_for_good(now, result.error);
            next = now + m_timing.max_backoff;
        } else {
            m_status.failed(now, result.error);
            next = now + std::chrono::floor<Seconds>(backoff_rule().delay(m_failures, m_random));
        }
        break;
    }
    }
    if (m_not_before && *m_not_before > next)
        next = *m_not_before;
    if (result.outcome != PollResult::Outcome::ok || next > now + m_timing.interval)
        m_status.backing_off(next);
    if (m_running)
        schedule(next);
}

} // namespace sb
