// SPDX-License-Identifier: Apache-2.0
// The HTTP server on Boost.Beast; the only translation unit that includes Beast.
#include "bot/http/http_server.hpp"

#include "base/redact.hpp"
#include "base/text.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <map>
#include <optional>
#include <set>

namespace sb {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using SystemError = boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Route {
    std::string method;
    std::string pattern;
    HttpHandler handler;

    bool is_prefix() const { return !pattern.empty() && pattern.back() == '/'; }
    bool matches(std::string_view path) const {
        return is_prefix() ? path.substr(0, pattern.size()) == pattern : path == pattern;
    }
};

bool is_http_category(SystemError const& ec) {
    return ec.category() == http::make_error_code(http::error::end_of_stream).category();
}

// What a response needs to know about the request it answers.
struct RequestLine {
    unsigned version = 11;
    bool keep_alive = true;
    bool head = false;
    std::string method;
    std::string target;
};

} // namespace

namespace http_server_internal {
class Session;
} // namespace http_server_internal
using http_server_internal::Session;

struct HttpServer::State {
    State(asio::io_context& io_context, HttpServerOptions server_options)
        : io(io_context), acceptor(io_context), retry_timer(io_context), options(server_options),
          spare_fd(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {}
    ~State() {
        if (spare_fd >= 0)
            ::close(spare_fd);
    }
    State(State const&) = delete;
    State& operator=(State const&) = delete;

    asio::io_context& io;
    tcp::acceptor acceptor;
    asio::steady_timer retry_timer;
    HttpServerOptions options;
    std::vector<Route> routes;
    std::vector<std::weak_ptr<Session>> sessions;
    std::map<std::string, std::size_t> per_address;
    std::size_t open = 0;               // sessions that still hold their socket
    std::size_t pending_body_bytes = 0; // reserved by bodies being received
    HttpServerStats stats;
    // Kept open so that, out of descriptors, one can be freed to accept and close a waiting
    // connection instead of leaving it (and the accept loop) stuck.
    int spare_fd = -1;
    SteadyClock::time_point last_accept_warning{};
    std::uint64_t accept_warnings_suppressed = 0;
    std::uint16_t port = 0;
    bool started = false;
    bool stopping = false;
};

namespace {

// Answers a handler's request exactly once; shared by every copy of the HttpResponder.
class ResponseSlot {
public:
    ResponseSlot(std::shared_ptr<Session> session, RequestLine line)
        : m_session(std::move(session)), m_line(std::move(line)) {}
    ~ResponseSlot();
    ResponseSlot(ResponseSlot const&) = delete;
    ResponseSlot& operator=(ResponseSlot const&) = delete;

    void answer(HttpResponse response);

private:
    std::shared_ptr<Session> m_session;
    RequestLine m_line;
    std::atomic<bool> m_answered{false};
};

} // namespace

namespace http_server_internal {

class Session : public std::enable_shared_from_this<Session> {
    enum class Phase { reading, handling, writing, streaming, draining };

public:
    Session(tcp::socket socket, std::shared_ptr<HttpServer::State> state, std::string address)
        : m_stream(std::move(socket)), m_stream_timer(m_stream.get_executor()),
          m_state(std::move(state)), m_address(std::move(address)) {
        SystemError ec;
        auto const endpoint = m_stream.socket().remote_endpoint(ec);
        m_remote = m_address + ":" + (ec ? std::string("?") : std::to_string(endpoint.port()));
        ++m_state->open;
        ++m_state->per_address[m_address];
    }
    ~Session() { release_slot(); }
    Session(Session const&) = delete;
    Session& operator=(Session const&) = delete;

    asio::any_io_executor executor() { return m_stream.get_executor(); }
    asio::io_context& io() { return m_state->io; }
    bool busy() const { return m_busy; }
    bool streaming() const { return m_streaming; }
    std::string const& address() const { return m_address; }
    // Waiting for its client (for a request, a body, or to read a response): such a connection
    // may be closed to make room. One running a handler or streaming events may not.
    bool evictable() const {
        return m_holds_slot && m_phase != Phase::handling && m_phase != Phase::streaming;
    }
    SteadyClock::time_point waiting_since() const { return m_waiting_since; }
    void evict() {
        ++m_state->stats.evicted;
        spdlog::debug("http {} closed to make room for a new connection", m_remote);
        close_now();
    }

    void start() { read_request(); }

    // Called on stop() for a connection waiting for its next request.
    void close_idle() {
        release_slot();
        SystemError ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.socket().close(ignored);
    }

