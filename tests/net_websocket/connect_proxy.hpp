// SPDX-License-Identifier: Apache-2.0
// A minimal HTTP CONNECT proxy on loopback for tests: records each CONNECT request's head, then
// relays bytes both ways to the target it names.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sb::test {

class ConnectProxy {
public:
    ConnectProxy();
    ~ConnectProxy();
    ConnectProxy(ConnectProxy const&) = delete;
    ConnectProxy& operator=(ConnectProxy const&) = delete;

    int port() const { return m_port; }
    // Each CONNECT request head received, in order (request line and headers).
    std::vector<std::string> requests() const;

private:
    void accept_loop();
    void serve(int client);

    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    std::vector<std::string> m_requests;
    std::vector<int> m_sockets;
    std::vector<std::thread> m_workers;
    std::thread m_acceptor;
};

} // namespace sb::test
