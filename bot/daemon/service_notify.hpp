// SPDX-License-Identifier: Apache-2.0
// Telling the service manager how the daemon is doing: systemd's notify protocol, so that a
// Type=notify unit counts as started only once /readyz would answer 200.
#pragma once

#include "bot/ports/clock.hpp"
#include "bot/ports/timer_service.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

class ServiceManager {
public:
    virtual ~ServiceManager() = default;
    // Newline-separated assignments, "READY=1\nSTATUS=…".
    virtual void notify(std::string const& assignments) = 0;
};

// systemd's, through libsystemd's sd_notify. Does nothing outside a Type=notify unit (no
// NOTIFY_SOCKET) and in a build without libsystemd-dev.
class SystemdServiceManager final : public ServiceManager {
public:
    void notify(std::string const& assignments) override;
    // Whether this build can notify at all (libsystemd was found at build time).
    static bool built_in();
};

// A STATUS= value from text that may carry a remote server's words: one line, printable,
// bounded, so that it can never add an assignment of its own ("\nMAINPID=1").
std::string service_status_line(std::string_view text);

// Sends READY=1 the first time `missing` says nothing is missing, checking every `every` until
// then and keeping STATUS= on what is still missing. stopping() sends STOPPING=1.
class ReadinessAnnouncer {
public:
    // nullopt: ready; otherwise what is still missing ("chat:slack: connecting").
    using Missing = std::function<std::optional<std::string>()>;

    ReadinessAnnouncer(ServiceManager& manager, TimerService& timers, Clock const& clock,
                       Missing missing, std::chrono::seconds every = std::chrono::seconds(1));
    ~ReadinessAnnouncer();
    ReadinessAnnouncer(ReadinessAnnouncer const&) = delete;
    ReadinessAnnouncer& operator=(ReadinessAnnouncer const&) = delete;

    void start();
    void stopping();
    bool announced() const { return m_announced; }

private:
    void check();

    ServiceManager& m_manager;
    TimerService& m_timers;
    Clock const& m_clock;
    Missing m_missing;
    std::chrono::seconds m_every;
    std::optional<TimerId> m_timer;
    std::string m_last_status;
    bool m_announced = false;
    bool m_stopping = false;
};

} // namespace sb
