// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/service_notify.hpp"

#include "base/safe_text.hpp"

#ifdef SWITCHBOARD_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include <spdlog/spdlog.h>

namespace sb {

void SystemdServiceManager::notify(std::string const& assignments) {
#ifdef SWITCHBOARD_HAVE_SYSTEMD
    // Without NOTIFY_SOCKET sd_notify returns 0 and sends nothing; a failure to send is not a
    // reason to stop serving, systemd will say the unit timed out.
    if (int const sent = sd_notify(0, assignments.c_str()); sent < 0)
        spdlog::warn("cannot notify the service manager: error {}", -sent);
#else
    (void)assignments;
#endif
}

bool SystemdServiceManager::built_in() {
#ifdef SWITCHBOARD_HAVE_SYSTEMD
    return true;
#else
    return false;
#endif
}

std::string service_status_line(std::string_view text) {
    constexpr std::size_t max_bytes = 200;
    return std::string(utf8_prefix(single_line(text), max_bytes));
}

ReadinessAnnouncer::ReadinessAnnouncer(ServiceManager& manager, TimerService& timers,
                                       Clock const& clock, Missing missing,
                                       std::chrono::seconds every)
    : m_manager(manager), m_timers(timers), m_clock(clock), m_missing(std::move(missing)),
      m_every(every) {}

ReadinessAnnouncer::~ReadinessAnnouncer() {
    if (m_timer)
        m_timers.cancel(*m_timer);
}

void ReadinessAnnouncer::start() {
    check();
}

void ReadinessAnnouncer::stopping() {
    m_stopping = true;
    if (m_timer)
        m_timers.cancel(*m_timer);
    m_timer.reset();
    m_manager.notify("STOPPING=1\nSTATUS=stopping");
}

void ReadinessAnnouncer::check() {
    m_timer.reset();
    if (m_announced || m_stopping)
        return;
    if (auto missing = m_missing()) {
        auto status = "STATUS=waiting for " + service_status_line(*missing);
        // The same status again would only fill the journal of a unit that waits for Slack.
        if (status != m_last_status)
            m_manager.notify(status);
        m_last_status = std::move(status);
        m_timer = m_timers.schedule(m_clock.now() + m_every, [this] { check(); });
        return;
    }
    m_announced = true;
    m_manager.notify("READY=1\nSTATUS=ready");
}

} // namespace sb
