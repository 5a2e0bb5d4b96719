// SPDX-License-Identifier: Apache-2.0
// One websocket connection to Mastodon's streaming API; the caller decides when to reconnect.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace sb::mastodon {

struct StreamCallbacks {
    // The handshake succeeded.
    std::function<void()> on_open;
    // One text message, as received.
    std::function<void(std::string const& text)> on_message;
    // The connection ended or never opened. http_status is the handshake's answer when the
    // server refused the upgrade (401 for a bad token), else 0. Not called after close().
    std::function<void(std::string const& why, int http_status)> on_closed;
};

class StreamConnection {
public:
    virtual ~StreamConnection() = default;
    static std::unique_ptr<StreamConnection> create(boost::asio::io_context& io,
                                                    StreamCallbacks callbacks);
    // Opens ws:// or wss:// (TLS with the host name verified) at url, sending the token as
    // "Authorization: Bearer". Closes a connection still open first.
    virtual void open(std::string const& url, std::string const& bearer_token) = 0;
    // Closes quietly: no on_closed follows.
    virtual void close() = 0;
};

} // namespace sb::mastodon
