// SPDX-License-Identifier: Apache-2.0
// The shared websocket client over real sockets: Mastodon streaming to the contract fake goes
// through a CONNECT proxy when HTTP_PROXY is set, and directly when NO_PROXY lists the host.
#include "adapters/net/websocket/websocket_client.hpp"
#include "adapters/sources/mastodon/mastodon_stream.hpp"
#include "tests/net_websocket/connect_proxy.hpp"
#include "tests/sources_mastodon/fake_mastodon_process.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>

namespace sb::test {
namespace {

using namespace std::chrono_literals;

constexpr char const* token = "masto-token-0123456789";

class WebSocketProxyTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (auto const* name :
             {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"})
            ::unsetenv(name);
    }
    void TearDown() override { SetUp(); }

    std::string stream_url() const {
        auto url = fake.url();
        return "ws" + url.substr(4) + "/api/v1/streaming?stream=user";
    }

    bool run_until(std::function<bool()> const& done, std::chrono::seconds limit = 10s) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            io.restart();
            io.run_for(20ms);
        }
        return done();
    }

    // Opens the stream with the proxy variables set, and clears them again at once: the client
    // reads them when it connects, and the fake's control calls go over libcurl, which would
    // otherwise use the proxy too.
    void open_with(std::vector<std::pair<char const*, std::string>> const& variables) {
        for (auto const& [name, value] : variables)
            ::setenv(name, value.c_str(), 1);
        stream->open(stream_url(), token);
        SetUp();
    }

    FakeMastodon fake{token};
    ConnectProxy proxy;
    boost::asio::io_context io;
    bool opened = false;
    std::string closed;
    std::vector<std::string> messages;
    std::unique_ptr<mastodon::StreamConnection> stream = mastodon::StreamConnection::create(
        io,
        {[this] { opened = true; }, [this](std::string const& text) { messages.push_back(text); },
         [this](std::string const& why, int) { closed = why; }});
};

TEST_F(WebSocketProxyTest, HttpProxyCarriesTheStreamThroughConnect) {
    open_with({{"HTTP_PROXY", "http://127.0.0.1:" + std::to_string(proxy.port())}});
    ASSERT_TRUE(run_until([&] { return opened || !closed.empty(); })) << "never opened";
    ASSERT_TRUE(opened) << closed;
    auto requests = proxy.requests();
    ASSERT_EQ(requests.size(), 1u);
    auto authority = fake.url().substr(7);
    EXPECT_EQ(requests[0].rfind("CONNECT " + authority + " HTTP/1.1", 0), 0u) << requests[0];

    fake.mention("alice@example.social", "through the proxy");
    ASSERT_TRUE(run_until([&] { return !messages.empty(); })) << "the stream carried nothing";
    EXPECT_NE(messages[0].find("through the proxy"), std::string::npos);
}

TEST_F(WebSocketProxyTest, LowercaseVariableAndCredentialsAreUsed) {
    open_with({{"http_proxy", "http://user:p%40ss@127.0.0.1:" + std::to_string(proxy.port())}});
    ASSERT_TRUE(run_until([&] { return opened || !closed.empty(); }));
    ASSERT_TRUE(opened) << closed;
    auto requests = proxy.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_NE(requests[0].find("Proxy-Authorization: Basic dXNlcjpwQHNz"), std::string::npos)
        << requests[0];
}

TEST_F(WebSocketProxyTest, NoProxyListingTheHostConnectsDirectly) {
    open_with({{"HTTP_PROXY", "http://127.0.0.1:" + std::to_string(proxy.port())},
               {"NO_PROXY", "example.internal, 127.0.0.1"}});
    ASSERT_TRUE(run_until([&] { return opened || !closed.empty(); }));
    ASSERT_TRUE(opened) << closed;
    EXPECT_TRUE(proxy.requests().empty());
}

TEST_F(WebSocketProxyTest, HttpsProxyAloneLeavesPlainWebsocketsDirect) {
    open_with({{"HTTPS_PROXY", "http://127.0.0.1:" + std::to_string(proxy.port())}});
    ASSERT_TRUE(run_until([&] { return opened || !closed.empty(); }));
    ASSERT_TRUE(opened) << closed;
    EXPECT_TRUE(proxy.requests().empty());
}

TEST_F(WebSocketProxyTest, UnusableProxyVariableIsReportedWithoutItsPassword) {
    open_with({{"HTTP_PROXY", "socks5://user:hunter2@127.0.0.1:1080"}});
    ASSERT_TRUE(run_until([&] { return opened || !closed.empty(); }));
    EXPECT_FALSE(opened);
    EXPECT_NE(closed.find("HTTP_PROXY"), std::string::npos) << closed;
    EXPECT_EQ(closed.find("hunter2"), std::string::npos) << closed;
}

} // namespace
} // namespace sb::test
