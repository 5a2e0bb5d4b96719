// SPDX-License-Identifier: Apache-2.0
// websocketpp 0.8 still uses Asio's io_service names, which the project turns off everywhere
// else; they only add aliases and member functions, never change a type's layout.
#undef BOOST_ASIO_NO_DEPRECATED

#include "adapters/net/websocket/websocket_client.hpp"

#include "adapters/net/websocket/proxy_env.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>
#include <spdlog/spdlog.h>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_client.hpp>

#include <type_traits>

namespace sb::net {
namespace {

using PlainEndpoint = websocketpp::client<websocketpp::config::asio_client>;
using TlsEndpoint = websocketpp::client<websocketpp::config::asio_tls_client>;

template <typename Endpoint> void set_up(Endpoint& endpoint, boost::asio::io_context& io) {
    endpoint.clear_access_channels(websocketpp::log::alevel::all);
    endpoint.clear_error_channels(websocketpp::log::elevel::all);
    endpoint.init_asio(&io);
    endpoint.set_max_message_size(websocket_max_message_bytes);
}

class Connection final : public std::enable_shared_from_this<Connection> {
public:
    explicit Connection(boost::asio::io_context& io) {
        set_up(m_plain, io);
        set_up(m_tls, io);
        m_tls.set_tls_init_handler([](websocketpp::connection_hdl) {
            auto context =
                std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
            context->set_default_verify_paths();
            context->set_verify_mode(boost::asio::ssl::verify_peer);
            return context;
        });
    }

    Result<void> connect(std::string const& url, WebSocketHeaders const& headers,
                         WebSocketCallbacks callbacks) {
        close(false);
        m_callbacks = std::move(callbacks);
        auto generation = ++m_generation;
        return url.rfind("wss://", 0) == 0 ? connect_with(m_tls, url, headers, generation)
                                           : connect_with(m_plain, url, headers, generation);
    }

    void send_text(std::string const& text) {
        if (m_send)
            m_send(text);
    }

