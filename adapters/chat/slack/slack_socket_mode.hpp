// SPDX-License-Identifier: Apache-2.0
// Slack Socket Mode: websocket links opened through apps.connections.open, envelopes acked at once.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace sb::slack {

struct SocketModeCallbacks {
    // Asks apps.connections.open for a fresh URL: done(url, "") or done("", error, fatal).
    std::function<void(std::function<void(std::string url, std::string error, bool fatal)>)>
        open_url;
    // One envelope, already acked: its type ("events_api", "slash_commands", "interactive")
    // and its payload as JSON text.
    std::function<void(std::string const& type, std::string const& payload)> on_envelope;
};

struct SocketModeStatus {
    bool connected = false; // a link has said hello
    bool stopped = false;   // gave up for good (link_disabled, bad app token)
    std::string reason;     // why not connected, for /readyz
};

class SocketModeClient {
public:
    virtual ~SocketModeClient() = default;
    static std::unique_ptr<SocketModeClient> create(boost::asio::io_context& io,
                                                    SocketModeCallbacks callbacks);
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual SocketModeStatus status() const = 0;
    // How many links have said hello since start, for tests and logs.
    virtual int connections_made() const = 0;
};

} // namespace sb::slack