    void respond(HttpResponse response, RequestLine const& line) {
        if (response.status < 100 || response.status > 599) {
            spdlog::error("http handler for {} {} answered with status {}; sending 500",
                          line.method, redact_target(line.target), response.status);
            response = HttpResponse::error(500, "the server produced an invalid response");
        }
        if (response.stream && !line.head) {
            start_stream(std::move(response), line);
            return;
        }
        m_response = {};
        m_response.result(static_cast<unsigned>(response.status));
        m_response.version(line.version);
        m_response.set(http::field::content_type, response.content_type);
        for (auto const& [name, value] : response.headers)
            m_response.insert(name, value);
        bool const keep_alive = line.keep_alive && !m_state->stopping;
        m_response.keep_alive(keep_alive);
        auto const size = response.body.size();
        if (!line.head)
            m_response.body() = std::move(response.body);
        m_response.content_length(size);
        spdlog::debug("http {} {} {} -> {} ({} bytes)", m_remote, line.method,
                      redact_target(line.target), response.status, size);
        wait_for_client(Phase::writing);
        m_stream.expires_after(m_state->options.write_timeout);
        http::async_write(m_stream, m_response,
                          [self = shared_from_this(), keep_alive](SystemError ec, std::size_t) {
                              self->on_write(ec, keep_alive);
                          });
    }

    // Streamed responses (server-sent events): queued text, written one piece at a time.
    // A client that reads slower than events come is dropped rather than buffered for.
    bool stream_write(std::string text) {
        if (!m_streaming)
            return false;
        if (m_stream_queued_bytes + text.size() > m_state->options.max_stream_queue_bytes) {
            ++m_state->stats.dropped_slow_streams;
            spdlog::debug("http {} event stream dropped: {} bytes unread", m_remote,
                          m_stream_queued_bytes);
            stream_close();
            return false;
        }
        m_stream_queued_bytes += text.size();
        m_stream_queue.push_back(std::move(text));
        if (m_stream_queue.size() == 1)
            write_stream_front();
        return true;
    }

    void stream_close() {
        if (!m_streaming)
            return;
        m_streaming = false;
        m_stream_timer.cancel();
        close_now();
    }

private:
    void start_stream(HttpResponse response, RequestLine const& line) {
        // No length and no keep-alive: the body ends when either side closes the connection.
        std::string head =
            "HTTP/1.1 " + std::to_string(response.status) + " " +
            std::string(http::obsolete_reason(static_cast<http::status>(response.status))) +
            "\r\nContent-Type: " + response.content_type + "\r\n";
        for (auto const& [name, value] : response.headers)
            head += name + ": " + value + "\r\n";
        head += "Connection: close\r\n\r\n";
        spdlog::debug("http {} {} {} -> {} (stream)", m_remote, line.method,
                      redact_target(line.target), response.status);
        m_streaming = true;
        m_busy = true;
        m_phase = Phase::streaming;
        stream_write(std::move(head) + response.body);
        auto writer = std::make_shared<StreamWriter>(shared_from_this());
        // Reading tells us when the client goes away; a well-behaved client sends nothing more.
        watch_stream();
        response.stream(std::move(writer));
    }

    void watch_stream() {
        m_stream.async_read_some(asio::buffer(m_discard),
                                 [self = shared_from_this()](SystemError ec, std::size_t) {
                                     if (ec)
                                         self->stream_close();
                                     else if (self->m_streaming)
                                         self->watch_stream();
                                 });
    }

    // The socket is written directly (the stream's own deadline belongs to the read that
    // watches for the client leaving), so each write gets its own timer.
    void write_stream_front() {
        m_stream_timer.expires_after(m_state->options.write_timeout);
        m_stream_timer.async_wait([self = shared_from_this()](SystemError ec) {
            if (!ec)
                self->stream_close();
        });
        asio::async_write(m_stream.socket(), asio::buffer(m_stream_queue.front()),
                          [self = shared_from_this()](SystemError ec, std::size_t) {
                              self->m_stream_timer.cancel();
                              if (ec || !self->m_streaming) {
                                  self->stream_close();
                                  return;
                              }
                              self->m_stream_queued_bytes -= self->m_stream_queue.front().size();
                              self->m_stream_queue.pop_front();
                              if (!self->m_stream_queue.empty())
                                  self->write_stream_front();
                          });
    }

