// SPDX-License-Identifier: Apache-2.0
// The blocking test HTTP client: enough of HTTP/1.1 to check what servers send.
#include "tests/support/http_client.hpp"

#include "base/hmac.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace sb::test {

namespace {

std::string trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return std::string(text);
}

bool has_header(HeaderList const& headers, std::string_view name) {
    CaseLess less;
    for (auto const& [key, value] : headers) {
        if (!less(key, name) && !less(name, key))
            return true;
    }
    return false;
}

} // namespace

std::string HttpResult::header(std::string_view name) const {
    auto const it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

std::optional<HttpConnection> HttpConnection::open(std::string const& host, std::uint16_t port,
                                                   int receive_timeout_seconds) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    std::string const literal = host == "localhost" ? "127.0.0.1" : host;
    if (inet_pton(AF_INET, literal.c_str(), &address.sin_addr) != 1)
        return std::nullopt;
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return std::nullopt;
    timeval timeout{};
    timeout.tv_sec = receive_timeout_seconds;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    int const one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<sockaddr const*>(&address), sizeof address) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    return HttpConnection(fd);
}

HttpConnection::HttpConnection(HttpConnection&& other) noexcept
    : m_socket(std::exchange(other.m_socket, -1)), m_buffer(std::move(other.m_buffer)) {}

HttpConnection& HttpConnection::operator=(HttpConnection&& other) noexcept {
    if (this != &other) {
        if (m_socket >= 0)
            ::close(m_socket);
        m_socket = std::exchange(other.m_socket, -1);
        m_buffer = std::move(other.m_buffer);
    }
    return *this;
}

HttpConnection::~HttpConnection() {
    if (m_socket >= 0)
        ::close(m_socket);
}

bool HttpConnection::send_raw(std::string_view bytes) {
    while (!bytes.empty()) {
        auto const sent = ::send(m_socket, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

bool HttpConnection::fill(std::string& error) {
    char chunk[16384];
    for (;;) {
        auto const received = ::recv(m_socket, chunk, sizeof chunk, 0);
        if (received < 0 && errno == EINTR)
            continue;
        if (received < 0) {
            error = std::string("receive failed: ") + std::strerror(errno);
            return false;
        }
        if (received == 0) {
            error = "connection closed by the server";
            return false;
        }
        m_buffer.append(chunk, static_cast<std::size_t>(received));
        return true;
    }
}

bool HttpConnection::peer_closed() {
    std::string error;
    return m_buffer.empty() && !fill(error);
}

HttpResult HttpConnection::read_response(bool head_request, bool return_interim) {
    HttpResult result;
    for (;;) {
        std::size_t header_end;
        while ((header_end = m_buffer.find("\r\n\r\n")) == std::string::npos) {
            if (!fill(result.error))
                return result;
        }
        std::string_view head(m_buffer.data(), header_end);
        auto const first_line_end = head.find("\r\n");
        auto const status_line = head.substr(0, first_line_end);
        auto const space = status_line.find(' ');
        if (status_line.substr(0, 5) != "HTTP/" || space == std::string_view::npos) {
            result.error = "not an HTTP response: " + std::string(status_line);
            return result;
        }
        result.status = std::atoi(std::string(status_line.substr(space + 1, 3)).c_str());
        result.headers.clear();
        if (first_line_end != std::string_view::npos) {
            auto rest = head.substr(first_line_end + 2);
            while (!rest.empty()) {
                auto const line_end = rest.find("\r\n");
                auto const line = rest.substr(0, line_end);
                auto const colon = line.find(':');
                if (colon != std::string_view::npos) {
                    auto [it, inserted] = result.headers.try_emplace(trim(line.substr(0, colon)),
                                                                     trim(line.substr(colon + 1)));
                    if (!inserted)
                        it->second += ", " + trim(line.substr(colon + 1));
                }
                if (line_end == std::string_view::npos)
                    break;
                rest.remove_prefix(line_end + 2);
            }
        }
        m_buffer.erase(0, header_end + 4);
        // Interim answers (100 Continue) precede the real one.
        if (result.status >= 100 && result.status < 200) {
            if (return_interim)
                return result;
            continue;
        }
        break;
    }

    if (head_request || result.status == 204 || result.status == 304)
        return result;
    auto const length = result.header("Content-Length");
    if (!length.empty()) {
        auto const size = static_cast<std::size_t>(std::stoull(length));
        while (m_buffer.size() < size) {
            if (!fill(result.error))
                return result;
        }
        result.body = m_buffer.substr(0, size);
        m_buffer.erase(0, size);
        return result;
    }
    if (result.header("Transfer-Encoding").find("chunked") != std::string::npos) {
        for (;;) {
            std::size_t line_end;
            while ((line_end = m_buffer.find("\r\n")) == std::string::npos) {
                if (!fill(result.error))
                    return result;
            }
            auto const size = std::stoull(m_buffer.substr(0, line_end), nullptr, 16);
            m_buffer.erase(0, line_end + 2);
            while (m_buffer.size() < size + 2) {
                if (!fill(result.error))
                    return result;
            }
            result.body += m_buffer.substr(0, size);
            m_buffer.erase(0, size + 2);
            if (size == 0)
                return result;
        }
    }
    // No length: the body runs to the end of the connection.
    std::string ignored;
    while (fill(ignored)) {
    }
    result.body = std::move(m_buffer);
    m_buffer.clear();
    return result;
}

HttpResult HttpConnection::request(std::string const& method, std::string const& target,
                                   std::string const& body, HeaderList const& headers,
                                   bool close_after) {
    std::string message = method + " " + target + " HTTP/1.1\r\n";
    if (!has_header(headers, "Host"))
        message += "Host: localhost\r\n";
    if (!has_header(headers, "Content-Length") &&
        (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH"))
        message += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (close_after && !has_header(headers, "Connection"))
        message += "Connection: close\r\n";
    for (auto const& [name, value] : headers)
        message += name + ": " + value + "\r\n";
    message += "\r\n";
    message += body;
    if (!send_raw(message)) {
        HttpResult result;
        result.error = std::string("send failed: ") + std::strerror(errno);
        return result;
    }
    return read_response(method == "HEAD");
}

HttpResult http_request(std::string const& host, std::uint16_t port, std::string const& method,
                        std::string const& target, std::string const& body,
                        HeaderList const& headers) {
    auto connection = HttpConnection::open(host, port);
    if (!connection) {
        HttpResult result;
        result.error = "cannot connect to " + host + ":" + std::to_string(port);
        return result;
    }
    return connection->request(method, target, body, headers, true);
}

std::string webhook_signature(std::string_view secret, std::string_view body) {
    return "sha256=" + hmac_sha256_hex(secret, body);
}

} // namespace sb::test
