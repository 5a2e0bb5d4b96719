// SPDX-License-Identifier: Apache-2.0
// Instants, durations and their text forms, through date/tz.
#include "bot/util/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <sstream>

namespace sb {
namespace {

date::time_zone const* find_zone(std::string_view name) {
    try {
        return date::locate_zone(std::string(name));
    } catch (std::exception const&) {
        return nullptr;
    }
}

template <typename Duration>
bool parse_with(std::string const& text, char const* format, Duration& out) {
    std::istringstream in(text);
    date::sys_time<Duration> tp;
    in >> date::parse(format, tp);
    if (in.fail())
        return false;
    in >> std::ws;
    if (!in.eof())
        return false;
    out = tp.time_since_epoch();
    return true;
}

template <typename Duration>
bool parse_local(std::string const& text, char const* format, date::local_time<Duration>& out) {
    std::istringstream in(text);
    in >> date::parse(format, out);
    if (in.fail())
        return false;
    in >> std::ws;
    return in.eof();
}

Result<Instant> local_to_instant(date::local_seconds local, std::string_view zone_name,
                                 std::string_view original) {
    auto const* zone = find_zone(zone_name);
    if (zone == nullptr)
        return unexpected(ErrorCode::invalid_argument,
                          "unknown time zone '" + std::string(zone_name) + "'",
                          std::string(original));
    // A wall time in a DST gap or fold still names one instant: take the earlier reading, as
    // calendar applications do.
    auto info = zone->get_info(local);
    switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:
        return Instant{local.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent:
        return Instant{local.time_since_epoch() - info.first.offset};
    }
    return Instant{local.time_since_epoch() - info.first.offset};
}

} // namespace

Result<Instant> parse_instant(std::string_view text_view, std::string_view default_zone) {
    std::string text(text_view);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    auto bad = [&] {
        return unexpected(ErrorCode::invalid_argument,
                          "'" + text +
                              "' is not a time; use ISO 8601 with an offset or zone, e.g. "
                              "2026-12-24T19:30+01:00",
                          std::string{});
    };
    if (text.empty())
        return bad();

    // An explicit zone name after a space: "2026-12-24T19:30 Europe/Berlin".
    if (auto space = text.find(' '); space != std::string::npos) {
        auto zone = text.substr(space + 1);
        auto local_part = text.substr(0, space);
        date::local_seconds local;
        if (!parse_local(local_part, "%FT%T", local) && !parse_local(local_part, "%FT%R", local) &&
            !parse_local(local_part, "%F", local))
            return bad();
        return local_to_instant(local, zone, text);
    }

    std::chrono::seconds since_epoch{};
    for (char const* format : {"%FT%T%Ez", "%FT%R%Ez", "%FT%TZ", "%FT%RZ", "%FT%T%z", "%FT%R%z"}) {
        if (parse_with(text, format, since_epoch))
            return Instant{since_epoch};
    }
    // Fractional seconds are accepted and dropped.
    {
        std::istringstream in(text);
        date::sys_time<std::chrono::milliseconds> tp;
        in >> date::parse("%FT%T%Ez", tp);
        if (in.fail()) {
            in.clear();
            in.str(text);
            in >> date::parse("%FT%TZ", tp);
        }
        if (!in.fail())
            return std::chrono::floor<std::chrono::seconds>(tp);
    }
    if (!default_zone.empty()) {
        date::local_seconds local;
        if (parse_local(text, "%FT%T", local) || parse_local(text, "%FT%R", local) ||
            parse_local(text, "%F", local))
            return local_to_instant(local, default_zone, text);
    }
    return bad();
}

std::string format_instant(Instant at, std::string_view zone_name) {
    if (zone_name.empty() || zone_name == "UTC" || zone_name == "Etc/UTC")
        return date::format("%FT%TZ", at);
    auto const* zone = find_zone(zone_name);
    if (zone == nullptr)
        return date::format("%FT%TZ", at);
    auto zoned = date::make_zoned(zone, at);
    return date::format("%FT%T%Ez", zoned);
}

Result<Seconds> parse_duration(std::string_view text) {
    auto bad = [&] {
        return unexpected(ErrorCode::invalid_argument,
                          "'" + std::string(text) +
                              "' is not a duration; use e.g. 30m, 1h, 1h30m, 2d or 1w",
                          std::string{});
    };
    if (text.empty())
        return bad();
    Seconds total{0};
    std::size_t i = 0;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return bad();
        long long number = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            number = number * 10 + (text[i] - '0');
            if (number > 100'000'000)
                return bad();
            ++i;
        }
        if (i == text.size())
            return bad();
        switch (std::tolower(static_cast<unsigned char>(text[i]))) {
        case 's':
            total += Seconds{number};
            break;
        case 'm':
            total += std::chrono::minutes{number};
            break;
        case 'h':
            total += std::chrono::hours{number};
            break;
        case 'd':
            total += std::chrono::hours{24 * number};
            break;
        case 'w':
            total += std::chrono::hours{24 * 7 * number};
            break;
        default:
            return bad();
        }
        ++i;
    }
    return total;
}

std::string format_duration(Seconds duration) {
    long long s = duration.count();
    if (s < 0)
        s = -s;
    long long days = s / 86400;
    long long hours = (s % 86400) / 3600;
    long long minutes = (s % 3600) / 60;
    long long seconds = s % 60;
    std::string out;
    auto add = [&](long long n, char const* unit) {
        if (!out.empty())
            out += ' ';
        out += std::to_string(n) + unit;
    };
    if (days > 0) {
        add(days, "d");
        if (hours > 0)
            add(hours, "h");
    } else if (hours > 0) {
        add(hours, "h");
        if (minutes > 0)
            add(minutes, "m");
    } else if (minutes > 0) {
        add(minutes, "m");
    } else {
        add(seconds, "s");
    }
    return out;
}

bool is_known_zone(std::string_view name) {
    return find_zone(name) != nullptr;
}

} // namespace sb
