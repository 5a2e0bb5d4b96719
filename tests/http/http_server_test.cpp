// SPDX-License-Identifier: Apache-2.0
// The HTTP server over real loopback sockets: routing, limits, async answers, keep-alive.
#include "bot/http/http_server.hpp"

#include "tests/support/http_client.hpp"
#include "tests/support/loop_thread.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sb {
namespace {

using test::http_request;
using test::HttpConnection;

HttpHandler answer_with(std::string body) {
    return [body](HttpRequest const&, HttpResponder respond) {
        respond(HttpResponse::text(200, body));
    };
}

class HttpServerTest : public ::testing::Test {
protected:
    void create(HttpServerOptions options = {}) {
        auto created = HttpServer::create(loop.io(), "127.0.0.1", 0, options);
        ASSERT_TRUE(created.has_value()) << created.error().to_string();
        server = std::move(created).value();
    }
    void SetUp() override { create(); }
    void TearDown() override { loop.stop(); }

    // Starts serving; routes must be added before.
    std::uint16_t serve() {
        server->start();
        loop.start();
        return server->port();
    }

    test::LoopThread loop;
    std::unique_ptr<HttpServer> server;
};

TEST_F(HttpServerTest, BindingPortZeroReportsTheRealPort) {
    EXPECT_NE(server->port(), 0);
}

TEST_F(HttpServerTest, ExactRouteAnswersWithLengthAndType) {
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    auto const result = http_request("127.0.0.1", port, "GET", "/exact");
    ASSERT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(result.body, "hello");
    EXPECT_EQ(result.header("Content-Length"), "5");
    EXPECT_EQ(result.header("Content-Type"), "text/plain; charset=utf-8");
}

TEST_F(HttpServerTest, ExactRouteDoesNotMatchLongerPaths) {
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/exact/more").status, 404);
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/exactly").status, 404);
}

TEST_F(HttpServerTest, PrefixRouteSeesTheFullPath) {
    server->add_route("GET", "/api/", [](HttpRequest const& request, HttpResponder respond) {
        respond(HttpResponse::text(200, request.path));
    });
    auto const port = serve();
    auto const result = http_request("127.0.0.1", port, "GET", "/api/items/42?x=1");
    ASSERT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(result.body, "/api/items/42");
}

TEST_F(HttpServerTest, LongestMatchingPrefixWins) {
    server->add_route("GET", "/api/", answer_with("general"));
    server->add_route("GET", "/api/special/", answer_with("special"));
    server->add_route("GET", "/api/special/exact", answer_with("exact"));
    auto const port = serve();
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/api/other").body, "general");
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/api/special/x").body, "special");
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/api/special/exact").body, "exact");
}

TEST_F(HttpServerTest, UnknownPathIsJson404) {
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    auto const result = http_request("127.0.0.1", port, "GET", "/nowhere");
    ASSERT_EQ(result.status, 404) << result.error;
    EXPECT_EQ(result.header("Content-Type"), "application/json");
    auto const body = nlohmann::json::parse(result.body);
    EXPECT_NE(body.at("error").get<std::string>().find("/nowhere"), std::string::npos);
}

TEST_F(HttpServerTest, KnownPathWithOtherMethodIs405WithAllow) {
    server->add_route("GET", "/thing", answer_with("got"));
    server->add_route("PUT", "/thing", answer_with("put"));
    auto const port = serve();
    auto const result = http_request("127.0.0.1", port, "POST", "/thing", "x");
    ASSERT_EQ(result.status, 405) << result.error;
    EXPECT_EQ(result.header("Allow"), "GET, HEAD, PUT");
    EXPECT_TRUE(nlohmann::json::parse(result.body).contains("error"));
}

TEST_F(HttpServerTest, QueryStringIsDecoded) {
    std::map<std::string, std::string> seen;
    server->add_route("GET", "/search", [&seen](HttpRequest const& request, HttpResponder respond) {
        seen = request.query;
        respond(HttpResponse::text(200, "ok"));
    });
    auto const port = serve();
    auto const result =
        http_request("127.0.0.1", port, "GET", "/search?name=a%20b&sum=1+2&flag&bad=%zz");
    ASSERT_EQ(result.status, 200) << result.error;
    loop.stop();
    EXPECT_EQ(seen["name"], "a b");
    EXPECT_EQ(seen["sum"], "1 2");
    EXPECT_EQ(seen.count("flag"), 1u);
    EXPECT_EQ(seen["flag"], "");
    EXPECT_EQ(seen["bad"], "%zz");
}

TEST_F(HttpServerTest, HeadersAndBodyReachTheHandler) {
    HttpRequest seen;
    server->add_route("POST", "/echo", [&seen](HttpRequest const& request, HttpResponder respond) {
        seen = request;
        respond(HttpResponse::json(201, request.body));
    });
    auto const port = serve();
    auto const result = http_request("127.0.0.1", port, "POST", "/echo", R"({"a":1})",
                                     {{"X-Custom-Header", "value"}});
    ASSERT_EQ(result.status, 201) << result.error;
    EXPECT_EQ(result.body, R"({"a":1})");
    loop.stop();
    EXPECT_EQ(seen.method, "POST");
    EXPECT_EQ(seen.header("x-custom-header"), "value");
    EXPECT_EQ(seen.body, R"({"a":1})");
    EXPECT_EQ(seen.remote_address.rfind("127.0.0.1:", 0), 0u);
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413) {
    HttpServerOptions options;
    options.max_body_bytes = 1024;
    create(options);
    bool called = false;
    server->add_route("POST", "/upload", [&called](HttpRequest const&, HttpResponder respond) {
        called = true;
        respond(HttpResponse::text(200, "ok"));
    });
    auto const port = serve();
    auto const result = http_request("127.0.0.1", port, "POST", "/upload", std::string(2000, 'x'));
    EXPECT_EQ(result.status, 413) << result.error;
    EXPECT_EQ(http_request("127.0.0.1", port, "POST", "/upload", std::string(1024, 'x')).status,
              200);
    loop.stop();
    EXPECT_TRUE(called);
}

TEST_F(HttpServerTest, ConnectionWaitsForALaterAnswer) {
    std::promise<void> handler_called;
    HttpResponder held;
    server->add_route("GET", "/slow", [&](HttpRequest const&, HttpResponder respond) {
        held = std::move(respond);
        handler_called.set_value();
    });
    server->add_route("POST", "/release", [&](HttpRequest const&, HttpResponder respond) {
        held(HttpResponse::text(200, "finally"));
        respond(HttpResponse::text(200, "released"));
    });
    auto const port = serve();
    auto slow = std::async(std::launch::async,
                           [port] { return http_request("127.0.0.1", port, "GET", "/slow"); });
    handler_called.get_future().wait();
    EXPECT_EQ(slow.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    EXPECT_EQ(http_request("127.0.0.1", port, "POST", "/release").body, "released");
    auto const result = slow.get();
    EXPECT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(result.body, "finally");
}

TEST_F(HttpServerTest, AnswerFromAnotherThreadIsDelivered) {
    server->add_route("GET", "/threaded", [](HttpRequest const&, HttpResponder respond) {
        std::thread([respond] { respond(HttpResponse::text(200, "from a thread")); }).detach();
    });
    auto const port = serve();
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/threaded").body, "from a thread");
}

TEST_F(HttpServerTest, HandlerThatDropsItsResponderGets500) {
    server->add_route("GET", "/forgetful", [](HttpRequest const&, HttpResponder) {});
    auto const port = serve();
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/forgetful").status, 500);
}

TEST_F(HttpServerTest, HandlerThatThrowsGets500AndTheServerKeepsServing) {
    server->add_route("GET", "/throws", [](HttpRequest const&, HttpResponder) {
        throw std::runtime_error("handler bug");
    });
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/throws").status, 500);
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/exact").status, 200);
}

TEST_F(HttpServerTest, InvalidStatusFromAHandlerBecomes500) {
    server->add_route("GET", "/odd", [](HttpRequest const&, HttpResponder respond) {
        respond(HttpResponse::text(1200, "?"));
    });
    auto const port = serve();
    EXPECT_EQ(http_request("127.0.0.1", port, "GET", "/odd").status, 500);
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
    std::vector<std::string> remotes;
    server->add_route("GET", "/who", [&remotes](HttpRequest const& request, HttpResponder respond) {
        remotes.push_back(request.remote_address);
        respond(HttpResponse::text(200, std::to_string(remotes.size())));
    });
    auto const port = serve();
    auto connection = HttpConnection::open("127.0.0.1", port);
    ASSERT_TRUE(connection.has_value());
    auto const first = connection->request("GET", "/who");
    auto const second = connection->request("GET", "/who");
    EXPECT_EQ(first.body, "1") << first.error;
    EXPECT_EQ(second.body, "2") << second.error;
    loop.stop();
    ASSERT_EQ(remotes.size(), 2u);
    EXPECT_EQ(remotes[0], remotes[1]);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    auto connection = HttpConnection::open("127.0.0.1", port);
    ASSERT_TRUE(connection.has_value());
    auto const result = connection->request("GET", "/exact", {}, {}, true);
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.header("Connection"), "close");
    EXPECT_TRUE(connection->peer_closed());
}

TEST_F(HttpServerTest, HeadOnGetRouteSendsLengthWithoutBody) {
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    auto connection = HttpConnection::open("127.0.0.1", port);
    ASSERT_TRUE(connection.has_value());
    auto const head = connection->request("HEAD", "/exact");
    EXPECT_EQ(head.status, 200) << head.error;
    EXPECT_EQ(head.header("Content-Length"), "5");
    EXPECT_EQ(head.body, "");
    // A body sent after all would be read as the next response's start.
    auto const get = connection->request("GET", "/exact");
    EXPECT_EQ(get.status, 200) << get.error;
    EXPECT_EQ(get.body, "hello");
}

TEST_F(HttpServerTest, MalformedRequestIs400) {
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    auto connection = HttpConnection::open("127.0.0.1", port);
    ASSERT_TRUE(connection.has_value());
    ASSERT_TRUE(connection->send_raw("GET /exact HTTP/1.1\r\nBad Header Line\r\n\r\n"));
    EXPECT_EQ(connection->read_response().status, 400);
}

TEST_F(HttpServerTest, HeaderBlockOverTheLimitIs431) {
    HttpServerOptions options;
    options.max_header_bytes = 512;
    create(options);
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    auto const result =
        http_request("127.0.0.1", port, "GET", "/exact", {}, {{"X-Big", std::string(1000, 'a')}});
    EXPECT_EQ(result.status, 431) << result.error;
}

TEST_F(HttpServerTest, ExpectContinueGetsInterimAnswerThenTheResponse) {
    server->add_route("POST", "/upload", [](HttpRequest const& request, HttpResponder respond) {
        respond(HttpResponse::text(200, std::to_string(request.body.size())));
    });
    auto const port = serve();
    auto connection = HttpConnection::open("127.0.0.1", port);
    ASSERT_TRUE(connection.has_value());
    ASSERT_TRUE(connection->send_raw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                     "Expect: 100-continue\r\n\r\n"));
    // The server must speak first; a server ignoring Expect would leave this read waiting.
    auto const interim = connection->read_response(false, true);
    EXPECT_EQ(interim.status, 100) << interim.error;
    ASSERT_TRUE(connection->send_raw("abc"));
    auto const result = connection->read_response();
    EXPECT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(result.body, "3");
}

