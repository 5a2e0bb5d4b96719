// SPDX-License-Identifier: Apache-2.0
// The injected timer service: callbacks at instants, cancellable; driven by hand in tests.
#pragma once

#include "base/time.hpp"

#include <cstdint>
#include <functional>

namespace sb {

using TimerId = std::uint64_t;

class TimerService {
public:
    virtual ~TimerService() = default;
    // Runs callback on the core thread at (or, if already past, right after) the instant.
    virtual TimerId schedule(Instant at, std::function<void()> callback) = 0;
    // Cancelling a timer that already fired or was cancelled is harmless.
    virtual void cancel(TimerId id) = 0;
};

} // namespace sb
