// SPDX-License-Identifier: Apache-2.0
#include "base/backoff.hpp"

#include <algorithm>

namespace sb {

std::chrono::milliseconds Backoff::delay(int failures) const {
    auto wait = first;
    // Multiplying step by step stops at the cap, so no failure count can overflow.
    for (int i = 1; i < failures && wait < most; ++i)
        wait *= factor;
    return std::min(wait, most);
}

std::chrono::milliseconds Backoff::delay(int failures, std::mt19937_64& random) const {
    auto wait = delay(failures);
    auto share =
        static_cast<long long>(static_cast<double>(wait.count()) * std::clamp(jitter, 0.0, 1.0));
    if (share <= 0)
        return wait;
    std::uniform_int_distribution<long long> spread(0, share);
    return wait - std::chrono::milliseconds(spread(random));
}

} // namespace sb
