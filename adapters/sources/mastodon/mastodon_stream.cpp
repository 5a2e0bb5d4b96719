// SPDX-License-Identifier: Apache-2.0
// Mastodon's streaming websocket on the shared client: TLS (wss) in production, plain ws against
// fakes, through the environment's proxy when one is set.
#include "adapters/sources/mastodon/mastodon_stream.hpp"

#include "adapters/net/websocket/websocket_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace sb::mastodon {
namespace {

class Connection final : public StreamConnection, public std::enable_shared_from_this<Connection> {
public:
    Connection(boost::asio::io_context& io, StreamCallbacks callbacks)
        : m_io(io), m_callbacks(std::move(callbacks)), m_socket(net::WebSocketClient::create(io)) {}

    void open(std::string const& url, std::string const& bearer_token) override {
        close();
        auto generation = ++m_generation;
        std::weak_ptr<Connection> weak = shared_from_this();
        net::WebSocketCallbacks callbacks;
        callbacks.on_open = [weak, generation] {
            auto self = weak.lock();
            if (self && self->m_generation == generation && self->m_callbacks.on_open)
                self->m_callbacks.on_open();
        };
        callbacks.on_text = [weak, generation](std::string const& text) {
            auto self = weak.lock();
            if (self && self->m_generation == generation && self->m_callbacks.on_message)
                self->m_callbacks.on_message(text);
        };
        callbacks.on_closed = [weak, generation](net::WebSocketEnded const& end) {
            auto self = weak.lock();
            if (!self)
                return;
            std::string why = end.reason;
            if (end.http_status >= 400)
                why = "the server refused the stream with HTTP " + std::to_string(end.http_status);
            else if (end.opened)
                why = end.close_code != 0
                          ? "the stream closed (code " + std::to_string(end.close_code) + ")"
                          : "the stream closed";
            self->ended(generation, why, end.http_status);
        };
        // The header, not the legacy access_token query parameter: URLs end up in logs.
        auto started = m_socket->connect(url, {{"Authorization", "Bearer " + bearer_token}},
                                         std::move(callbacks));
        if (!started) {
            spdlog::warn("mastodon: cannot open the streaming URL: {}",
                         started.error().to_string());
            // Reported from the loop, never from inside open(): the caller may be mid-update.
            auto why = "the streaming URL cannot be opened: " + started.error().to_string();
            boost::asio::post(m_io, [weak, generation, why] {
                if (auto self = weak.lock())
                    self->ended(generation, why, 0);
            });
        }
    }

    void close() override {
        ++m_generation; // whatever the old connection still reports is ignored
        m_socket->close(true);
    }

private:
    void ended(int generation, std::string const& why, int status) {
        if (generation != m_generation)
            return;
        ++m_generation;
        if (m_callbacks.on_closed)
            m_callbacks.on_closed(why, status);
    }

    boost::asio::io_context& m_io;
    StreamCallbacks m_callbacks;
    std::unique_ptr<net::WebSocketClient> m_socket;
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
