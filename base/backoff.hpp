// SPDX-License-Identifier: Apache-2.0
// The one back-off rule for every retry: outbox deliveries, phone pages, chat reconnects and
// source polls.
#pragma once

#include <chrono>
#include <random>

namespace sb {

// After `failures` failures in a row, the wait is first × factor^(failures − 1), at most `most`.
// Fewer than one failure counts as one.
struct Backoff {
    std::chrono::milliseconds first{1000};
    std::chrono::milliseconds most{5 * 60 * 1000};
    unsigned factor = 2;
    // Up to this share of the wait is taken off at random (0 to 1), so that many clients failing
    // together do not retry together.
    double jitter = 0;

    std::chrono::milliseconds delay(int failures) const;
    // The delay less its random share, drawn from `random`.
    std::chrono::milliseconds delay(int failures, std::mt19937_64& random) const;
};

} // namespace sb
