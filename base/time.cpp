// SPDX-License-Identifier: Apache-2.0
// Instants, durations and their text forms, through date/tz.
#include "base/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <regex>
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
                          "'" + text.substr(0, 80) +
                              "' is not a time; use ISO 8601 with an offset or zone, e.g. "
                              "2026-12-24T19:30+01:00",
                          std::string{});
    };
    // The fields are taken apart by shape first and handed to date/tz as numbers: date::parse
    // reads an uninitialised value on some short inputs, so no text reaches it.
    static std::regex const shape(
        R"(^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?)"
        R"((Z|[+-]\d{2}(?::?\d{2})?)?(?: ([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*))?$)");
    std::smatch match;
    if (text.size() > 100 || !std::regex_match(text, match, shape))
        return bad();
    auto number = [&](int group) { return match[group].matched ? std::stoi(match[group]) : 0; };
    date::year_month_day day{date::year{number(1)}, date::month{static_cast<unsigned>(number(2))},
                             date::day{static_cast<unsigned>(number(3))}};
    int hours = number(4), minutes = number(5), seconds = number(6);
    if (!day.ok() || hours > 23 || minutes > 59 || seconds > 60)
        return bad();
    auto wall = std::chrono::hours{hours} + std::chrono::minutes{minutes} + Seconds{seconds};
    bool has_offset = match[7].matched;
    bool has_zone = match[8].matched;
    if (has_offset && has_zone)
        return bad();
    if (has_offset) {
        std::string offset = match[7];
        Seconds shift{0};
        if (offset != "Z") {
            int offset_hours = std::stoi(offset.substr(1, 2));
            int offset_minutes = 0;
            auto rest = offset.substr(3);
            if (!rest.empty() && rest.front() == ':')
                rest.erase(0, 1);
            if (!rest.empty())
                offset_minutes = std::stoi(rest);
            if (offset_hours > 14 || offset_minutes > 59)
                return bad();
            shift = std::chrono::hours{offset_hours} + std::chrono::minutes{offset_minutes};
            if (offset.front() == '-')
                shift = -shift;
        }
        return Instant{date::sys_days{day}.time_since_epoch() + wall - shift};
    }
    date::local_seconds local{date::local_days{day}.time_since_epoch() + wall};
    if (has_zone)
        return local_to_instant(local, std::string(match[8]), text);
    if (!default_zone.empty())
        return local_to_instant(local, default_zone, text);
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