    void close(bool going_away) {
        ++m_generation; // whatever the old connection still reports is ignored
        m_send = nullptr;
        if (m_close) {
            m_close(going_away);
            m_close = nullptr;
        }
    }

private:
    template <typename Endpoint>
    Result<void> connect_with(Endpoint& endpoint, std::string const& url,
                              WebSocketHeaders const& headers, int generation) {
        constexpr bool tls = std::is_same_v<Endpoint, TlsEndpoint>;
        websocketpp::lib::error_code ec;
        auto connection = endpoint.get_connection(url, ec);
        if (ec)
            return unexpected(ErrorCode::invalid_argument, "not a websocket URL: " + ec.message());
        for (auto const& [name, value] : headers)
            connection->append_header(name, value);
        auto host = connection->get_host();
        auto proxy = proxy_for(tls, host, connection->get_port(), ProxyEnvironment::from_process());
        if (!proxy)
            return unexpected(proxy.error());
        if (*proxy) {
            connection->set_proxy((*proxy)->url, ec);
            if (!ec && (*proxy)->has_credentials)
                connection->set_proxy_basic_auth((*proxy)->user, (*proxy)->password, ec);
            if (ec)
                return unexpected(ErrorCode::invalid_argument,
                                  "cannot use the proxy " + (*proxy)->url + ": " + ec.message(),
                                  tls ? "HTTPS_PROXY" : "HTTP_PROXY");
            spdlog::debug("websocket: to {} through the proxy {}", host, (*proxy)->url);
        }
        if constexpr (tls) {
            connection->set_socket_init_handler([host](websocketpp::connection_hdl, auto& stream) {
                // SNI and a certificate for the host we asked for, not just any valid one.
                SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
                stream.set_verify_callback(boost::asio::ssl::host_name_verification(host));
            });
        }
        std::weak_ptr<Connection> weak = shared_from_this();
        connection->set_open_handler([weak, generation](websocketpp::connection_hdl) {
            auto self = weak.lock();
            if (!self || self->m_generation != generation)
                return;
            self->m_opened = true;
            if (self->m_callbacks.on_open)
                self->m_callbacks.on_open();
        });
        connection->set_message_handler([weak, generation](websocketpp::connection_hdl,
                                                           typename Endpoint::message_ptr message) {
            auto self = weak.lock();
            if (self && self->m_generation == generation &&
                message->get_opcode() == websocketpp::frame::opcode::text &&
                self->m_callbacks.on_text)
                self->m_callbacks.on_text(message->get_payload());
        });
        connection->set_fail_handler(
            [weak, generation, &endpoint](websocketpp::connection_hdl hdl) {
                auto self = weak.lock();
                if (!self)
                    return;
                websocketpp::lib::error_code ignored;
                auto failed = endpoint.get_con_from_hdl(hdl, ignored);
                WebSocketEnded ended;
                int status = failed ? static_cast<int>(failed->get_response_code()) : 0;
                ended.reason = failed ? failed->get_ec().message() : "connection failed";
                if (status >= 400) {
                    ended.http_status = status;
                    ended.reason =
                        "the server refused the websocket with HTTP " + std::to_string(status);
                }
                self->ended(generation, std::move(ended));
            });
        connection->set_close_handler(
            [weak, generation, &endpoint](websocketpp::connection_hdl hdl) {
                auto self = weak.lock();
                if (!self)
                    return;
                websocketpp::lib::error_code ignored;
                auto closed = endpoint.get_con_from_hdl(hdl, ignored);
                WebSocketEnded ended;
                ended.reason = "closed";
                if (closed && closed->get_remote_close_code() != websocketpp::close::status::blank)
                    ended.close_code = closed->get_remote_close_code();
                self->ended(generation, std::move(ended));
            });
        auto hdl = connection->get_handle();
        m_send = [&endpoint, hdl](std::string const& text) {
            websocketpp::lib::error_code ignored;
            endpoint.send(hdl, text, websocketpp::frame::opcode::text, ignored);
        };
        m_close = [&endpoint, hdl](bool going_away) {
            websocketpp::lib::error_code ignored;
            endpoint.close(hdl,
                           going_away ? websocketpp::close::status::going_away
                                      : websocketpp::close::status::normal,
                           "", ignored);
        };
        m_opened = false;
        endpoint.connect(connection);
        return {};
    }

    void ended(int generation, WebSocketEnded ended) {
        if (generation != m_generation)
            return;
        ++m_generation;
        m_send = nullptr;
        m_close = nullptr;
        ended.opened = m_opened;
        // Moved out first: the callback may connect again and replace them.
        auto callbacks = std::move(m_callbacks);
        m_callbacks = {};
        if (callbacks.on_closed)
            callbacks.on_closed(ended);
    }

    PlainEndpoint m_plain;
    TlsEndpoint m_tls;
    WebSocketCallbacks m_callbacks;
    std::function<void(std::string const&)> m_send;
    std::function<void(bool)> m_close;
    int m_generation = 0;
    bool m_opened = false;
};

// Keeps the connection alive for handlers still queued on the loop after its owner let go.
class Handle final : public WebSocketClient {
public:
    explicit Handle(std::shared_ptr<Connection> connection) : m_connection(std::move(connection)) {}
    ~Handle() override { m_connection->close(true); }
    Result<void> connect(std::string const& url, WebSocketHeaders const& headers,
                         WebSocketCallbacks callbacks) override {
        return m_connection->connect(url, headers, std::move(callbacks));
    }
    void send_text(std::string const& text) override { m_connection->send_text(text); }
    void close(bool going_away) override { m_connection->close(going_away); }

private:
    std::shared_ptr<Connection> m_connection;
};

} // namespace

std::unique_ptr<WebSocketClient> WebSocketClient::create(boost::asio::io_context& io) {
    return std::make_unique<Handle>(std::make_shared<Connection>(io));
}

} // namespace sb::net
