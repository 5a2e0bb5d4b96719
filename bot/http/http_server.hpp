// SPDX-License-Identifier: Apache-2.0
// The daemon's HTTP/1.1 server: routes plain HttpRequest values to handlers on one io_context.
#pragma once

#include "bot/ports/http.hpp"
#include "bot/util/result.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace sb {

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
    // Connections above these limits are accepted and closed at once, leaving descriptors of
    // the usual 1,024 for outbound posting and paging.
    std::size_t max_connections = 512;
    std::size_t max_connections_per_address = 64;
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
