// SPDX-License-Identifier: Apache-2.0
// One outbound websocket (ws:// or wss://), through the proxy the environment names. The one
// place websocketpp is set up; Slack Socket Mode and Mastodon streaming both use it.
// Plain C++17 on purpose: its .cpp includes websocketpp, which builds only as C++17.
#pragma once

#include "base/result.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace sb::net {

// A message larger than this ends the connection: a hostile server cannot make us buffer more.
// Slack envelopes and Mastodon statuses are far smaller.
inline constexpr std::size_t websocket_max_message_bytes = 4 * 1024 * 1024;

struct WebSocketEnded {
    std::string reason;  // for logs and /readyz; never holds the URL's query or credentials
    int http_status = 0; // the handshake's answer when the server refused the upgrade, else 0
    int close_code = 0;  // the server's close code when it closed, else 0
    bool opened = false; // the handshake had succeeded
};

struct WebSocketCallbacks {
    std::function<void()> on_open;
    std::function<void(std::string const& text)> on_text; // one text message, as received
    // The connection ended or never opened. Not called after close().
    std::function<void(WebSocketEnded const& ended)> on_closed;
};

using WebSocketHeaders = std::vector<std::pair<std::string, std::string>>;

class WebSocketClient {
public:
    virtual ~WebSocketClient() = default;
    static std::unique_ptr<WebSocketClient> create(boost::asio::io_context& io);
    // Starts connecting; wss:// verifies the certificate against the host and sends SNI. Goes
    // through HTTPS_PROXY (wss) or HTTP_PROXY (ws) unless NO_PROXY lists the host. An error
    // (bad URL, bad proxy variable) means nothing started and no callback follows. Closes a
    // connection still open first.
    virtual Result<void> connect(std::string const& url, WebSocketHeaders const& headers,
                                 WebSocketCallbacks callbacks) = 0;
    virtual void send_text(std::string const& text) = 0;
    // Closes quietly: no on_closed follows. going_away tells the server we leave for good
    // (1001) rather than simply being done with this link (1000).
    virtual void close(bool going_away = false) = 0;
};

} // namespace sb::net
