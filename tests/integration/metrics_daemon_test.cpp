// SPDX-License-Identifier: Apache-2.0
// /metrics of the real binary: it passes `promtool check metrics`, and with a bearer token set
// in the config it answers only to requests that carry it.
#include "binary_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace sb::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr char const* token = "metrics-test-token-0123456789";

std::string read_text(fs::path const& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The shipped config with a metrics section added at the top of its root object.
std::string config_with_metrics_token(fs::path const& folder) {
    std::string config =
        read_text(fs::path(SWITCHBOARD_SOURCE_DIR) / "config" / "switchboard.jsonc");
    auto const root = config.find("\n{");
    if (root == std::string::npos)
        return {};
    config.insert(root + 2,
                  R"(
  "metrics": { "bearer_token": { "env": "SWITCHBOARD_METRICS_TOKEN" } },)");
    auto const path = folder / "switchboard.jsonc";
    std::ofstream(path) << config;
    return path.string();
}

// The command's output (stderr too) and its exit code, -1 when it did not exit normally.
std::string run_and_capture(std::string const& command, int& exit_code) {
    std::string output;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        exit_code = -1;
        return output;
    }
    char buffer[512];
    while (auto read = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, read);
    int const status = ::pclose(pipe);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return output;
}

class MetricsDaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto const config = config_with_metrics_token(m_folder.path());
        ASSERT_FALSE(config.empty());
        m_process = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--no-stdin", "--config",
                                          config, "--state-dir", (m_folder / "state").string(),
                                          "--listen", "127.0.0.1:0"},
                                         {{"SWITCHBOARD_DEMO_SECRET", "metrics-test-secret"},
                                          {"SWITCHBOARD_METRICS_TOKEN", token}});
        ASSERT_TRUE(m_process);
        auto port = listening_port(*m_process);
        ASSERT_TRUE(port) << m_process->stderr_text();
        m_port = *port;
    }
    void TearDown() override {
        if (m_process) {
            m_process->signal(SIGTERM);
            m_process->wait();
        }
    }

    HttpResult metrics(HeaderList const& headers) {
        return http_request("127.0.0.1", m_port, "GET", "/metrics", {}, headers);
    }

    TempDir m_folder{"switchboard-metrics"};
    std::unique_ptr<BinaryProcess> m_process;
    unsigned short m_port = 0;
};

} // namespace

TEST_F(MetricsDaemonTest, MetricsAnswerOnlyWithTheBearerToken) {
    EXPECT_EQ(metrics({}).status, 401);
    EXPECT_EQ(metrics({{"Authorization", "Bearer wrong-token"}}).status, 401);
    EXPECT_EQ(metrics({{"Authorization", std::string("Basic ") + token}}).status, 401);
    auto const allowed = metrics({{"Authorization", std::string("Bearer ") + token}});
    EXPECT_EQ(allowed.status, 200);
    EXPECT_NE(allowed.body.find("switchboard_build_info{"), std::string::npos) << allowed.body;
    EXPECT_NE(allowed.body.find("process_start_time_seconds "), std::string::npos);
    // Probes stay open: they say nothing about the items.
    EXPECT_EQ(http_request("127.0.0.1", m_port, "GET", "/healthz").status, 200);
}

