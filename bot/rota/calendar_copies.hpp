// SPDX-License-Identifier: Apache-2.0
// The remote calendars a config names (holidays_ical, absences_ical as http(s) URLs) and the
// copies of them that the rota is built from.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "config/config.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sb::rota {

// A calendar's text as last fetched. The rota reads copies only: fetching is the daemon's work
// (asynchronous, through the HttpClient port) or the command line's, never the rota's.
struct CalendarCopy {
    std::string body;
    Instant fetched_at{};
};
using CalendarCopies = std::map<std::string, CalendarCopy>; // by URL

// Larger than any calendar of holidays or absences; a fetch that returns more is refused.
constexpr std::size_t max_calendar_bytes = std::size_t{16} * 1024 * 1024;

bool is_calendar_url(std::string_view name);

struct RemoteCalendar {
    std::string url;
    std::string path; // where the config names it, e.g. /teams/care/holidays_ical
};

// Every remote calendar of the config, each URL once (at the first place naming it).
std::vector<RemoteCalendar> remote_calendars(config::Config const& config);

// Whether a fetched text is a calendar the rota can read; the error says what is wrong with it.
// A fetch whose text fails this keeps the last good copy.
Result<void> check_calendar_text(std::string_view text);

} // namespace sb::rota
