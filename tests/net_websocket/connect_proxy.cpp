// SPDX-License-Identifier: Apache-2.0
#include "tests/net_websocket/connect_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace sb::test {

ConnectProxy::ConnectProxy() {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(m_listener, 16) != 0 ||
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("the test proxy cannot listen");
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { accept_loop(); });
}

ConnectProxy::~ConnectProxy() {
    m_stopping = true;
    ::shutdown(m_listener, SHUT_RDWR);
    m_acceptor.join();
    {
        std::lock_guard lock(m_mutex);
        for (int socket : m_sockets)
            ::shutdown(socket, SHUT_RDWR);
    }
    for (auto& worker : m_workers)
        worker.join();
    std::lock_guard lock(m_mutex);
    for (int socket : m_sockets)
        ::close(socket);
    ::close(m_listener);
}

std::vector<std::string> ConnectProxy::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

void ConnectProxy::accept_loop() {
    while (!m_stopping) {
        int client = ::accept(m_listener, nullptr, nullptr);
        if (client < 0)
            return;
        std::lock_guard lock(m_mutex);
        m_sockets.push_back(client);
        m_workers.emplace_back([this, client] { serve(client); });
    }
}

void ConnectProxy::serve(int client) {
    std::string head;
    char buffer[16384];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        auto got = ::recv(client, buffer, sizeof buffer, 0);
        if (got <= 0)
            return;
        head.append(buffer, static_cast<std::size_t>(got));
    }
    auto end = head.find("\r\n\r\n");
    if (end == std::string::npos)
        return;
    auto rest = head.substr(end + 4);
    head.resize(end);
    {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(head);
    }
    // "CONNECT 127.0.0.1:port HTTP/1.1": only loopback targets, this is a test.
    auto target = head.substr(0, head.find("\r\n"));
    auto colon = target.rfind(':');
    if (target.rfind("CONNECT 127.0.0.1:", 0) != 0 || colon == std::string::npos) {
        std::string refused = "HTTP/1.1 403 Forbidden\r\n\r\n";
        ::send(client, refused.data(), refused.size(), MSG_NOSIGNAL);
        return;
    }
    int port = std::atoi(target.c_str() + colon + 1);
    int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
    {
        std::lock_guard lock(m_mutex);
        m_sockets.push_back(upstream);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (::connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::string failed = "HTTP/1.1 502 Bad Gateway\r\n\r\n";
        ::send(client, failed.data(), failed.size(), MSG_NOSIGNAL);
        return;
    }
    std::string established = "HTTP/1.1 200 Connection established\r\n\r\n";
    ::send(client, established.data(), established.size(), MSG_NOSIGNAL);
    if (!rest.empty())
        ::send(upstream, rest.data(), rest.size(), MSG_NOSIGNAL);
    pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    while (!m_stopping) {
        if (::poll(fds, 2, 200) < 0)
            return;
        for (int i = 0; i < 2; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            auto got = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
            if (got <= 0) {
                ::shutdown(fds[1 - i].fd, SHUT_RDWR);
                return;
            }
            ::send(fds[1 - i].fd, buffer, static_cast<std::size_t>(got), MSG_NOSIGNAL);
        }
    }
}

} // namespace sb::test
