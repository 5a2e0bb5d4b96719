// SPDX-License-Identifier: Apache-2.0
// The test loop thread.
#include "tests/support/loop_thread.hpp"

#include <boost/asio/post.hpp>

#include <future>

namespace sb::test {

LoopThread::LoopThread() = default;

LoopThread::~LoopThread() {
    stop();
}

void LoopThread::start() {
    if (m_thread.joinable())
        return;
    m_work.emplace(m_io.get_executor());
    m_thread = std::thread([this] { m_io.run(); });
}

void LoopThread::run_on_loop(std::function<void()> const& work) {
    if (!m_thread.joinable()) {
        work();
        return;
    }
    std::promise<void> done;
    boost::asio::post(m_io, [&] {
        work();
        done.set_value();
    });
    done.get_future().wait();
}

void LoopThread::stop() {
    if (!m_thread.joinable())
        return;
    m_work.reset();
    m_io.stop();
    m_thread.join();
}

} // namespace sb::test
