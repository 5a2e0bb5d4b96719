// SPDX-License-Identifier: Apache-2.0
// A blocking HTTP/1.1 client over plain POSIX sockets, for tests that talk to real servers.
#pragma once

#include "bot/ports/http.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
    int status = 0; // 0 when the exchange failed; see error
    std::map<std::string, std::string, CaseLess> headers;
    std::string body;
    std::string error; // what went wrong on the socket, empty on success

    std::string header(std::string_view name) const;
};

// One connection; requests on it reuse it (keep-alive) until either side closes.
class HttpConnection {
public:
    // host is an IPv4 literal or "localhost". Receives time out after receive_timeout_seconds so a
    // broken server fails the test instead of hanging it.
    static std::optional<HttpConnection> open(std::string const& host, std::uint16_t port,
                                              int receive_timeout_seconds = 10);
    HttpConnection(HttpConnection&& other) noexcept;
    HttpConnection& operator=(HttpConnection&& other) noexcept;
    HttpConnection(HttpConnection const&) = delete;
    HttpConnection& operator=(HttpConnection const&) = delete;
    ~HttpConnection();

    // Adds Host and Content-Length (and Connection: close when asked) unless given.
    HttpResult request(std::string const& method, std::string const& target,
                       std::string const& body = {}, HeaderList const& headers = {},
                       bool close_after = false);

    // For malformed requests: sends bytes as they are, then reads one response.
    bool send_raw(std::string_view bytes);
    // Interim answers (100 Continue) are skipped unless return_interim is set.
    HttpResult read_response(bool head_request = false, bool return_interim = false);

    // True once the server closed its side (a read returns end of stream).
    bool peer_closed();

private:
    explicit HttpConnection(int socket) : m_socket(socket) {}
    bool fill(std::string& error);

    int m_socket = -1;
    std::string m_buffer; // received, not yet consumed
};

// One request on a fresh connection, closed afterwards.
HttpResult http_request(std::string const& host, std::uint16_t port, std::string const& method,
                        std::string const& target, std::string const& body = {},
                        HeaderList const& headers = {});

// "sha256=<hex>" as a webhook sender puts it in X-Switchboard-Signature.
std::string webhook_signature(std::string_view secret, std::string_view body);

} // namespace sb::test
