// SPDX-License-Identifier: Apache-2.0
// The page's event stream over a real socket: only for a signed-in caller, and a change made
// through the API arrives on it.
#include "daemon_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

namespace sb::test {
namespace {

// A raw connection that reads whatever arrives, for a response that never ends.
class StreamReader {
public:
    explicit StreamReader(unsigned short port) {
        m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        if (::connect(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(m_socket);
            m_socket = -1;
        }
        timeval timeout{0, 200 * 1000};
        ::setsockopt(m_socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~StreamReader() {
        if (m_socket >= 0)
            ::close(m_socket);
    }
    bool send(std::string const& bytes) {
        return m_socket >= 0 && ::send(m_socket, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                                    static_cast<ssize_t>(bytes.size());
    }
    // Reads until text has arrived or the time is up.
    bool wait_for(std::string const& text, std::chrono::milliseconds limit) {
        auto until = std::chrono::steady_clock::now() + limit;
        while (m_received.find(text) == std::string::npos) {
            if (std::chrono::steady_clock::now() > until)
                return false;
            char buffer[4096];
            auto got = ::recv(m_socket, buffer, sizeof buffer, 0);
            if (got == 0)
                return false;
            if (got > 0)
                m_received.append(buffer, static_cast<std::size_t>(got));
        }
        return true;
    }
    std::string const& received() const { return m_received; }

private:
    int m_socket = -1;
    std::string m_received;
};

TEST_F(SecurityTest, AChangeThroughTheApiArrivesOnASignedInEventStream) {
    start();
    auto cookie = sign_in("bob");
    auto csrf = csrf_of(cookie);
    ASSERT_FALSE(csrf.empty());

    StreamReader stream(m_port);
    ASSERT_TRUE(stream.send(
        "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sb_session=" + cookie +
        "\r\nAccept: text/event-stream\r\n\r\n"));
    ASSERT_TRUE(stream.wait_for("retry: 3000\n\n", 10s)) << stream.received();
    EXPECT_NE(stream.received().find("Content-Type: text/event-stream"), std::string::npos);

    auto created = request("POST", "/api/v1/absences",
                           nlohmann::json{{"person", "bob"},
                                          {"reason", "sick"},
                                          {"start", "2027-03-01T09:00:00+01:00"},
                                          {"end", "2027-03-02T09:00:00+01:00"}}
                               .dump(),
                           {{"Cookie", "sb_session=" + cookie},
                            {"X-CSRF-Token", csrf},
                            {"Content-Type", "application/json"}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_TRUE(stream.wait_for("event: change\ndata: {\"id\":", 10s)) << stream.received();
    EXPECT_NE(stream.received().find("\"kind\":\"rota\""), std::string::npos) << stream.received();
}

TEST_F(SecurityTest, AnEventStreamWithoutSignInIsRefused) {
    start();
    StreamReader stream(m_port);
    ASSERT_TRUE(stream.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
                            "sb_session=forged\r\n\r\n"));
    ASSERT_TRUE(stream.wait_for("\r\n\r\n", 10s)) << stream.received();
    EXPECT_EQ(stream.received().rfind("HTTP/1.1 401", 0), 0U) << stream.received();
    EXPECT_EQ(stream.received().find("retry:"), std::string::npos);
}

} // namespace
} // namespace sb::test
