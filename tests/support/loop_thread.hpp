// SPDX-License-Identifier: Apache-2.0
// An io_context run on its own thread, so a blocking test client can talk to async servers.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <optional>
#include <thread>

namespace sb::test {

class LoopThread {
public:
    LoopThread();
    // Stops the loop and joins; handlers still queued are dropped.
    ~LoopThread();
    LoopThread(LoopThread const&) = delete;
    LoopThread& operator=(LoopThread const&) = delete;

    boost::asio::io_context& io() { return m_io; }

    // Set up servers and routes first, then start: after this, touch them only through
    // run_on_loop.
    void start();
    // Runs work on the loop's thread and waits until it finished; runs it inline before start().
    void run_on_loop(std::function<void()> const& work);
    void stop();

private:
    boost::asio::io_context m_io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_work;
    std::thread m_thread;
};

} // namespace sb::test
