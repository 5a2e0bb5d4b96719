// SPDX-License-Identifier: Apache-2.0
// The daemon's HTTP/1.1 server: routes plain HttpRequest values to handlers on one io_context.
#pragma once

#include "base/result.hpp"
#include "bot/ports/http.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace sb {

// Told of every answered request: the route pattern that matched (empty when none did, so a
// client's path never reaches it), the client's method and the seconds until the answer.
using HttpRequestObserver =
    std::function<void(std::string_view route, std::string_view method, double seconds)>;

struct HttpServerOptions {
    std::size_t max_body_bytes = 2 * 1024 * 1024; // larger bodies get 413
    std::size_t max_header_bytes = 16 * 1024;     // larger header blocks get 431
    // How long a connection may take to send one request, and how long an idle keep-alive
    // connection stays open.
    std::chrono::seconds read_timeout{30};
    // A response (or the 100-continue line) that the client does not read within this time
    // closes the connection, so a client that pipelines requests and never reads cannot hold it.
    std::chrono::milliseconds write_timeout{10000};
    // After the last response, how long the connection may drain the client's leftovers in
    // total; a trickle of bytes does not extend it.
    std::chrono::milliseconds drain_timeout{5000};
    // At the global limit a new connection takes the place of the one that has waited longest
    // for its client (idle, half-sent request, unread response); when every connection is busy
    // with a handler, the new one is closed at once. Over the per-address limit it is closed at
    // once. 512 of the usual 1,024 descriptors leave room for the store, posting and paging.
    std::size_t max_connections = 512;
    std::size_t max_connections_per_address = 64;
    // Request bodies buffered at once, over all connections, before any handler has seen them
    // (and so before any signature or token is checked); a request that would go over gets 503.
    std::size_t max_pending_body_bytes = 64 * 1024 * 1024;
    // A server-sent-events client that lets this much text pile up unread is dropped.
    std::size_t max_stream_queue_bytes = 1024 * 1024;
    HttpRequestObserver observe_request; // may be empty
};

// What the listener turned away, for /metrics; counts since the server was created.
struct HttpServerStats {
    std::size_t open_connections = 0;
    std::uint64_t refused_global_limit = 0;  // at the limit, and no connection could make room
    std::uint64_t refused_address_limit = 0; // one address over its limit
    std::uint64_t refused_descriptors = 0;   // the process was out of file descriptors
    std::uint64_t evicted = 0;               // closed to make room for a new connection
    std::uint64_t refused_body_budget = 0;   // 503: too many bodies being received at once
    std::uint64_t dropped_slow_streams = 0;  // event streams that did not keep up
};

class HttpServer final : public HttpRouter {
public:
    // Binds and listens; an address in use or a bad host is an error, not an exception.
    // Port 0 picks a free port (see port()).
    static Result<std::unique_ptr<HttpServer>> create(boost::asio::io_context& io,
                                                      std::string const& host, std::uint16_t port,
                                                      HttpServerOptions options = {});
    ~HttpServer() override;
    HttpServer(HttpServer const&) = delete;
    HttpServer& operator=(HttpServer const&) = delete;

    // Call before start(), or on the io_context's thread.
    void add_route(std::string method, std::string path_prefix, HttpHandler handler) override;

    // The port actually bound.
    std::uint16_t port() const;
    // Call on the io_context's thread.
    HttpServerStats stats() const;
    // Starts accepting on the io_context; handlers run on its thread.
    void start();
    // Stops accepting and closes idle connections; requests in flight still get their answer.
    // Call on the io_context's thread (or before it runs).
    void stop();

    struct State;

private:
    explicit HttpServer(std::shared_ptr<State> state);
    std::shared_ptr<State> m_state;
};

} // namespace sb
