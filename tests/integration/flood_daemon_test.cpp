// SPDX-License-Identifier: Apache-2.0
// The real binary under a connection flood, with the usual limit of 1,024 open files: 1,100
// clients pipeline requests and never read, 300 send a header byte every 20 s, and all of them
// come back when closed. Meanwhile /healthz answers, signed webhooks are taken, and their cards
// and pages reach the Slack fake; /metrics counts what the listener turned away.
#include "binary_process.hpp"

#include "base/hmac.hpp"
#include "tests/slack/slack_fake_process.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

using namespace sb::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr char const* secret = "flood-secret";
constexpr int pipelining_clients = 1100;
constexpr int pipelining_addresses = 20; // 55 each: under the per-address limit of 64
constexpr int slow_clients = 300;        // from one address: over its limit
constexpr auto flood_time = 40s;

std::string config_text(std::uint16_t slack_port) {
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "slack", "name": "slack", "bot_token": { "env": "SB_SLACK_BOT" },
             "app_token": { "env": "SB_SLACK_APP" },
             "api_base_url": "http://127.0.0.1:)json" +
           std::to_string(slack_port) + R"json(/api" }],
  "people": {
    "bob": { "name": "Bob", "timezone": "Europe/Berlin", "role": "manager", "chat": { "slack": "U0BOB" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "slack": "C0CARE" },
      "layers": [
        { "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": { "steps": [{ "after": "0m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] }
  },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

// The flood: non-blocking sockets on one epoll thread. A client the server closes comes back
// after a short pause, as an attacker's would.
class Flood {
public:
    explicit Flood(std::uint16_t port) : m_port(port), m_epoll(::epoll_create1(EPOLL_CLOEXEC)) {
        // Pipelined requests, sent until the server stops reading; about 1,500 per connection.
        for (int i = 0; i < 1500; ++i)
            m_requests += "GET /healthz HTTP/1.1\r\nHost: flood\r\n\r\n";
        for (int i = 0; i < pipelining_clients; ++i)
            m_clients.push_back(
                {Kind::pipelining, "127.0.1." + std::to_string(1 + i % pipelining_addresses)});
        for (int i = 0; i < slow_clients; ++i)
            m_clients.push_back({Kind::slow, "127.0.2.1"});
    }
    ~Flood() {
        stop();
        for (auto& client : m_clients)
            if (client.fd >= 0)
                ::close(client.fd);
        ::close(m_epoll);
    }
    Flood(Flood const&) = delete;
    Flood& operator=(Flood const&) = delete;

    void start() {
        m_thread = std::thread([this] { run(); });
    }
    void stop() {
        m_running = false;
        if (m_thread.joinable())
            m_thread.join();
    }
    int connects() const { return m_connects.load(); }
    int closed_by_server() const { return m_closed.load(); }

private:
    enum class Kind { pipelining, slow };
    struct Client {
        Kind kind;
        std::string from;
        int fd = -1;
        std::size_t sent = 0;
        Clock::time_point next{}; // slow: next byte; closed: when to come back
    };

    void connect(std::size_t index) {
        auto& client = m_clients[index];
        client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        // A small receive window, so the server's writes stall soon, as with a phone on a bad
        // network; it also keeps this test's memory small.
        int const window = 4096;
        ::setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, client.from.c_str(), &local.sin_addr);
        ::bind(client.fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
        sockaddr_in server{};
        server.sin_family = AF_INET;
        server.sin_port = htons(m_port);
        server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::connect(client.fd, reinterpret_cast<sockaddr*>(&server), sizeof server);
        epoll_event event{};
        event.events = EPOLLRDHUP | (client.kind == Kind::pipelining ? EPOLLOUT : 0U);
        event.data.u64 = index;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, client.fd, &event);
        client.sent = 0;
        client.next = Clock::now() + 100ms; // slow: the first byte soon after connecting
        ++m_connects;
    }

    void drop(std::size_t index) {
        auto& client = m_clients[index];
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, client.fd, nullptr);
        ::close(client.fd);
        client.fd = -1;
        client.next = Clock::now() + 250ms;
        ++m_closed;
    }

    void pipeline(std::size_t index) {
        auto& client = m_clients[index];
        while (client.sent < m_requests.size()) {
            auto const n = ::send(client.fd, m_requests.data() + client.sent,
                                  m_requests.size() - client.sent, MSG_NOSIGNAL);
            if (n <= 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINPROGRESS)
                    drop(index);
                return;
            }
            client.sent += static_cast<std::size_t>(n);
        }
        // Everything sent: hold the connection, never reading.
        epoll_event event{};
        event.events = EPOLLRDHUP;
        event.data.u64 = index;
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, client.fd, &event);
    }

    void run() {
        for (std::size_t i = 0; i < m_clients.size(); ++i)
            connect(i);
        std::string const slow_request = "GET /healthz HTTP/1.1\r\nHost: slow\r\nX-Slow: ";
        std::vector<epoll_event> events(256);
        while (m_running) {
            int const ready =
                ::epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), 50);
            for (int i = 0; i < ready; ++i) {
                auto const index =
                    static_cast<std::size_t>(events[static_cast<std::size_t>(i)].data.u64);
                auto const flags = events[static_cast<std::size_t>(i)].events;
                if (m_clients[index].fd < 0)
                    continue;
                if ((flags & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0U)
                    drop(index);
                else if ((flags & EPOLLOUT) != 0U)
                    pipeline(index);
            }
            auto const now = Clock::now();
            for (std::size_t i = 0; i < m_clients.size(); ++i) {
                auto& client = m_clients[i];
                if (client.fd < 0) {
                    if (now >= client.next)
                        connect(i);
                } else if (client.kind == Kind::slow && now >= client.next) {
                    char const byte = slow_request[client.sent % slow_request.size()];
                    if (::send(client.fd, &byte, 1, MSG_NOSIGNAL) == 1)
                        ++client.sent;
                    client.next = now + 20s;
                }
            }
        }
    }

    std::uint16_t m_port;
    int m_epoll;
    std::string m_requests;
    std::vector<Client> m_clients;
    std::thread m_thread;
    std::atomic<bool> m_running{true};
    std::atomic<int> m_connects{0};
    std::atomic<int> m_closed{0};
};

// The value of one series in a /metrics text, or -1 when it is missing.
double metric(std::string const& text, std::string const& series) {
    auto const at = text.find("\n" + series + " ");
    if (at == std::string::npos)
        return -1;
    return std::strtod(text.c_str() + at + series.size() + 2, nullptr);
}

TEST(FloodDaemon, HealthWebhooksAndDeliveryHoldUnderAConnectionFlood) {
    // The flood needs 1,400 descriptors here; the daemon gets the usual 1,024.
    rlimit files{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &files), 0);
    ASSERT_GE(files.rlim_max, 4096U) << "this test needs a hard open-file limit of 4,096";
    files.rlim_cur = std::max<rlim_t>(files.rlim_cur, 4096);
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &files), 0);

    SlackFakeProcess slack;
    std::string pattern =
        (std::filesystem::temp_directory_path() / "switchboard-flood-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    std::filesystem::path const dir = pattern;
    std::ofstream(dir / "switchboard.jsonc") << config_text(slack.port());
    auto daemon = BinaryProcess::start(
        {"/usr/bin/prlimit", "--nofile=1024:1024", "--", SWITCHBOARD_BINARY, "run", "--config",
         (dir / "switchboard.jsonc").string(), "--state-dir", (dir / "state").string()},
        {{"SB_TEST_SECRET", secret},
         {"SB_SLACK_BOT", "xoxb-fake-bot"},
         {"SB_SLACK_APP", "xapp-fake-app"}});
    ASSERT_TRUE(daemon);
    auto const port = listening_port(*daemon);
    ASSERT_TRUE(port) << daemon->stderr_text();

    Flood flood(*port);
    flood.start();
    std::this_thread::sleep_for(3s); // let the flood fill every slot first

    int health_checks = 0;
    Clock::duration slowest{};
    int webhooks = 0;
    std::vector<std::string> failures;
    auto const until = Clock::now() + flood_time;
    while (Clock::now() < until) {
        daemon->pump();
        auto const asked = Clock::now();
        auto const health = http_request("127.0.0.1", *port, "GET", "/healthz");
        auto const took = Clock::now() - asked;
        ++health_checks;
        slowest = std::max(slowest, took);
        if (health.status != 200 || took > 5s)
            failures.push_back(
                "/healthz after " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) +
                " ms: " + std::to_string(health.status) + " " + health.error);
        if (health_checks % 5 == 1) {
            auto const id = "flood-" + std::to_string(webhooks++);
            auto const body = nlohmann::json{{"id", id},
                                             {"platform", "x"},
                                             {"author", "@dana"},
                                             {"text", "my order " + id + " never came"},
                                             {"url", "https://x.com/dana/" + id},
                                             {"created_at", "2026-11-20T10:00:00Z"}}
                                  .dump();
            auto const hook = http_request(
                "127.0.0.1", *port, "POST", "/hooks/demo", body,
                {{"X-Switchboard-Signature", "sha256=" + sb::hmac_sha256_hex(secret, body)},
                 {"Content-Type", "application/json"}});
            if (hook.status != 202 && hook.status != 200)
                failures.push_back("webhook " + id + ": " + std::to_string(hook.status) + " " +
                                   hook.error);
        }
        std::this_thread::sleep_for(1s);
    }
    auto const metrics = http_request("127.0.0.1", *port, "GET", "/metrics");
    flood.stop();

    std::cout << "flood: " << flood.connects() << " connections, " << flood.closed_by_server()
              << " closed by the daemon; " << health_checks << " /healthz checks, slowest "
              << std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count() << " ms; "
              << webhooks << " webhooks\n";
    EXPECT_TRUE(failures.empty()) << ::testing::PrintToString(failures);
    EXPECT_GE(health_checks, 20);
    // The flood really was one: far more connections than the daemon could hold, and many of
    // them closed by it.
    EXPECT_GT(flood.connects(), pipelining_clients + slow_clients);
    EXPECT_GT(flood.closed_by_server(), 500);

    // Every webhook taken during the flood became a card in the room and a page to Bob.
    std::map<std::string, int> cards;
    int pages = 0;
    for (int attempt = 0; attempt < 200; ++attempt) {
        cards.clear();
        pages = 0;
        auto const state = slack.state(); // held: a range-for over a temporary's member dangles
        for (auto const& call : state["calls"]) {
            if (call.value("method", "") != "chat.postMessage" || !call["error"].is_null())
                continue;
            auto const& args = call["args"];
            auto const text = args.dump();
            for (int i = 0; i < webhooks; ++i)
                if (args.value("channel", "") == "C0CARE" &&
                    text.find("flood-" + std::to_string(i) + " never came") != std::string::npos)
                    ++cards["flood-" + std::to_string(i)];
            if (args.value("channel", "").rfind("D", 0) == 0)
                ++pages;
        }
        if (static_cast<int>(cards.size()) == webhooks && pages >= webhooks)
            break;
        daemon->pump();
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(static_cast<int>(cards.size()), webhooks) << daemon->stderr_text();
    EXPECT_GE(pages, webhooks);

    ASSERT_EQ(metrics.status, 200) << metrics.error;
    // Room was made by closing connections that waited for their clients.
    EXPECT_GT(
        metric(metrics.body, R"(switchboard_http_connections_rejected_total{reason="evicted"})"), 0)
        << metrics.body;
    auto const open = metric(metrics.body, "switchboard_http_connections_open");
    EXPECT_GT(open, 100);
    EXPECT_LE(open, 512);
    // The daemon never ran out of descriptors: the limits kept it well inside 1,024.
    EXPECT_EQ(metric(metrics.body,
                     R"(switchboard_http_connections_rejected_total{reason="out_of_descriptors"})"),
              0);
    EXPECT_EQ(daemon->stderr_text().find("Too many open files"), std::string::npos);

    daemon->signal(SIGTERM);
    EXPECT_EQ(daemon->wait(), 0) << daemon->stderr_text();
    std::filesystem::remove_all(dir);
}

} // namespace
