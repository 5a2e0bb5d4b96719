// SPDX-License-Identifier: Apache-2.0
// The injected clock: production reads the system clock, tests and simulations set it by hand.
#pragma once

#include "base/time.hpp"

namespace sb {

class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant now() const = 0;
};

} // namespace sb
