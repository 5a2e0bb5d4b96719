// SPDX-License-Identifier: Apache-2.0
#include "bot/rota/calendar_copies.hpp"

#include "schedules/ical_import.hpp"

#include <algorithm>

namespace sb::rota {

bool is_calendar_url(std::string_view name) {
    return name.starts_with("http://") || name.starts_with("https://");
}

std::vector<RemoteCalendar> remote_calendars(config::Config const& config) {
    std::vector<RemoteCalendar> out;
    auto add = [&out](std::string const& url, std::string path) {
        if (!is_calendar_url(url))
            return;
        if (std::none_of(out.begin(), out.end(),
                         [&](RemoteCalendar const& known) { return known.url == url; }))
            out.push_back({url, std::move(path)});
    };
    for (auto const& [id, team] : config.teams)
        add(team.holidays_ical, "/teams/" + id + "/holidays_ical");
    for (auto const& [id, person] : config.people)
        add(person.absences_ical, "/people/" + id + "/absences_ical");
    return out;
}

Result<void> check_calendar_text(std::string_view text) {
    if (text.size() > max_calendar_bytes)
        return unexpected(ErrorCode::invalid_argument,
                          "larger than " +
                              std::to_string(max_calendar_bytes / (std::size_t{1024} * 1024)) +
                              " MiB; not a calendar of holidays or absences");
    // One day's window: the text is parsed whole, without expanding years of occurrences.
    auto const from = Instant{};
    auto events =
        schedules::import_ical(text, from, from + std::chrono::hours(24), date::locate_zone("UTC"));
    if (!events)
        return unexpected(ErrorCode::invalid_argument, events.error().message);
    return {};
}

} // namespace sb::rota