    class StreamWriter final : public HttpStreamWriter {
    public:
        explicit StreamWriter(std::shared_ptr<Session> const& session) : m_session(session) {}
        bool write(std::string text) override {
            auto session = m_session.lock();
            return session && session->stream_write(std::move(text));
        }
        bool is_open() const override {
            auto session = m_session.lock();
            return session && session->streaming();
        }
        void close() override {
            if (auto session = m_session.lock())
                session->stream_close();
        }

    private:
        std::weak_ptr<Session> m_session;
    };

    void read_request() {
        if (m_state->stopping) {
            close_gracefully();
            return;
        }
        m_busy = false;
        wait_for_client(Phase::reading);
        m_parser.emplace();
        m_parser->body_limit(m_state->options.max_body_bytes);
        m_parser->header_limit(static_cast<std::uint32_t>(m_state->options.max_header_bytes));
        m_stream.expires_after(m_state->options.read_timeout);
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](SystemError ec, std::size_t) { self->on_header(ec); });
    }

    void on_header(SystemError ec) {
        if (ec) {
            fail_read(ec);
            return;
        }
        m_busy = true;
        if (!reserve_body())
            return;
        auto const& request = m_parser->get();
        // curl and others wait for this interim answer before sending a body above 1 KiB.
        if (beast::iequals(request[http::field::expect], "100-continue") && !m_parser->is_done()) {
            static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
            // The write timeout replaces the read deadline for the interim line only; the body
            // gets a fresh read deadline below.
            m_stream.expires_after(m_state->options.write_timeout);
            asio::async_write(m_stream, asio::buffer(continue_line.data(), continue_line.size()),
                              [self = shared_from_this()](SystemError write_error, std::size_t) {
                                  if (write_error)
                                      self->close_now();
                                  else {
                                      self->m_stream.expires_after(
                                          self->m_state->options.read_timeout);
                                      self->read_body();
                                  }
                              });
            return;
        }
        read_body();
    }

