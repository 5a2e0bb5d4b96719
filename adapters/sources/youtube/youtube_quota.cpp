// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/youtube/youtube_quota.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>

namespace sb {

namespace {

constexpr char const* quota_zone = "America/Los_Angeles";
constexpr long long seconds_per_day = 24 * 60 * 60;

date::local_days local_day(Instant at) {
    auto const local = date::make_zoned(quota_zone, at).get_local_time();
    return date::floor<date::days>(local);
}

} // namespace

std::string youtube_quota_day(Instant at) {
    return date::format("%F", local_day(at));
}

Instant next_youtube_quota_reset(Instant at) {
    auto const next = local_day(at) + date::days{1};
    // Midnight exists on every day in this zone (DST moves 02:00), so earliest is exact.
    return date::floor<Seconds>(
        date::locate_zone(quota_zone)->to_sys(next, date::choose::earliest));
}

Seconds youtube_minimum_interval(long long daily_quota) {
    auto const quota = std::max<long long>(1, daily_quota);
    return Seconds{std::max<long long>(1, (seconds_per_day + quota - 1) / quota)};
}

Seconds youtube_default_interval(long long daily_quota) {
    return std::max(Seconds{60}, 2 * youtube_minimum_interval(daily_quota));
}

} // namespace sb