TEST_F(MetricsDaemonTest, MetricsPassPromtool) {
    if (std::system("command -v promtool >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
    // A request to an unknown path first: it is counted under the route that caught it (the
    // web page's "/"), and the path itself never becomes a label.
    http_request("127.0.0.1", m_port, "GET", "/no/such/path");
    auto const scraped = metrics({{"Authorization", std::string("Bearer ") + token}});
    ASSERT_EQ(scraped.status, 200);
    EXPECT_NE(scraped.body.find("switchboard_http_request_duration_seconds_count{"),
              std::string::npos)
        << scraped.body;
    EXPECT_EQ(scraped.body.find("no/such/path"), std::string::npos) << scraped.body;
    auto const file = m_folder / "metrics.txt";
    std::ofstream(file) << scraped.body;
    int code = -1;
    auto const output = run_and_capture("promtool check metrics < '" + file.string() + "'", code);
    EXPECT_EQ(code, 0) << output << "\n" << scraped.body;
    EXPECT_EQ(output, "");
}

namespace {

// Bob, alone on the primary layer, is away from two days ago to three days ahead; Carol holds
// the secondary layer. The one window covers every hour of every day.
std::string gap_config() {
    auto const today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    auto day = [&](int offset) {
        auto const ymd = std::chrono::year_month_day{today + std::chrono::days(offset)};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        return std::string(text);
    };
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "bob": { "name": "Bob", "timezone": "UTC", "chat": { "console": "bob" } },
    "carol": { "name": "Carol", "timezone": "UTC", "chat": { "console": "carol" } }
  },
  "teams": { "care": {
    "timezone": "UTC",
    "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                   "start": "00:00", "end": "00:00" }],
    "rooms": { "console": "#care" },
    "layers": [
      { "name": "primary", "members": ["bob"], "shift": "1w",
        "handoff": { "day": "mon", "time": "00:00" }, "start": "2026-01-05", "windows": ["always"] },
      { "name": "secondary", "members": ["carol"], "shift": "1w",
        "handoff": { "day": "mon", "time": "00:00" }, "start": "2026-01-05", "windows": ["always"] }
    ]
  } },
  "absences": [{ "person": "bob", "kind": "vacation", "from": ")json" +
           day(-2) + R"json(", "to": ")json" + day(3) + R"json(" }]
})json";
}

double gauge_value(std::string const& body, std::string const& series) {
    auto const at = body.find("\n" + series + " ");
    if (at == std::string::npos)
        return -1;
    return std::strtod(body.c_str() + at + series.size() + 2, nullptr);
}

} // namespace

TEST(RotaGapMetrics, TheNext24HoursOfEachLayerAreAGaugeForAlerts) {
    TempDir const folder("switchboard-gaps");
    std::ofstream(folder / "switchboard.jsonc") << gap_config();
    auto process = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--no-stdin", "--config",
                                         (folder / "switchboard.jsonc").string(), "--state-dir",
                                         (folder / "state").string()});
    ASSERT_TRUE(process);
    auto port = listening_port(*process);
    ASSERT_TRUE(port) << process->stderr_text();
    auto const scraped = http_request("127.0.0.1", *port, "GET", "/metrics");
    ASSERT_EQ(scraped.status, 200);
    auto const primary = gauge_value(
        scraped.body, R"(switchboard_rota_gap_next_24h_seconds{layer="primary",team="care"})");
    auto const secondary = gauge_value(
        scraped.body, R"(switchboard_rota_gap_next_24h_seconds{layer="secondary",team="care"})");
    EXPECT_EQ(primary, 24 * 3600.0) << scraped.body;
    EXPECT_EQ(secondary, 0.0) << scraped.body;
    process->signal(SIGTERM);
    process->wait();
}

TEST_F(MetricsDaemonTest, EveryMetricServedIsListedInTheDocs) {
    auto const docs = read_text(fs::path(SWITCHBOARD_SOURCE_DIR) / "docs" / "metrics.md");
    auto const scraped = metrics({{"Authorization", std::string("Bearer ") + token}});
    ASSERT_EQ(scraped.status, 200);
    std::istringstream lines(scraped.body);
    std::string line;
    int types = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("# TYPE ", 0) != 0)
            continue;
        ++types;
        auto const name = line.substr(7, line.find(' ', 7) - 7);
        EXPECT_NE(docs.find("`" + name), std::string::npos)
            << name << " is served but docs/metrics.md does not list it";
    }
    EXPECT_GT(types, 10);
}

TEST(MetricsDocs, TheExampleAlertRulesPassPromtool) {
    if (std::system("command -v promtool >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
    auto const docs = read_text(fs::path(SWITCHBOARD_SOURCE_DIR) / "docs" / "metrics.md");
    auto const begin = docs.find("```yaml\ngroups:");
    ASSERT_NE(begin, std::string::npos) << "docs/metrics.md has no alert rules block";
    auto const body = begin + std::string("```yaml\n").size();
    auto const end = docs.find("```", body);
    ASSERT_NE(end, std::string::npos);
    TempDir const folder("switchboard-rules");
    std::ofstream(folder / "rules.yaml") << docs.substr(body, end - body);
    int code = 0;
    auto const output =
        run_and_capture("promtool check rules '" + (folder / "rules.yaml").string() + "'", code);
    EXPECT_EQ(code, 0) << output;
    EXPECT_NE(output.find("SUCCESS"), std::string::npos) << output;
}
