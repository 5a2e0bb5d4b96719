// SPDX-License-Identifier: Apache-2.0
// Slack Socket Mode on websocketpp: TLS (wss) in production, plain ws against local fakes.
// websocketpp 0.8 still uses Asio's io_service names, which the project turns off everywhere
// else; they only add aliases and member functions, never change a type's layout.
#undef BOOST_ASIO_NO_DEPRECATED

#include "adapters/chat/slack/slack_socket_mode.hpp"

#include "bot/util/backoff.hpp"
#include "bot/util/json_bounded.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_client.hpp>

#include <algorithm>
#include <map>
#include <random>

namespace sb::slack {
namespace {

using PlainEndpoint = websocketpp::client<websocketpp::config::asio_client>;
using TlsEndpoint = websocketpp::client<websocketpp::config::asio_tls_client>;

template <typename Endpoint> void quiet(Endpoint& endpoint) {
    endpoint.clear_access_channels(websocketpp::log::alevel::all);
    endpoint.clear_error_channels(websocketpp::log::elevel::all);
}

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
          m_random(std::random_device{}()) {
        quiet(m_plain);
        quiet(m_tls);
        m_plain.init_asio(&m_io);
        m_tls.init_asio(&m_io);
        m_tls.set_tls_init_handler([](websocketpp::connection_hdl) {
            auto context =
                std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
            context->set_default_verify_paths();
            context->set_verify_mode(boost::asio::ssl::verify_peer);
            return context;
        });
    }

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
            link.close();
        m_links.clear();
        m_status.connected = false;
    }

    SocketModeStatus status() const override { return m_status; }
    int connections_made() const override { return m_hellos; }

private:
    struct Link {
        bool hello = false;
        bool retiring = false; // Slack asked us to move on; closed once a successor says hello
        std::function<void(std::string const&)> send;
        std::function<void()> close;
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
        bool ok = url.rfind("wss://", 0) == 0 ? connect_with(m_tls, url, id, true)
                                              : connect_with(m_plain, url, id, false);
        if (!ok) {
            m_opening = false;
            retry_later();
        }
    }

    template <typename Endpoint>
    bool connect_with(Endpoint& endpoint, std::string const& url, int id, bool tls) {
        websocketpp::lib::error_code ec;
        auto connection = endpoint.get_connection(url, ec);
        if (ec) {
            spdlog::warn("slack: cannot open socket mode URL on {}: {}", host_of(url),
                         ec.message());
            return false;
        }
        std::weak_ptr<Client> weak = shared_from_this();
        if constexpr (std::is_same_v<Endpoint, TlsEndpoint>) {
            auto host = connection->get_host();
            connection->set_socket_init_handler([host](websocketpp::connection_hdl, auto& stream) {
                // SNI and a certificate for the host we asked for, not just any valid one.
                SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
                stream.set_verify_callback(boost::asio::ssl::host_name_verification(host));
            });
        }
        (void)tls;
        auto hdl = connection->get_handle();
        Link link;
        link.send = [&endpoint, hdl](std::string const& text) {
            websocketpp::lib::error_code ignored;
            endpoint.send(hdl, text, websocketpp::frame::opcode::text, ignored);
        };
        link.close = [&endpoint, hdl] {
            websocketpp::lib::error_code ignored;
            endpoint.close(hdl, websocketpp::close::status::normal, "", ignored);
        };
        m_links[id] = std::move(link);
        connection->set_message_handler(
            [weak, id](websocketpp::connection_hdl, typename Endpoint::message_ptr message) {
                if (auto self = weak.lock())
                    self->on_frame(id, message->get_payload());
            });
        auto ended = [weak, id](std::string const& why) {
            if (auto self = weak.lock())
                self->on_link_ended(id, why);
        };
        connection->set_fail_handler([&endpoint, ended](websocketpp::connection_hdl hdl) {
            websocketpp::lib::error_code ec;
            auto failed = endpoint.get_con_from_hdl(hdl, ec);
            ended(failed ? failed->get_ec().message() : std::string("connection failed"));
        });
        connection->set_close_handler([ended](websocketpp::connection_hdl) { ended("closed"); });
        endpoint.connect(connection);
        return true;
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
        link->second.send(nlohmann::json{{"envelope_id", envelope}}.dump());
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
        // The successor is up, so closing the old links loses no envelope.
        for (auto& [other, state] : m_links)
            if (other != id && state.retiring)
                state.close();
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
    PlainEndpoint m_plain;
    TlsEndpoint m_tls;
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
