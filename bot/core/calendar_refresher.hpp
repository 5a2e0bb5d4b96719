// SPDX-License-Identifier: Apache-2.0
// Keeps the copies of the config's remote calendars fresh: fetched through the HttpClient port,
// checked, kept in the store, and handed to the rota. A failed fetch keeps the last good copy.
#pragma once

#include "bot/ports/clock.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/timer_service.hpp"
#include "bot/rota/calendar_copies.hpp"
#include "bot/store/calendar_repository.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sb {

struct CalendarRefreshOptions {
    std::chrono::seconds refresh_every{std::chrono::hours(6)};
    std::chrono::seconds retry_after{std::chrono::minutes(10)};
    std::chrono::milliseconds timeout{30'000};
};

struct CalendarHealth {
    bool ready = true;
    std::string reason; // why not ready, or which calendars run on an old copy
};

class CalendarRefresher {
public:
    // apply gets every copy known so far, each time one changes; it rebuilds the rota.
    CalendarRefresher(std::vector<rota::RemoteCalendar> calendars, HttpClient& http,
                      TimerService& timers, Clock& clock, CalendarRepository& store,
                      std::function<Result<void>(rota::CalendarCopies const&)> apply,
                      CalendarRefreshOptions options = {});
    ~CalendarRefresher();
    CalendarRefresher(CalendarRefresher const&) = delete;
    CalendarRefresher& operator=(CalendarRefresher const&) = delete;

    // Applies the stored copies at once, then fetches every calendar.
    void start();
    void stop();

    // Not ready while a calendar has no copy at all; ready, with a reason, while one runs on an
    // old copy because its last fetch failed.
    CalendarHealth health() const;

private:
    struct Tracked {
        rota::RemoteCalendar calendar;
        std::optional<Instant> copy_fetched_at;
        std::string last_error; // of the last attempt; empty after a success
        bool attempted = false;
        TimerId timer = 0;
    };
    void fetch(std::size_t index, std::string const& url, int redirects_left);
    void finish(std::size_t index, Result<std::string> body);
    void schedule(std::size_t index, std::chrono::seconds after);

    std::vector<Tracked> m_tracked;
    HttpClient& m_http;
    TimerService& m_timers;
    Clock& m_clock;
    CalendarRepository& m_store;
    std::function<Result<void>(rota::CalendarCopies const&)> m_apply;
    CalendarRefreshOptions m_options;
    rota::CalendarCopies m_copies;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