    void read_body() {
        http::async_read(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](SystemError ec, std::size_t) { self->on_read(ec); });
    }

    // Until a handler has seen a request nothing about it is trusted, so bodies being received
    // share one budget: many large uploads at once get 503 instead of the memory.
    bool reserve_body() {
        if (m_parser->is_done())
            return true;
        auto const length = m_parser->content_length();
        std::size_t const wanted = length ? static_cast<std::size_t>(std::min<std::uint64_t>(
                                                *length, m_state->options.max_body_bytes))
                                          : m_state->options.max_body_bytes;
        if (m_state->pending_body_bytes + wanted > m_state->options.max_pending_body_bytes) {
            ++m_state->stats.refused_body_budget;
            RequestLine line;
            line.keep_alive = false;
            line.method = std::string(m_parser->get().method_string());
            line.target = std::string(m_parser->get().target());
            auto response = HttpResponse::error(
                503, "the server is receiving too many request bodies at once; try again");
            response.headers.emplace_back("Retry-After", "1");
            respond(std::move(response), line);
            return false;
        }
        m_body_reserved = wanted;
        m_state->pending_body_bytes += wanted;
        return true;
    }

    void release_body() {
        m_state->pending_body_bytes -= m_body_reserved;
        m_body_reserved = 0;
    }

    void wait_for_client(Phase phase) {
        m_phase = phase;
        m_waiting_since = SteadyClock::now();
    }

    // Gives back this connection's place under the limits; the socket is closing.
    void release_slot() {
        release_body();
        if (!m_holds_slot)
            return;
        m_holds_slot = false;
        --m_state->open;
        auto const it = m_state->per_address.find(m_address);
        if (it != m_state->per_address.end() && --it->second == 0)
            m_state->per_address.erase(it);
    }

    void fail_read(SystemError ec) {
        release_body();
        RequestLine line;
        line.keep_alive = false;
        if (m_parser && m_parser->is_header_done()) {
            line.method = std::string(m_parser->get().method_string());
            line.target = std::string(m_parser->get().target());
        }
        if (ec == http::error::end_of_stream) {
            close_gracefully();
        } else if (ec == http::error::body_limit) {
            respond(HttpResponse::error(413, "request body is larger than " +
                                                 std::to_string(m_state->options.max_body_bytes) +
                                                 " bytes"),
                    line);
        } else if (ec == http::error::header_limit) {
            respond(HttpResponse::error(431, "request headers are too large"), line);
        } else if (is_http_category(ec) && ec != http::error::partial_message) {
            respond(HttpResponse::error(400, "malformed HTTP request: " + ec.message()), line);
        } else {
            // Timeouts, resets and aborted reads: nobody is left to answer.
            if (ec != asio::error::operation_aborted && ec != beast::error::timeout)
                spdlog::debug("http {} read failed: {}", m_remote, ec.message());
            close_now();
        }
    }

    void on_read(SystemError ec) {
        if (ec) {
            fail_read(ec);
            return;
        }
        release_body(); // the handler owns the body now
        m_phase = Phase::handling;
        m_stream.expires_never();
        auto message = m_parser->release();
        m_parser.reset();

        HttpRequest request;
        request.method = std::string(message.method_string());
        std::string_view const target = message.target();
        auto const question = target.find('?');
        request.path = std::string(target.substr(0, question));
        if (question != std::string_view::npos)
            request.query = parse_form(target.substr(question + 1));
        for (auto const& field : message) {
            auto [it, inserted] = request.headers.try_emplace(std::string(field.name_string()),
                                                              std::string(field.value()));
            if (!inserted) {
                it->second += ", ";
                it->second += field.value();
            }
        }
        request.body = std::move(message.body());
        request.remote_address = m_remote;

        RequestLine line;
        line.version = message.version();
        line.keep_alive = message.keep_alive();
        line.head = message.method() == http::verb::head;
        line.method = request.method;
        line.target = std::string(target);
        dispatch(request, std::move(line));
    }

    void dispatch(HttpRequest const& request, RequestLine line) {
        Route const* best = nullptr;
        std::set<std::string> allowed;
        bool any_path_match = false;
        for (auto const& route : m_state->routes) {
            if (!route.matches(request.path))
                continue;
            any_path_match = true;
            allowed.insert(route.method);
            if (route.method == "GET")
                allowed.insert("HEAD");
            bool const method_fits =
                route.method == request.method || (line.head && route.method == "GET");
            // An explicit HEAD route beats GET's, whatever the lengths.
            bool const better =
                best == nullptr || route.pattern.size() > best->pattern.size() ||
                (route.pattern.size() == best->pattern.size() && route.method == request.method);
            if (method_fits && better)
                best = &route;
        }
        auto const started = SteadyClock::now();
        auto observe = [observer = m_state->options.observe_request, started,
                        route = best ? best->pattern : std::string(), method = request.method]() {
            if (observer)
                observer(route, method,
                         std::chrono::duration<double>(SteadyClock::now() - started).count());
        };
        if (best == nullptr) {
            observe();
            if (!any_path_match) {
                respond(HttpResponse::error(404, "no route for " + request.path), line);
                return;
            }
            std::string allow;
            for (auto const& method : allowed)
                allow += (allow.empty() ? "" : ", ") + method;
            auto response =
                HttpResponse::error(405, "method " + request.method + " is not allowed for " +
                                             request.path + "; allowed: " + allow);
            response.headers.emplace_back("Allow", allow);
            respond(std::move(response), line);
            return;
        }
        auto slot = std::make_shared<ResponseSlot>(shared_from_this(), std::move(line));
        HttpResponder responder = [slot, observe](HttpResponse response) {
            observe();
            slot->answer(std::move(response));
        };
        // Copy the handler: a handler that adds routes must not invalidate the one running.
        auto const handler = best->handler;
        try {
            handler(request, std::move(responder));
        } catch (std::exception const& error) {
            // A bug in one handler must not end the daemon; the dropped responder answers 500.
            spdlog::error("http handler for {} {} threw: {}", request.method,
                          redact_target(request.path), error.what());
        }
    }

    void on_write(SystemError ec, bool keep_alive) {
        m_response = {};
        if (ec) {
            spdlog::debug("http {} write failed: {}", m_remote, ec.message());
            close_now();
            return;
        }
        if (keep_alive)
            read_request();
        else
            close_gracefully();
    }

    // Half-closes, then reads until the peer closes too, so an unread request body does not
    // turn into a reset that destroys the response before the client reads it.
    void close_gracefully() {
        m_busy = false;
        wait_for_client(Phase::draining);
        SystemError ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        // One deadline for the whole drain: re-arming it per read would let a trickle keep
        // the connection for ever.
        m_stream.expires_after(m_state->options.drain_timeout);
        drain();
    }

    void drain() {
        m_stream.async_read_some(asio::buffer(m_discard),
                                 [self = shared_from_this()](SystemError ec, std::size_t) {
                                     if (ec)
                                         self->close_now();
                                     else
                                         self->drain();
                                 });
    }

    void close_now() {
        m_busy = false;
        release_slot();
        SystemError ignored;
        m_stream.socket().close(ignored);
    }

    beast::tcp_stream m_stream;
    asio::steady_timer m_stream_timer;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::response<http::string_body> m_response;
    std::shared_ptr<HttpServer::State> m_state;
    std::string m_address;
    std::string m_remote;
    std::array<char, 4096> m_discard{};
    std::deque<std::string> m_stream_queue;
    std::size_t m_stream_queued_bytes = 0;
    std::size_t m_body_reserved = 0;
    Phase m_phase = Phase::reading;
    SteadyClock::time_point m_waiting_since = SteadyClock::now();
    bool m_holds_slot = true;
    bool m_busy = false;
    bool m_streaming = false;
};

} // namespace http_server_internal

