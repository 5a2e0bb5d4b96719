// SPDX-License-Identifier: Apache-2.0
#include "bot/core/calendar_refresher.hpp"

#include "bot/core/calendar_fetch.hpp"

#include <spdlog/spdlog.h>

namespace sb {
CalendarRefresher::CalendarRefresher(std::vector<rota::RemoteCalendar> calendars, HttpClient& http,
                                     TimerService& timers, Clock& clock, CalendarRepository& store,
                                     std::function<Result<void>(rota::CalendarCopies const&)> apply,
                                     CalendarRefreshOptions options)
    : m_http(http), m_timers(timers), m_clock(clock), m_store(store), m_apply(std::move(apply)),
      m_options(options) {
    for (auto& calendar : calendars)
        m_tracked.push_back({std::move(calendar), std::nullopt, {}, false, 0});
}

CalendarRefresher::~CalendarRefresher() {
    stop();
}

void CalendarRefresher::start() {
    if (m_tracked.empty())
        return;
    auto stored = m_store.all();
    if (!stored)
        spdlog::warn("calendars: {}", stored.error().message);
    for (auto const& copy : stored ? *stored : std::vector<StoredCalendar>{})
        for (auto& tracked : m_tracked)
            if (tracked.calendar.url == copy.url) {
                m_copies[copy.url] = {copy.body, copy.fetched_at};
                tracked.copy_fetched_at = copy.fetched_at;
            }
    if (!m_copies.empty())
        if (auto applied = m_apply(m_copies); !applied)
            spdlog::warn("calendars: the stored copies do not make a rota: {}",
                         applied.error().message);
    for (std::size_t i = 0; i < m_tracked.size(); ++i)
        fetch(i, m_tracked[i].calendar.url, max_calendar_redirects);
}

void CalendarRefresher::stop() {
    *m_alive = false;
    for (auto& tracked : m_tracked)
        if (tracked.timer != 0)
            m_timers.cancel(std::exchange(tracked.timer, 0));
}

void CalendarRefresher::fetch(std::size_t index, std::string const& url, int redirects_left) {
    m_http.send(
        calendar_request(url, m_options.timeout),
        [this, alive = m_alive, index, url, redirects_left](Result<OutboundResponse> response) {
            if (!*alive)
                return;
            auto answer = read_calendar_answer(url, std::move(response), redirects_left);
            if (answer.redirect)
                fetch(index, *answer.redirect, redirects_left - 1);
            else if (answer.body)
                finish(index, std::move(*answer.body));
            else
                finish(index, unexpected(ErrorCode::unavailable, answer.error));
        });
}

void CalendarRefresher::finish(std::size_t index, Result<std::string> body) {
    auto& tracked = m_tracked[index];
    tracked.attempted = true;
    auto const& url = tracked.calendar.url;
    if (!body) {
        tracked.last_error = body.error().message;
        spdlog::warn("calendars: {} ({}): {}; {}", tracked.calendar.path, calendar_label(url),
                     tracked.last_error,
                     tracked.copy_fetched_at
                         ? "keeping the copy of " + format_instant(*tracked.copy_fetched_at)
                         : std::string("no copy yet"));
        schedule(index, m_options.retry_after);
        return;
    }
    auto const now = m_clock.now();
    auto previous = m_copies.find(url);
    bool const changed = previous == m_copies.end() || previous->second.body != *body;
    auto candidate = m_copies;
    candidate[url] = {*body, now};
    // A calendar the rota cannot take (an event the config's zone cannot place) is an error of
    // that calendar; the old copy stays in force.
    if (changed)
        if (auto applied = m_apply(candidate); !applied) {
            tracked.last_error = applied.error().message;
            spdlog::warn("calendars: {} ({}): {}", tracked.calendar.path, calendar_label(url),
                         tracked.last_error);
            schedule(index, m_options.retry_after);
            return;
        }
    m_copies = std::move(candidate);
    tracked.copy_fetched_at = now;
    tracked.last_error.clear();
    if (auto saved = m_store.save({url, *body, now}); !saved)
        spdlog::warn("calendars: {}", saved.error().message);
    spdlog::info("calendars: {} ({}) {}", tracked.calendar.path, calendar_label(url),
                 changed ? "fetched; the rota uses it now" : "fetched; unchanged");
    schedule(index, m_options.refresh_every);
}

void CalendarRefresher::schedule(std::size_t index, std::chrono::seconds after) {
    auto& tracked = m_tracked[index];
    if (tracked.timer != 0)
        m_timers.cancel(tracked.timer);
    tracked.timer = m_timers.schedule(m_clock.now() + after, [this, alive = m_alive, index] {
        if (!*alive)
            return;
        m_tracked[index].timer = 0;
        fetch(index, m_tracked[index].calendar.url, max_calendar_redirects);
    });
}

CalendarHealth CalendarRefresher::health() const {
    CalendarHealth health;
    auto add = [&health](std::string const& line) {
        health.reason += (health.reason.empty() ? "" : "; ") + line;
    };
    for (auto const& tracked : m_tracked) {
        auto const& where = tracked.calendar.path;
        if (!tracked.copy_fetched_at) {
            health.ready = false;
            add(where + ": " +
                (tracked.attempted ? tracked.last_error + "; no copy yet, so the rota lacks it"
                                   : "not fetched yet"));
        } else if (!tracked.last_error.empty()) {
            add(where + ": " + tracked.last_error + "; using the copy of " +
                format_instant(*tracked.copy_fetched_at));
        }
    }
    return health;
}

} // namespace sb
