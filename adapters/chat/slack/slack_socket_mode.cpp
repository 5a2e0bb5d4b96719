// SPDX-License-Identifier: Apache-2.0
// Slack Socket Mode on the shared websocket client: TLS (wss) in production, plain ws against
// local fakes, through the environment's proxy when one is set.
#include "adapters/chat/slack/slack_socket_mode.hpp"

#include "adapters/net/websocket/websocket_client.hpp"
#include "base/backoff.hpp"
#include "base/json_bounded.hpp"

#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <random>

namespace sb::slack {
namespace {

// The ticket in the URL is a credential of sorts; logs show only where it leads.
std::string host_of(std::string const& url) {
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find_first_of("/?", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

class Client final : public SocketModeClient, public std::enable_shared_from_this<Client> {
public:
    Client(boost::asio::io_context& io, SocketModeCallbacks callbacks)
        : m_io(io), m_callbacks(std::move(callbacks)), m_retry(io),
          m_random(std::random_device{}()) {}

    void start() override {
        m_stopped = false;
        m_status = {};
        m_status.reason = "connecting to Slack";
        open_link();
    }

    void stop() override {
        m_stopped = true;
        m_retry.cancel();
        for (auto& [id, link] : m_links)
            link.socket->close();
        m_links.clear();
        m_status.connected = false;
    }

    SocketModeStatus status() const override { return m_status; }
    int connections_made() const override { return m_hellos; }

private:
    struct Link {
        bool hello = false;
        bool retiring = false; // Slack asked us to move on; closed once a successor says hello
        std::unique_ptr<net::WebSocketClient> socket;
    };

    void give_up(std::string const& reason) {
        spdlog::error("slack: socket mode stopped: {}", reason);
        stop();
        m_status.stopped = true;
        m_status.reason = reason;
    }

    void open_link() {
        if (m_stopped || m_opening)
            return;
        m_opening = true;
        std::weak_ptr<Client> weak = shared_from_this();
        m_callbacks.open_url([weak](std::string url, std::string error, bool fatal) {
            auto self = weak.lock();
            if (!self || self->m_stopped)
                return;
            if (!url.empty()) {
                self->connect(url);
                return;
            }
            self->m_opening = false;
            if (fatal) {
                self->give_up("apps.connections.open refused the app-level token (" + error +
                              "); fix slack.app_token and restart");
                return;
            }
            spdlog::warn("slack: apps.connections.open failed: {}", error);
            self->retry_later();
        });
    }

    void connect(std::string const& url) {
        auto id = ++m_next_link;
        spdlog::info("slack: opening socket mode link {} to {}", id, host_of(url));
        std::weak_ptr<Client> weak = shared_from_this();
        net::WebSocketCallbacks callbacks;
        callbacks.on_text = [weak, id](std::string const& text) {
            if (auto self = weak.lock())
                self->on_frame(id, text);
        };
        callbacks.on_closed = [weak, id](net::WebSocketEnded const& end) {
            if (auto self = weak.lock())
                self->on_link_ended(id, end.reason);
        };
        Link link;
        link.socket = net::WebSocketClient::create(m_io);
        auto started = link.socket->connect(url, {}, std::move(callbacks));
        if (!started) {
            spdlog::warn("slack: cannot open socket mode URL on {}: {}", host_of(url),
                         started.error().to_string());
            m_opening = false;
            retry_later();
            return;
        }
        m_links[id] = std::move(link);
    }

    void on_frame(int id, std::string const& text) {
        auto link = m_links.find(id);
        if (link == m_links.end())
            return;
        auto frame = parse_json_bounded(text);
        if (!frame.is_object()) {
            spdlog::warn("slack: ignoring a socket mode frame that is not a JSON object");
            return;
        }
        auto type = frame.value("type", std::string{});
        if (type == "hello") {
            on_hello(id);
            return;
        }
        if (type == "disconnect") {
            auto reason = frame.value("reason", std::string{});
            if (reason == "link_disabled") {
                give_up("Slack disabled Socket Mode for this app (link_disabled); turn it on "
                        "again in the app settings or use the Events API");
                return;
            }
            spdlog::info("slack: link {} asked to reconnect ({})", id, reason);
            link->second.retiring = true;
            open_link();
            return;
        }
        auto envelope = frame.value("envelope_id", std::string{});
        if (envelope.empty())
            return;
        // Ack before any work: Slack redelivers what is not acked within three seconds.
        link->second.socket->send_text(nlohmann::json{{"envelope_id", envelope}}.dump());
        auto payload = frame.find("payload");
        if (payload != frame.end() && m_callbacks.on_envelope)
            m_callbacks.on_envelope(type, payload->dump());
    }

    void on_hello(int id) {
        auto link = m_links.find(id);
        if (link == m_links.end() || link->second.hello)
            return;
        link->second.hello = true;
        m_opening = false;
        m_failures = 0;
        ++m_hellos;
        m_status.connected = true;
        m_status.reason.clear();
        spdlog::info("slack: socket mode link {} connected", id);
        // The successor is up, so closing the old links loses no envelope. A closed link reports
        // nothing more, so it leaves the map here.
        for (auto entry = m_links.begin(); entry != m_links.end();) {
            if (entry->first != id && entry->second.retiring) {
                entry->second.socket->close();
                entry = m_links.erase(entry);
            } else {
                ++entry;
            }
        }
    }

    void on_link_ended(int id, std::string const& why) {
        auto link = m_links.find(id);
        if (link == m_links.end())
            return;
        bool had_hello = link->second.hello;
        bool retiring = link->second.retiring;
        m_links.erase(link);
        if (m_stopped)
            return;
        if (!had_hello)
            m_opening = false;
        if (!retiring)
            spdlog::warn("slack: socket mode link {} ended: {}", id, why);
        bool any_up = std::any_of(m_links.begin(), m_links.end(),
                                  [](auto const& entry) { return entry.second.hello; });
        m_status.connected = any_up;
        if (!any_up) {
            m_status.reason = "reconnecting to Slack: " + why;
            if (!m_opening)
                retry_later();
        }
    }

    void retry_later() {
        if (m_stopped)
            return;
        // Up to half off at random, so many bots do not reconnect in step.
        constexpr Backoff reconnect{std::chrono::milliseconds(500), std::chrono::seconds(16), 2,
                                    0.5};
        m_retry.expires_after(reconnect.delay(++m_failures, m_random));
        std::weak_ptr<Client> weak = shared_from_this();
        m_retry.async_wait([weak](boost::system::error_code ec) {
            if (auto self = weak.lock(); self && !ec)
                self->open_link();
        });
    }

    boost::asio::io_context& m_io;
    SocketModeCallbacks m_callbacks;
    boost::asio::steady_timer m_retry;
    std::mt19937_64 m_random;
    std::map<int, Link> m_links;
    SocketModeStatus m_status;
    int m_next_link = 0;
    int m_failures = 0;
    int m_hellos = 0;
    bool m_opening = false;
    bool m_stopped = true;
};

// Keeps the client alive for callbacks still queued on the loop after its owner let go.
class Handle final : public SocketModeClient {
public:
    explicit Handle(std::shared_ptr<Client> client) : m_client(std::move(client)) {}
    ~Handle() override { m_client->stop(); }
    void start() override { m_client->start(); }
    void stop() override { m_client->stop(); }
    SocketModeStatus status() const override { return m_client->status(); }
    int connections_made() const override { return m_client->connections_made(); }

private:
    std::shared_ptr<Client> m_client;
};

} // namespace

std::unique_ptr<SocketModeClient> SocketModeClient::create(boost::asio::io_context& io,
                                                           SocketModeCallbacks callbacks) {
    return std::make_unique<Handle>(std::make_shared<Client>(io, std::move(callbacks)));
}

} // namespace sb::slack
