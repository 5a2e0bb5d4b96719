// SPDX-License-Identifier: Apache-2.0
// Production time: the system clock and asio::system_timer on the daemon's io_context.
#include "bot/daemon/asio_time.hpp"

#include <boost/asio/system_timer.hpp>

namespace sb {

Instant SystemClock::now() const {
    return std::chrono::floor<Seconds>(std::chrono::system_clock::now());
}

struct AsioTimerService::Timer {
    explicit Timer(boost::asio::io_context& io) : timer(io) {}
    boost::asio::system_timer timer;
};

AsioTimerService::AsioTimerService(boost::asio::io_context& io) : m_io(io) {}

AsioTimerService::~AsioTimerService() {
    cancel_all();
}

TimerId AsioTimerService::schedule(Instant at, std::function<void()> callback) {
    auto id = ++m_next_id;
    auto timer = std::make_shared<Timer>(m_io);
    timer->timer.expires_at(at);
    timer->timer.async_wait(
        [this, id, timer, callback = std::move(callback)](boost::system::error_code ec) {
            if (ec)
                return; // cancelled
            m_timers.erase(id);
            callback();
        });
    m_timers.emplace(id, std::move(timer));
    return id;
}

void AsioTimerService::cancel(TimerId id) {
    auto it = m_timers.find(id);
    if (it == m_timers.end())
        return;
    it->second->timer.cancel();
    m_timers.erase(it);
}

void AsioTimerService::cancel_all() {
    for (auto& [id, timer] : m_timers)
        timer->timer.cancel();
    m_timers.clear();
}

} // namespace sb
