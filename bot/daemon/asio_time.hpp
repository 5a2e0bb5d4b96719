// SPDX-License-Identifier: Apache-2.0
// Production time: the system clock and timers on the daemon's io_context.
#pragma once

#include "bot/ports/clock.hpp"
#include "bot/ports/timer_service.hpp"

#include <boost/asio/io_context.hpp>

#include <map>
#include <memory>

namespace sb {

class SystemClock : public Clock {
public:
    Instant now() const override;
};

class AsioTimerService : public TimerService {
public:
    explicit AsioTimerService(boost::asio::io_context& io);
    ~AsioTimerService() override;
    TimerId schedule(Instant at, std::function<void()> callback) override;
    void cancel(TimerId id) override;
    void cancel_all();

private:
    struct Timer;
    boost::asio::io_context& m_io;
    std::map<TimerId, std::shared_ptr<Timer>> m_timers;
    TimerId m_next_id = 0;
};

} // namespace sb
