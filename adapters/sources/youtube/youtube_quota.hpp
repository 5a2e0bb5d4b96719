// SPDX-License-Identifier: Apache-2.0
// The YouTube Data API's daily quota: the day it counts in, and how often a poll fits in it.
#pragma once

#include "base/time.hpp"

#include <string>

namespace sb {

// Google resets the quota at midnight Pacific Time, so the day is a date in America/Los_Angeles.
std::string youtube_quota_day(Instant at);
Instant next_youtube_quota_reset(Instant at);

// commentThreads.list costs 1 unit a call; a quiet channel needs one page a poll, so this is
// the shortest interval whose calls in a day stay within the budget.
Seconds youtube_minimum_interval(long long daily_quota);
// Twice the minimum, leaving half the budget for catch-up pages, and never more often than
// once a minute, so the default leaves most of the project's quota to other uses.
Seconds youtube_default_interval(long long daily_quota);

} // namespace sb