namespace {

ResponseSlot::~ResponseSlot() {
    if (m_answered.load() || m_session->io().stopped())
        return;
    // A handler dropped its responder without answering: answer for it rather than leave the
    // client waiting until it times out.
    spdlog::error("http handler for {} {} never answered", m_line.method,
                  redact_target(m_line.target));
    asio::post(m_session->executor(), [session = m_session, line = m_line] {
        session->respond(HttpResponse::error(500, "the request was not answered"), line);
    });
}

void ResponseSlot::answer(HttpResponse response) {
    if (m_answered.exchange(true)) {
        spdlog::error("http handler for {} {} answered twice; the second answer is dropped",
                      m_line.method, redact_target(m_line.target));
        return;
    }
    // Responders may be called from another thread; the write happens on the session's.
    asio::dispatch(m_session->executor(),
                   [session = m_session, line = m_line, response = std::move(response)]() mutable {
                       session->respond(std::move(response), line);
                   });
}

// At the global limit, the connection to close is one waiting for its client, from the address
// holding the most connections (a flood before a lone user), and the longest waiting among those.
std::shared_ptr<Session> eviction_candidate(HttpServer::State& state) {
    std::shared_ptr<Session> best;
    std::size_t best_count = 0;
    for (auto const& weak : state.sessions) {
        auto session = weak.lock();
        if (!session || !session->evictable())
            continue;
        auto const it = state.per_address.find(session->address());
        std::size_t const count = it == state.per_address.end() ? 0 : it->second;
        if (!best || count > best_count ||
            (count == best_count && session->waiting_since() < best->waiting_since())) {
            best = std::move(session);
            best_count = count;
        }
    }
    return best;
}

// Whether a new connection from this address may be served, making room when it can.
bool admit(HttpServer::State& state, std::string const& address) {
    auto const it = state.per_address.find(address);
    if (it != state.per_address.end() && it->second >= state.options.max_connections_per_address) {
        ++state.stats.refused_address_limit;
        spdlog::debug("http connection refused: {} has {} connections open", address, it->second);
        return false;
    }
    if (state.open < state.options.max_connections)
        return true;
    if (auto victim = eviction_candidate(state)) {
        victim->evict();
        return true;
    }
    ++state.stats.refused_global_limit;
    spdlog::debug("http connection refused: {} connections open, all busy", state.open);
    return false;
}

void warn_accept_failure(HttpServer::State& state, SystemError const& ec) {
    auto const now = SteadyClock::now();
    if (now - state.last_accept_warning < std::chrono::seconds(10)) {
        ++state.accept_warnings_suppressed;
        return;
    }
    if (state.accept_warnings_suppressed > 0)
        spdlog::warn("http accept failed: {} ({} more since the last warning)", ec.message(),
                     state.accept_warnings_suppressed);
    else
        spdlog::warn("http accept failed: {}", ec.message());
    state.last_accept_warning = now;
    state.accept_warnings_suppressed = 0;
}

// Out of descriptors: free one by closing a connection that waits for its client, or else
// accept the next waiting connection on the spare descriptor and close it, so that the backlog
// moves and the accept loop does not spin on the same error. True when something was freed.
bool relieve_descriptors(HttpServer::State& state) {
    if (auto victim = eviction_candidate(state)) {
        victim->evict();
        return true;
    }
    if (state.spare_fd < 0)
        return false;
    ::close(state.spare_fd);
    int const refused = ::accept4(state.acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC);
    if (refused >= 0) {
        ::close(refused);
        ++state.stats.refused_descriptors;
    }
    state.spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    return refused >= 0;
}

bool is_out_of_descriptors(SystemError const& ec) {
    return ec == asio::error::no_descriptors ||
           (ec.category() == boost::system::system_category() && ec.value() == ENFILE);
}

// Serves the accepted connection, or closes it at once when it may not be served, so that the
// backlog keeps moving and /healthz still gets through.
void take(std::shared_ptr<HttpServer::State> const& state, tcp::socket socket) {
    SystemError endpoint_error;
    auto const endpoint = socket.remote_endpoint(endpoint_error);
    if (endpoint_error || !admit(*state, endpoint.address().to_string())) {
        SystemError ignored;
        socket.close(ignored);
        return;
    }
    auto session =
        std::make_shared<Session>(std::move(socket), state, endpoint.address().to_string());
    state->sessions.push_back(session);
    session->start();
}

// Connections accepted per turn of the loop: one at a time, a flood's backlog would keep a new
// client waiting for as many turns as there are connections ahead of it.
constexpr int accept_batch = 64;

void accept_next(std::shared_ptr<HttpServer::State> const& state);

// After an accept error: true when accepting may go on at once.
bool recover_from(HttpServer::State& state, SystemError const& ec) {
    warn_accept_failure(state, ec);
    return is_out_of_descriptors(ec) && relieve_descriptors(state);
}

void pause_accepting(std::shared_ptr<HttpServer::State> const& state) {
    // Pause instead of spinning on the same error.
    state->retry_timer.expires_after(std::chrono::milliseconds(100));
    state->retry_timer.async_wait([state](SystemError timer_error) {
        if (!timer_error && !state->stopping)
            accept_next(state);
    });
}

void accept_next(std::shared_ptr<HttpServer::State> const& state) {
    state->acceptor.async_accept([state](SystemError ec, tcp::socket socket) {
        if (state->stopping || ec == asio::error::operation_aborted)
            return;
        if (ec) {
            if (recover_from(*state, ec))
                accept_next(state);
            else
                pause_accepting(state);
            return;
        }
        std::erase_if(state->sessions, [](auto const& weak) { return weak.expired(); });
        take(state, std::move(socket));
        // Whatever else waits in the backlog, without blocking (the acceptor is non-blocking).
        for (int taken = 1; taken < accept_batch && !state->stopping; ++taken) {
            tcp::socket next(state->io);
            SystemError more;
            state->acceptor.accept(next, more);
            if (more == asio::error::would_block || more == asio::error::try_again)
                break;
            if (more) {
                if (recover_from(*state, more))
                    continue;
                pause_accepting(state);
                return;
            }
            take(state, std::move(next));
        }
        accept_next(state);
    });
}

} // namespace