TEST_F(HttpServerTest, StopRefusesNewConnectionsButFinishesRequestsInFlight) {
    std::promise<void> handler_called;
    HttpResponder held;
    server->add_route("GET", "/slow", [&](HttpRequest const&, HttpResponder respond) {
        held = std::move(respond);
        handler_called.set_value();
    });
    auto const port = serve();
    auto slow = std::async(std::launch::async,
                           [port] { return http_request("127.0.0.1", port, "GET", "/slow"); });
    handler_called.get_future().wait();
    loop.run_on_loop([&] { server->stop(); });
    EXPECT_FALSE(HttpConnection::open("127.0.0.1", port).has_value());
    loop.run_on_loop([&] { held(HttpResponse::text(200, "done")); });
    auto const result = slow.get();
    EXPECT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(result.body, "done");
}

// A raw client: streamed responses have no length, so they are read as they come.
class RawClient {
public:
    explicit RawClient(std::uint16_t port) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        timeval timeout{5, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawClient() { close(); }
    void close() {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    bool connected() const { return m_connected; }
    void send(std::string const& text) { (void)!::write(m_fd, text.data(), text.size()); }
    // Reads until `text` has arrived (or the timeout); returns everything read so far.
    std::string read_until(std::string const& text) {
        char buffer[4096];
        while (m_read.find(text) == std::string::npos) {
            auto n = ::read(m_fd, buffer, sizeof buffer);
            if (n <= 0)
                break;
            m_read.append(buffer, static_cast<std::size_t>(n));
        }
        return m_read;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
    std::string m_read;
};

TEST_F(HttpServerTest, StreamedResponseSendsTextAsItComesAndNoticesTheClientLeaving) {
    std::shared_ptr<HttpStreamWriter> writer;
    std::promise<void> opened;
    server->add_route("GET", "/events", [&](HttpRequest const&, HttpResponder respond) {
        HttpResponse response;
        response.content_type = "text/event-stream";
        response.headers.emplace_back("Cache-Control", "no-store");
        response.body = "retry: 3000\n\n";
        response.stream = [&](std::shared_ptr<HttpStreamWriter> w) {
            writer = std::move(w);
            opened.set_value();
        };
        respond(std::move(response));
    });
    auto const port = serve();
    RawClient client(port);
    ASSERT_TRUE(client.connected());
    client.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(opened.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    auto head = client.read_until("retry: 3000\n\n");
    EXPECT_NE(head.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;

    bool written = false;
    loop.run_on_loop([&] { written = writer->write("event: change\ndata: {}\n\n"); });
    EXPECT_TRUE(written);
    EXPECT_NE(client.read_until("data: {}").find("event: change\ndata: {}"), std::string::npos);

    client.close();
    bool open = true;
    for (int i = 0; i < 100 && open; ++i) {
        loop.run_on_loop([&] {
            (void)writer->write(": keep-alive\n\n");
            open = writer->is_open();
        });
        if (open)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_FALSE(open);
}

TEST_F(HttpServerTest, StopClosesOpenStreams) {
    std::shared_ptr<HttpStreamWriter> writer;
    std::promise<void> opened;
    server->add_route("GET", "/events", [&](HttpRequest const&, HttpResponder respond) {
        HttpResponse response;
        response.content_type = "text/event-stream";
        response.stream = [&](std::shared_ptr<HttpStreamWriter> w) {
            writer = std::move(w);
            opened.set_value();
        };
        respond(std::move(response));
    });
    auto const port = serve();
    RawClient client(port);
    client.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(opened.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    loop.run_on_loop([&] { server->stop(); });
    bool open = true;
    loop.run_on_loop([&] { open = writer->is_open(); });
    EXPECT_FALSE(open);
}

TEST_F(HttpServerTest, ListeningOnAPortInUseIsAnError) {
    auto const taken = server->port();
    auto second = HttpServer::create(loop.io(), "127.0.0.1", taken);
    ASSERT_FALSE(second.has_value());
    EXPECT_NE(second.error().to_string().find(std::to_string(taken)), std::string::npos);
}

// A raw client socket, so tests can misbehave: hold a connection, never read, trickle bytes.
class HostileClient {
public:
    // `from` is the client's own address; every 127.x.y.z is loopback on Linux.
    explicit HostileClient(std::uint16_t port, char const* from = nullptr)
        : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
        if (from != nullptr) {
            sockaddr_in local{};
            local.sin_family = AF_INET;
            ::inet_pton(AF_INET, from, &local.sin_addr);
            if (::bind(m_fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
                throw std::runtime_error("bind failed");
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("connect failed");
        timeval timeout{3, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~HostileClient() { ::close(m_fd); }
    HostileClient(HostileClient const&) = delete;
    HostileClient& operator=(HostileClient const&) = delete;

    bool send(std::string_view text) const {
        return ::send(m_fd, text.data(), text.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(text.size());
    }
    // Reads until the server closes (or resets) the connection; the bytes received, or nullopt
    // when the 3 s receive timeout passes with the connection still open.
    std::optional<std::string> read_to_close() const {
        std::string received;
        std::array<char, 65536> chunk{};
        for (;;) {
            auto const got = ::recv(m_fd, chunk.data(), chunk.size(), 0);
            if (got > 0) {
                received.append(chunk.data(), static_cast<std::size_t>(got));
                continue;
            }
            if (got == 0 || errno == ECONNRESET)
                return received;
            return std::nullopt;
        }
    }

private:
    int m_fd;
};

// What a client gets for GET /exact with Connection: close, or a note that it got nothing.
std::string answer_to(HostileClient const& client) {
    client.send("GET /exact HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return client.read_to_close().value_or("(the connection stayed open without an answer)");
}

// Waits on the loop until the server's stats satisfy `done`, for up to 3 s.
template <typename Done>
HttpServerStats wait_for_stats(test::LoopThread& loop, HttpServer& server, Done done) {
    HttpServerStats stats;
    for (int attempt = 0; attempt < 150; ++attempt) {
        loop.run_on_loop([&] { stats = server.stats(); });
        if (done(stats))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return stats;
}

TEST_F(HttpServerTest, AtTheGlobalLimitTheLongestWaitingConnectionMakesRoom) {
    HttpServerOptions options;
    options.max_connections = 2;
    create(options);
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    // Two connections that never send a request: a slow-loris pair.
    HostileClient const oldest(port);
    wait_for_stats(loop, *server, [](auto const& s) { return s.open_connections == 1; });
    HostileClient const younger(port);
    wait_for_stats(loop, *server, [](auto const& s) { return s.open_connections == 2; });

    HostileClient const newcomer(port);
    EXPECT_NE(answer_to(newcomer).find("hello"), std::string::npos);
    auto const evicted = oldest.read_to_close();
    ASSERT_TRUE(evicted.has_value()) << "the longest waiting connection was kept";
    EXPECT_EQ(*evicted, "");
    // The younger one was not needed: it still gets its answer.
    EXPECT_NE(answer_to(younger).find("hello"), std::string::npos);
    auto const stats = wait_for_stats(loop, *server, [](auto const& s) { return s.evicted >= 1; });
    EXPECT_EQ(stats.evicted, 1U);
    EXPECT_EQ(stats.refused_global_limit, 0U);
}

TEST_F(HttpServerTest, EvictionTakesFromTheAddressHoldingTheMostConnections) {
    HttpServerOptions options;
    options.max_connections = 3;
    create(options);
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    HostileClient const lone(port, "127.0.0.1"); // waits longest, but is alone
    wait_for_stats(loop, *server, [](auto const& s) { return s.open_connections == 1; });
    HostileClient const flood_a(port, "127.0.0.2");
    HostileClient const flood_b(port, "127.0.0.2");
    wait_for_stats(loop, *server, [](auto const& s) { return s.open_connections == 3; });

    HostileClient const newcomer(port, "127.0.0.3");
    EXPECT_NE(answer_to(newcomer).find("hello"), std::string::npos);
    EXPECT_NE(answer_to(lone).find("hello"), std::string::npos) << "the lone client was evicted";
}

TEST_F(HttpServerTest, AtTheGlobalLimitWithEveryConnectionInAHandlerANewOneIsClosed) {
    HttpServerOptions options;
    options.max_connections = 2;
    create(options);
    std::vector<HttpResponder> held;
    server->add_route("GET", "/hold", [&](HttpRequest const&, HttpResponder respond) {
        held.push_back(std::move(respond));
    });
    auto const port = serve();
    HostileClient const first(port);
    HostileClient const second(port);
    first.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
    second.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
    for (int attempt = 0; attempt < 150; ++attempt) {
        std::size_t count = 0;
        loop.run_on_loop([&] { count = held.size(); });
        if (count == 2)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    HostileClient const third(port);
    third.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
    auto const refused = third.read_to_close();
    ASSERT_TRUE(refused.has_value()) << "the connection over the limit was kept open";
    EXPECT_EQ(*refused, "");
    HttpServerStats stats;
    loop.run_on_loop([&] {
        stats = server->stats();
        for (auto& respond : held)
            respond(HttpResponse::text(200, "done"));
        held.clear();
    });
    EXPECT_EQ(stats.refused_global_limit, 1U);
    EXPECT_EQ(stats.evicted, 0U);
}

TEST_F(HttpServerTest, ConnectionsOverThePerAddressLimitAreClosedAtOnce) {
    HttpServerOptions options;
    options.max_connections_per_address = 1;
    create(options);
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    auto first = HttpConnection::open("127.0.0.1", port);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->request("GET", "/exact").status, 200);

    HostileClient const second(port);
    second.send("GET /exact HTTP/1.1\r\nHost: x\r\n\r\n");
    auto const refused = second.read_to_close();
    ASSERT_TRUE(refused.has_value()) << "the second connection from one address was kept open";
    EXPECT_EQ(*refused, "");
    EXPECT_EQ(first->request("GET", "/exact").body, "hello");
    HttpServerStats stats;
    loop.run_on_loop([&] { stats = server->stats(); });
    EXPECT_EQ(stats.refused_address_limit, 1U);
    EXPECT_EQ(stats.open_connections, 1U);

    // Another address is not held back by the first one's limit.
    HostileClient const elsewhere(port, "127.0.0.2");
    EXPECT_NE(answer_to(elsewhere).find("hello"), std::string::npos);
}

TEST_F(HttpServerTest, BodiesBeyondThePendingBudgetGet503UntilOneIsDone) {
    HttpServerOptions options;
    options.max_pending_body_bytes = 1000;
    create(options);
    server->add_route("POST", "/hook", [](HttpRequest const& request, HttpResponder respond) {
        respond(HttpResponse::text(200, "got " + std::to_string(request.body.size())));
    });
    auto const port = serve();
    std::string const head =
        "POST /hook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 800\r\n\r\n";
    HostileClient const slow(port);
    slow.send(head + std::string(100, 'a')); // holds 800 bytes of the budget
    wait_for_stats(loop, *server, [](auto const& s) { return s.open_connections == 1; });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));

    HostileClient const refused(port);
    refused.send(head);
    auto const busy = refused.read_to_close();
    ASSERT_TRUE(busy.has_value());
    EXPECT_NE(busy->find("HTTP/1.1 503"), std::string::npos) << *busy;
    EXPECT_NE(busy->find("Retry-After: 1"), std::string::npos) << *busy;

    slow.send(std::string(700, 'a'));
    auto const done = slow.read_to_close();
    ASSERT_TRUE(done.has_value());
    EXPECT_NE(done->find("got 800"), std::string::npos) << *done;

    HostileClient const later(port);
    later.send(head + std::string(800, 'b'));
    auto const accepted = later.read_to_close();
    ASSERT_TRUE(accepted.has_value());
    EXPECT_NE(accepted->find("got 800"), std::string::npos) << *accepted;
    HttpServerStats stats;
    loop.run_on_loop([&] { stats = server->stats(); });
    EXPECT_EQ(stats.refused_body_budget, 1U);
}

TEST_F(HttpServerTest, WriteTimeoutDropsAClientThatNeverReads) {
    HttpServerOptions options;
    options.write_timeout = std::chrono::milliseconds(300);
    create(options);
    std::string const body(32 * 1024 * 1024, 'x');
    server->add_route("GET", "/big", answer_with(body));
    auto const port = serve();
    HostileClient const client(port);
    // Pipelined requests, and no reading until well after the write timeout.
    client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\nGET /big HTTP/1.1\r\nHost: x\r\n\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    auto const received = client.read_to_close();
    ASSERT_TRUE(received.has_value()) << "the server kept a client that does not read";
    EXPECT_LT(received->size(), body.size());
}

TEST_F(HttpServerTest, TrickleCannotRenewTheDrainDeadline) {
    HttpServerOptions options;
    options.drain_timeout = std::chrono::milliseconds(300);
    create(options);
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    HostileClient const client(port);
    ASSERT_TRUE(client.send("GET /exact HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    auto const response = client.read_to_close();
    ASSERT_TRUE(response.has_value());
    EXPECT_NE(response->find("hello"), std::string::npos);
    // The server now drains; a byte every 100 ms must not keep it open past its deadline.
    auto const started = std::chrono::steady_clock::now();
    bool closed = false;
    while (std::chrono::steady_clock::now() - started < std::chrono::seconds(3)) {
        if (!client.send("x")) {
            closed = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(closed) << "a trickle kept the draining connection open";
}

TEST_F(HttpServerTest, TrickleCannotRenewTheRequestDeadline) {
    HttpServerOptions options;
    options.read_timeout = std::chrono::seconds(1);
    create(options);
    server->add_route("GET", "/exact", answer_with("hello"));
    auto const port = serve();
    HostileClient const client(port);
    std::string const request =
        "GET /exact HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    auto const started = std::chrono::steady_clock::now();
    bool closed = false;
    for (char const byte : request) {
        if (!client.send(std::string_view(&byte, 1))) {
            closed = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(closed) << "a header trickled byte by byte outlived the request deadline";
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

HttpHandler event_stream(std::shared_ptr<HttpStreamWriter>& writer, std::promise<void>& opened) {
    return [&writer, &opened](HttpRequest const&, HttpResponder respond) {
        HttpResponse response;
        response.content_type = "text/event-stream";
        response.stream = [&writer, &opened](std::shared_ptr<HttpStreamWriter> w) {
            writer = std::move(w);
            opened.set_value();
        };
        respond(std::move(response));
    };
}

TEST_F(HttpServerTest, AnEventStreamThatIsNotReadIsDroppedOnceItsQueueIsFull) {
    HttpServerOptions options;
    options.max_stream_queue_bytes = 64 * 1024;
    create(options);
    std::shared_ptr<HttpStreamWriter> writer;
    std::promise<void> opened;
    server->add_route("GET", "/events", event_stream(writer, opened));
    auto const port = serve();
    HostileClient const client(port);
    client.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(opened.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    // The kernel's buffers take some megabytes first; the queue's bound comes after.
    std::string const event = "data: " + std::string(1024, 'x') + "\n\n";
    bool refused = false;
    for (int batch = 0; batch < 2000 && !refused; ++batch) {
        loop.run_on_loop([&] {
            for (int i = 0; i < 64 && !refused; ++i)
                refused = !writer->write(event);
        });
    }
    ASSERT_TRUE(refused) << "an unread stream took 128 MiB of events";
    bool open = true;
    HttpServerStats stats;
    loop.run_on_loop([&] {
        open = writer->is_open();
        stats = server->stats();
    });
    EXPECT_FALSE(open);
    EXPECT_EQ(stats.dropped_slow_streams, 1U);
}

TEST_F(HttpServerTest, AnEventStreamWriteThatStallsPastTheWriteTimeoutClosesIt) {
    HttpServerOptions options;
    options.write_timeout = std::chrono::milliseconds(300);
    options.max_stream_queue_bytes = 64 * 1024 * 1024;
    create(options);
    std::shared_ptr<HttpStreamWriter> writer;
    std::promise<void> opened;
    server->add_route("GET", "/events", event_stream(writer, opened));
    auto const port = serve();
    HostileClient const client(port);
    client.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(opened.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    loop.run_on_loop(
        [&] { (void)writer->write("data: " + std::string(32 * 1024 * 1024, 'x') + "\n\n"); });
    bool open = true;
    for (int attempt = 0; attempt < 150 && open; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        loop.run_on_loop([&] { open = writer->is_open(); });
    }
    EXPECT_FALSE(open) << "a stream nobody reads outlived the write timeout";
}

// Out of descriptors, the server frees one by closing a connection that waits for its client,
// and the next request is still served. Runs in a child process, whose open-file limit can be
// lowered without starving the test runner.
TEST(HttpServerDescriptors, OutOfDescriptorsAnIdleConnectionMakesRoom) {
#if defined(__SANITIZE_ADDRESS__)
    // The sanitizers' runtime opens a pipe to probe memory before it reports, so with the
    // descriptor table full it reports a fault that is its own; the plain build runs this test.
    GTEST_SKIP() << "needs free descriptors under the sanitizer runtime";
#endif
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    pid_t const child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(ready[0]);
        boost::asio::io_context io;
        HttpServerOptions options;
        options.max_connections = 1000;
        options.max_connections_per_address = 1000;
        auto created = HttpServer::create(io, "127.0.0.1", 0, options);
        if (!created)
            ::_exit(3);
        auto& server = **created;
        server.add_route("GET", "/exact", answer_with("hello"));
        server.start();
        // The highest descriptor now open, plus room for three connections.
        int highest = 0;
        for (int fd = 0; fd < 4096; ++fd)
            if (::fcntl(fd, F_GETFD) != -1)
                highest = fd;
        rlimit const limit{static_cast<rlim_t>(highest + 4), static_cast<rlim_t>(highest + 4)};
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
            ::_exit(4);
        std::uint16_t const port = server.port();
        (void)!::write(ready[1], &port, sizeof port);
        ::close(ready[1]);
        io.run_for(std::chrono::seconds(20));
        ::_exit(0);
    }
    ::close(ready[1]);
    std::uint16_t port = 0;
    ASSERT_EQ(::read(ready[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
    ::close(ready[0]);
    {
        std::vector<std::unique_ptr<HostileClient>> idle;
        for (int i = 0; i < 8; ++i)
            idle.push_back(std::make_unique<HostileClient>(port));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        HostileClient const client(port);
        client.send("GET /exact HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        auto const answer = client.read_to_close();
        ASSERT_TRUE(answer.has_value()) << "no answer while out of descriptors";
        EXPECT_NE(answer->find("hello"), std::string::npos) << *answer;
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
}

} // namespace
} // namespace sb
