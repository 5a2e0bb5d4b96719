// SPDX-License-Identifier: Apache-2.0
#include "tests/api/api_harness.hpp"

#include "base/hmac.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

using namespace std::chrono_literals;

namespace sb::test {

namespace {

constexpr char const* webhook_secret = "api-test-secret";

// Appends one exchange to the trace named by SB_API_TRACE, as one JSON line written at once
// (O_APPEND), so tests running side by side do not interleave their lines.
void trace(nlohmann::json const& line) {
    auto const* path = std::getenv("SB_API_TRACE");
    if (path == nullptr || *path == '\0')
        return;
    auto const text = line.dump() + "\n";
    int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0)
        return;
    auto written = ::write(fd, text.data(), text.size());
    (void)written;
    ::close(fd);
}

bool matches(std::string const& path_template, std::string const& path) {
    std::size_t t = 0;
    std::size_t p = 0;
    while (t < path_template.size() && p < path.size()) {
        if (path_template[t] == '{') {
            t = path_template.find('}', t) + 1;
            auto const end = path.find('/', p);
            if (end == p)
                return false;
            p = end == std::string::npos ? path.size() : end;
            continue;
        }
        if (path_template[t++] != path[p++])
            return false;
    }
    return t == path_template.size() && p == path.size();
}

nlohmann::json body_for_trace(std::string const& body) {
    if (body.empty())
        return nullptr;
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(body) : parsed;
}

} // namespace

nlohmann::json Reply::json() const {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json() : parsed;
}

