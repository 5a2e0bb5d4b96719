// SPDX-License-Identifier: Apache-2.0
// Mastodon's streaming websocket on websocketpp: TLS (wss) in production, plain ws against fakes.
// websocketpp 0.8 still uses Asio's io_service names, which the project turns off everywhere
// else; they only add aliases and member functions, never change a type's layout.
#undef BOOST_ASIO_NO_DEPRECATED

#include "adapters/sources/mastodon/mastodon_stream.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <spdlog/spdlog.h>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_client.hpp>

#include <type_traits>

namespace sb::mastodon {
namespace {

using PlainEndpoint = websocketpp::client<websocketpp::config::asio_client>;
using TlsEndpoint = websocketpp::client<websocketpp::config::asio_tls_client>;

template <typename Endpoint> void quiet(Endpoint& endpoint) {
    endpoint.clear_access_channels(websocketpp::log::alevel::all);
    endpoint.clear_error_channels(websocketpp::log::elevel::all);
}

class Connection final : public StreamConnection, public std::enable_shared_from_this<Connection> {
public:
    Connection(boost::asio::io_context& io, StreamCallbacks callbacks)
        : m_io(io), m_callbacks(std::move(callbacks)) {
        quiet(m_plain);
        quiet(m_tls);
        m_plain.init_asio(&io);
        m_tls.init_asio(&io);
        m_tls.set_tls_init_handler([](websocketpp::connection_hdl) {
            auto context =
                std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
            context->set_default_verify_paths();
            context->set_verify_mode(boost::asio::ssl::verify_peer);
            return context;
        });
    }

    void open(std::string const& url, std::string const& bearer_token) override {
        close();
        auto generation = ++m_generation;
        bool started = url.rfind("wss://", 0) == 0
                           ? open_with(m_tls, url, bearer_token, generation)
                           : open_with(m_plain, url, bearer_token, generation);
        if (!started) {
            // Reported from the loop, never from inside open(): the caller may be mid-update.
            std::weak_ptr<Connection> weak = shared_from_this();
            boost::asio::post(m_io, [weak, generation] {
                if (auto self = weak.lock())
                    self->ended(generation, "the streaming URL is not valid", 0);
            });
        }
    }

    void close() override {
        ++m_generation; // whatever the old connection still reports is ignored
        if (m_close) {
            m_close();
            m_close = nullptr;
        }
    }

private:
    template <typename Endpoint>
    bool open_with(Endpoint& endpoint, std::string const& url, std::string const& token,
                   int generation) {
        websocketpp::lib::error_code ec;
        auto connection = endpoint.get_connection(url, ec);
        if (ec) {
            spdlog::warn("mastodon: cannot open the streaming URL: {}", ec.message());
            return false;
        }
        // The header, not the legacy access_token query parameter: URLs end up in logs.
        connection->append_header("Authorization", "Bearer " + token);
        if constexpr (std::is_same_v<Endpoint, TlsEndpoint>) {
            auto host = connection->get_host();
            connection->set_socket_init_handler([host](websocketpp::connection_hdl, auto& stream) {
                // SNI and a certificate for the host we asked for, not just any valid one.
                SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
                stream.set_verify_callback(boost::asio::ssl::host_name_verification(host));
            });
        }
        std::weak_ptr<Connection> weak = shared_from_this();
        connection->set_open_handler([weak, generation](websocketpp::connection_hdl) {
            auto self = weak.lock();
            if (self && self->m_generation == generation && self->m_callbacks.on_open)
                self->m_callbacks.on_open();
        });
        connection->set_message_handler([weak, generation](websocketpp::connection_hdl,
                                                           typename Endpoint::message_ptr message) {
            auto self = weak.lock();
            if (self && self->m_generation == generation &&
                message->get_opcode() == websocketpp::frame::opcode::text &&
                self->m_callbacks.on_message)
                self->m_callbacks.on_message(message->get_payload());
        });
        connection->set_fail_handler(
            [weak, generation, &endpoint](websocketpp::connection_hdl hdl) {
                auto self = weak.lock();
                if (!self)
                    return;
                websocketpp::lib::error_code ignored;
                auto failed = endpoint.get_con_from_hdl(hdl, ignored);
                int status = failed ? static_cast<int>(failed->get_response_code()) : 0;
                std::string why = failed ? failed->get_ec().message() : "connection failed";
                if (status >= 400)
                    why = "the server refused the stream with HTTP " + std::to_string(status);
                self->ended(generation, why, status >= 400 ? status : 0);
            });
        connection->set_close_handler(
            [weak, generation, &endpoint](websocketpp::connection_hdl hdl) {
                auto self = weak.lock();
                if (!self)
                    return;
                websocketpp::lib::error_code ignored;
                auto closed = endpoint.get_con_from_hdl(hdl, ignored);
                std::string why = "the stream closed";
                if (closed && closed->get_remote_close_code() != websocketpp::close::status::blank)
                    why += " (code " + std::to_string(closed->get_remote_close_code()) + ")";
                self->ended(generation, why, 0);
            });
        auto hdl = connection->get_handle();
        m_close = [&endpoint, hdl] {
            websocketpp::lib::error_code ignored;
            endpoint.close(hdl, websocketpp::close::status::going_away, "", ignored);
        };
        endpoint.connect(connection);
        return true;
    }

    void ended(int generation, std::string const& why, int status) {
        if (generation != m_generation)
            return;
        ++m_generation;
        m_close = nullptr;
        if (m_callbacks.on_closed)
            m_callbacks.on_closed(why, status);
    }

    boost::asio::io_context& m_io;
    StreamCallbacks m_callbacks;
    PlainEndpoint m_plain;
    TlsEndpoint m_tls;
    std::function<void()> m_close;
    int m_generation = 0;
};

// Keeps the connection alive for handlers still queued on the loop after its owner let go.
class Handle final : public StreamConnection {
public:
    explicit Handle(std::shared_ptr<Connection> connection) : m_connection(std::move(connection)) {}
    ~Handle() override { m_connection->close(); }
    void open(std::string const& url, std::string const& token) override {
        m_connection->open(url, token);
    }
    void close() override { m_connection->close(); }

private:
    std::shared_ptr<Connection> m_connection;
};

} // namespace

std::unique_ptr<StreamConnection> StreamConnection::create(boost::asio::io_context& io,
                                                           StreamCallbacks callbacks) {
    return std::make_unique<Handle>(std::make_shared<Connection>(io, std::move(callbacks)));
}

} // namespace sb::mastodon
