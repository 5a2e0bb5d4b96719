// SPDX-License-Identifier: Apache-2.0
// Runs a source's poll on a timer: the interval when all is well, back-off with jitter on
// errors, and never earlier than a rate limit allows.
#pragma once

#include "adapters/sources/common/source_status.hpp"
#include "base/backoff.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/timer_service.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

namespace sb {

struct PollResult {
    enum class Outcome { ok, retry, fatal };
    Outcome outcome = Outcome::ok;
    std::string error;                 // retry/fatal: what went wrong, for people
    std::optional<Instant> not_before; // a rate limit: no request before this
    bool more = false;                 // ok: a page limit was hit, poll again at once
};

class PollLoop {
public:
    using Done = std::function<void(PollResult)>;
    // One poll: reads the platform, hands mentions to the core, then calls done exactly once.
    using Poll = std::function<void(Done done)>;

    struct Timing {
        Seconds interval{60};
        Seconds first_backoff{5};
        Seconds max_backoff{15 * 60};
    };

    PollLoop(Clock const& clock, TimerService& timers, SourceStatusTracker& status, Timing timing,
             Poll poll);
    ~PollLoop();
    PollLoop(PollLoop const&) = delete;
    PollLoop& operator=(PollLoop const&) = delete;

    void start(); // polls at once
    void stop();  // a poll in flight finishes, but schedules nothing
    // Polls at once unless a poll is running or a rate limit forbids it (then as soon as allowed).
    void poll_soon();

    // The delay after n consecutive failures, without jitter; exposed for tests.
    Seconds backoff(int failures) const;

private:
    Backoff backoff_rule() const;
    void run();
    void finish(PollResult const& result);
    void schedule(Instant at);

    Clock const& m_clock;
    TimerService& m_timers;
    SourceStatusTracker& m_status;
    Timing m_timing;
    Poll m_poll;
    std::optional<TimerId> m_timer;
    std::optional<Instant> m_not_before;
    int m_failures = 0;
    bool m_running = false;
    bool m_in_flight = false;
    bool m_again = false; // poll_soon() during a poll: run once more when it ends
    std::mt19937_64 m_random{std::random_device{}()};
    // Whether this object is still alive when an asynchronous done() arrives.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
