// SPDX-License-Identifier: Apache-2.0
// A person's quiet hours: a nightly span of local time in their own timezone.
#pragma once

#include "base/time.hpp"

#include <chrono>
#include <string>

namespace sb::schedules {

struct QuietHours {
    std::chrono::minutes start{0}; // since local midnight
    std::chrono::minutes end{0};   // end <= start: the span crosses midnight
    std::string zone;              // IANA name; must exist
};

// When the quiet span that contains `at` ends, or `at` itself outside quiet hours. Local times
// that DST skips or repeats resolve to the earlier instant, like the rota's windows.
Instant quiet_until(QuietHours const& quiet, Instant at);

} // namespace sb::schedules