HttpServer::HttpServer(std::shared_ptr<State> state) : m_state(std::move(state)) {}

HttpServer::~HttpServer() {
    stop();
}

Result<std::unique_ptr<HttpServer>> HttpServer::create(asio::io_context& io,
                                                       std::string const& host, std::uint16_t port,
                                                       HttpServerOptions options) {
    auto state = std::make_shared<State>(io, options);
    auto const where = host + ":" + std::to_string(port);
    SystemError ec;
    tcp::resolver resolver(io);
    auto const endpoints = resolver.resolve(
        host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty())
        return unexpected(ErrorCode::invalid_argument,
                          "cannot resolve listen address: " + ec.message(), where);
    tcp::endpoint const endpoint = endpoints.begin()->endpoint();
    state->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        state->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        state->acceptor.bind(endpoint, ec);
    if (!ec)
        state->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    // The spare-descriptor accept must never block.
    if (!ec)
        state->acceptor.non_blocking(true, ec);
    if (ec)
        return unexpected(ErrorCode::unavailable, "cannot listen: " + ec.message(), where);
    state->port = state->acceptor.local_endpoint(ec).port();
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

void HttpServer::add_route(std::string method, std::string path_prefix, HttpHandler handler) {
    m_state->routes.push_back(Route{std::move(method), std::move(path_prefix), std::move(handler)});
}

std::uint16_t HttpServer::port() const {
    return m_state->port;
}

HttpServerStats HttpServer::stats() const {
    HttpServerStats stats = m_state->stats;
    stats.open_connections = m_state->open;
    return stats;
}

void HttpServer::start() {
    if (m_state->started || m_state->stopping)
        return;
    m_state->started = true;
    accept_next(m_state);
}

void HttpServer::stop() {
    if (m_state->stopping)
        return;
    m_state->stopping = true;
    SystemError ignored;
    m_state->acceptor.close(ignored);
    m_state->retry_timer.cancel();
    for (auto const& weak : m_state->sessions) {
        if (auto session = weak.lock(); session && session->streaming())
            session->stream_close();
        else if (session && !session->busy())
            session->close_idle();
    }
}

} // namespace sb