std::string Reply::header(std::string const& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

std::string Reply::describe() const {
    return "status " + std::to_string(status) + " (" + content_type + "): " + body;
}

::testing::AssertionResult is_problem(Reply const& reply, int status, std::string const& field) {
    if (reply.status != status)
        return ::testing::AssertionFailure()
               << "expected " << status << ", got " << reply.describe();
    if (reply.content_type.rfind("application/problem+json", 0) != 0)
        return ::testing::AssertionFailure() << "not problem+json: " << reply.describe();
    auto body = reply.json();
    if (!body.is_object() || body.value("status", 0) != status || !body.contains("title") ||
        !body.contains("detail") || body.value("detail", "").empty())
        return ::testing::AssertionFailure() << "not a problem body: " << reply.describe();
    if (!field.empty() && body.value("field", "") != field)
        return ::testing::AssertionFailure()
               << "expected field '" << field << "': " << reply.describe();
    return ::testing::AssertionSuccess();
}

std::string ApiTest::config_text() {
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice" } },
    "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } },
    "carol": { "name": "Carol", "timezone": "Europe/Berlin", "chat": { "console": "carol" } },
    "erin":  { "name": "Erin", "timezone": "Europe/London", "chat": { "console": "erin" } },
    "frank": { "name": "Frank", "timezone": "Europe/London", "role": "manager", "chat": { "console": "frank" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "holidays": "DE-BY",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05", "substitution": "none" },
        { "name": "secondary", "members": ["alice"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    },
    "social": {
      "timezone": "Europe/London",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00" },
      "coverage": [],
      "rooms": { "console": "#social" },
      "layers": [
        { "name": "primary", "members": ["erin", "frank"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": { "steps": [{ "after": "0s", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }], "repeat": 1 }
  },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

void ApiTest::SetUp() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "switchboard-api-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
    std::ofstream(m_dir / "switchboard.jsonc") << config_text();
    auto const config = (m_dir / "switchboard.jsonc").string();
    auto const state = (m_dir / "state").string();
    for (std::string person : {"alice", "bob", "carol", "frank"}) {
        auto cli = BinaryProcess::start({SWITCHBOARD_BINARY, "token", "create", "--config", config,
                                         "--state-dir", state, "--person", person, "--json"});
        ASSERT_TRUE(cli);
        ASSERT_EQ(cli->wait(), 0) << cli->stderr_text();
        auto out = nlohmann::json::parse(cli->stdout_text(), nullptr, false);
        ASSERT_TRUE(out.is_object() && out.contains("token")) << cli->stdout_text();
        m_tokens[person] = out["token"].get<std::string>();
    }
    m_process = BinaryProcess::start(
        {SWITCHBOARD_BINARY, "run", "--config", config, "--state-dir", state, "--as", "bob"},
        {{"SB_TEST_SECRET", webhook_secret}});
    ASSERT_TRUE(m_process);
    auto port = listening_port(*m_process);
    ASSERT_TRUE(port) << m_process->stderr_text();
    m_port = *port;
    auto document = http_request("127.0.0.1", m_port, "GET", "/api/v1/openapi.json");
    ASSERT_EQ(document.status, 200) << document.body;
    auto parsed = nlohmann::json::parse(document.body, nullptr, false);
    ASSERT_TRUE(parsed.is_object() && parsed.contains("paths"));
    for (auto const& [path, item] : parsed["paths"].items()) {
        (void)item;
        m_templates.push_back(path);
    }
}

void ApiTest::TearDown() {
    m_process.reset();
    std::filesystem::remove_all(m_dir);
}

namespace {

// The response head of a stream that never ends on its own, read from a plain socket.
std::string read_stream_head(unsigned short port, std::string const& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return {};
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string received;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        while (received.find("\r\n\r\n") == std::string::npos) {
            auto const n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            received.append(buffer, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return received;
}

} // namespace

Reply ApiTest::open_stream(std::string const& target, std::string const& person) {
    auto const head = read_stream_head(
        m_port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                    m_tokens[person] + "\r\nAccept: text/event-stream\r\n\r\n");
    Reply reply;
    auto const end = head.find("\r\n\r\n");
    if (head.rfind("HTTP/1.1 ", 0) == 0)
        reply.status = std::atoi(head.c_str() + 9);
    std::size_t line = head.find("\r\n");
    while (line != std::string::npos && line < end) {
        auto const next = head.find("\r\n", line + 2);
        auto const text = head.substr(line + 2, next - line - 2);
        auto const colon = text.find(':');
        if (colon != std::string::npos)
            reply.headers[text.substr(0, colon)] =
                text.substr(text.find_first_not_of(' ', colon + 1));
        line = next;
    }
    reply.content_type = reply.header("Content-Type");
    trace({{"test", ::testing::UnitTest::GetInstance()->current_test_info()->name()},
           {"method", "GET"},
           {"path", target.substr(0, target.find('?'))},
           {"target", target},
           {"status", reply.status},
           {"content_type", reply.content_type},
           {"request_body", nullptr},
           {"response_body", ""}});
    return reply;
}

Reply ApiTest::call(std::string const& method, std::string const& target, As const& as,
                    std::string const& body) {
    HeaderList headers = as.extra_headers;
    if (!as.person.empty())
        headers.emplace_back("Authorization", "Bearer " + m_tokens[as.person]);
    auto result = http_request("127.0.0.1", m_port, method, target, body, headers);
    Reply reply;
    reply.status = result.status;
    reply.headers = result.headers;
    reply.body = result.body;
    reply.content_type = result.header("Content-Type");
    auto const path = target.substr(0, target.find('?'));
    nlohmann::json path_template = nullptr;
    for (auto const& candidate : m_templates)
        if (matches(candidate, path))
            path_template = candidate;
    trace({{"test", ::testing::UnitTest::GetInstance()->current_test_info()->name()},
           {"method", method},
           {"path", path_template},
           {"target", target},
           {"status", reply.status},
           {"content_type", reply.content_type},
           {"request_body", body_for_trace(body)},
           {"response_body", reply.content_type.find("json") != std::string::npos
                                 ? body_for_trace(reply.body)
                                 : nlohmann::json(reply.body)}});
    return reply;
}

long ApiTest::post_mention(std::string const& id, std::string const& text) {
    auto body = R"({"id":")" + id + R"(","platform":"x","author":"@dana","text":")" + text +
                R"(","url":"https://x.com/dana/)" + id +
                R"(","created_at":"2026-11-20T10:00:00Z"})";
    auto result = http_request(
        "127.0.0.1", m_port, "POST", "/hooks/demo", body,
        {{"X-Switchboard-Signature", "sha256=" + sb::hmac_sha256_hex(webhook_secret, body)},
         {"Content-Type", "application/json"}});
    auto parsed = nlohmann::json::parse(result.body, nullptr, false);
    if (result.status != 202 || !parsed.contains("item_id"))
        return 0;
    return parsed["item_id"].get<long>();
}

namespace {

std::string date_text(std::chrono::sys_days day) {
    std::chrono::year_month_day const date{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

} // namespace

std::string ApiTest::day(int days_ahead) {
    using namespace std::chrono;
    return date_text(floor<days>(system_clock::now()) + days(days_ahead));
}

std::string ApiTest::next_saturday() {
    using namespace std::chrono;
    auto const today = floor<days>(system_clock::now());
    auto const weekday = std::chrono::weekday{today};
    auto ahead = (Saturday - weekday).count();
    if (ahead == 0)
        ahead = 7;
    return date_text(today + days(ahead));
}

} // namespace sb::test
