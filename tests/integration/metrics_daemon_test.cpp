// SPDX-License-Identifier: Apache-2.0
// /metrics of the real binary: it passes `promtool check metrics`, and with a bearer token set
// in the config it answers only to requests that carry it.
#include "binary_process.hpp"
#include "tests/support/http_client.hpp"

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

// The shipped config with a metrics section added at the top of its root object.
std::string config_with_metrics_token(fs::path const& folder) {
    std::ifstream in(std::string(SWITCHBOARD_SOURCE_DIR) + "/config/switchboard.jsonc");
    std::ostringstream text;
    text << in.rdbuf();
    std::string config = text.str();
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

class MetricsDaemonTest : public ::testing::Test {
protected:
    void SetUp() override {
        // Its own folder: ctest runs the tests of this fixture at the same time.
        std::string pattern = (fs::temp_directory_path() / "switchboard-metrics-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_folder = pattern;
        auto const config = config_with_metrics_token(m_folder);
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
        fs::remove_all(m_folder);
    }

    HttpResult metrics(HeaderList const& headers) {
        return http_request("127.0.0.1", m_port, "GET", "/metrics", {}, headers);
    }

    fs::path m_folder;
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
    auto const command = "promtool check metrics < '" + file.string() + "' 2>&1";
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[512];
    while (auto read = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, read);
    int const status = ::pclose(pipe);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output << "\n" << scraped.body;
    EXPECT_EQ(output, "");
}
