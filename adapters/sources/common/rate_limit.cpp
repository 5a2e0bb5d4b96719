// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/common/rate_limit.hpp"

#include <date/date.h>

#include <charconv>
#include <sstream>

namespace sb {
namespace {

std::optional<long long> number(std::string const& text) {
    long long value = 0;
    auto const* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end)
        return std::nullopt;
    return value;
}

std::optional<Instant> http_date(std::string const& text) {
    std::istringstream in(text);
    Instant at;
    in >> date::parse("%a, %d %b %Y %H:%M:%S GMT", at);
    if (in.fail())
        return std::nullopt;
    return at;
}

std::optional<Instant> epoch_or_iso(std::string const& text) {
    if (auto seconds = number(text))
        return Instant{Seconds{*seconds}};
    if (auto parsed = parse_instant(text))
        return *parsed;
    return std::nullopt;
}

} // namespace

std::optional<Instant> rate_limit_until(OutboundResponse const& response, Instant now) {
    auto const one_minute = now + Seconds{60};
    auto not_before_now = [&](Instant at) { return at > now ? at : one_minute; };
    if (auto retry_after = response.header("retry-after"); !retry_after.empty()) {
        if (auto seconds = number(retry_after))
            return now + Seconds{std::max(*seconds, 1LL)};
        if (auto at = http_date(retry_after))
            return not_before_now(*at);
    }
    for (auto const* prefix : {"x-rate-limit-", "ratelimit-", "x-ratelimit-"}) {
        auto remaining = response.header(std::string(prefix) + "remaining");
        if (remaining.empty() || number(remaining).value_or(1) > 0)
            continue;
        if (auto reset = epoch_or_iso(response.header(std::string(prefix) + "reset")))
            return not_before_now(*reset);
        return one_minute;
    }
    if (response.status == 429)
        return one_minute;
    return std::nullopt;
}

} // namespace sb
