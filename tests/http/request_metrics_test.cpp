// SPDX-License-Identifier: Apache-2.0
// The request histogram over a real server: routes are labelled by their pattern, and whatever
// path or method a client sends, it never becomes a label of its own.
#include "bot/http/health_routes.hpp"
#include "bot/http/http_server.hpp"
#include "bot/metrics/http_request_metrics.hpp"
#include "bot/metrics/process_metrics.hpp"

#include "tests/support/http_client.hpp"
#include "tests/support/loop_thread.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

using test::http_request;

class RequestMetricsTest : public ::testing::Test {
protected:
    void SetUp() override {
        HttpServerOptions options;
        options.observe_request = [this](std::string_view route, std::string_view method,
                                         double seconds) {
            requests.observe(route, method, seconds);
        };
        auto created = HttpServer::create(loop.io(), "127.0.0.1", 0, options);
        ASSERT_TRUE(created.has_value()) << created.error().to_string();
        server = std::move(created).value();
        server->add_route("GET", "/hooks/", [](HttpRequest const&, HttpResponder respond) {
            respond(HttpResponse::text(200, "ok"));
        });
        add_health_routes(*server, {}, metrics, std::string("s3cret-token"));
        server->start();
        loop.start();
    }
    void TearDown() override { loop.stop(); }

    std::string scrape() {
        auto const result = http_request("127.0.0.1", server->port(), "GET", "/metrics", {},
                                         {{"Authorization", "Bearer s3cret-token"}});
        EXPECT_EQ(result.status, 200) << result.error;
        return result.body;
    }

    test::LoopThread loop;
    MetricsRegistry metrics;
    HttpRequestMetrics requests{metrics};
    std::unique_ptr<HttpServer> server;
};

TEST_F(RequestMetricsTest, AHostilePathIsCountedAsOtherAndNeverBecomesALabel) {
    std::string const hostile = "/evil%22%7D%0Aswitchboard_fake%201/" + std::string(200, 'x');
    EXPECT_EQ(http_request("127.0.0.1", server->port(), "GET", hostile).status, 404);
    EXPECT_EQ(http_request("127.0.0.1", server->port(), "BREW", "/hooks/demo").status, 405);
    EXPECT_EQ(http_request("127.0.0.1", server->port(), "GET", "/hooks/demo?x=1").status, 200);
    auto const body = scrape();
    EXPECT_NE(
        body.find(
            R"(switchboard_http_request_duration_seconds_count{method="GET",route="other"} 1)"),
        std::string::npos)
        << body;
    EXPECT_NE(
        body.find(
            R"(switchboard_http_request_duration_seconds_count{method="other",route="other"} 1)"),
        std::string::npos)
        << body;
    // A prefix route is labelled by its prefix, not by the path under it.
    EXPECT_NE(
        body.find(
            R"(switchboard_http_request_duration_seconds_count{method="GET",route="/hooks/"} 1)"),
        std::string::npos)
        << body;
    EXPECT_EQ(body.find("evil"), std::string::npos) << body;
    EXPECT_EQ(body.find("demo"), std::string::npos) << body;
}

TEST_F(RequestMetricsTest, MetricsRefuseARequestWithoutTheToken) {
    auto const none = http_request("127.0.0.1", server->port(), "GET", "/metrics");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.header("WWW-Authenticate"), R"(Bearer realm="metrics")");
    EXPECT_EQ(http_request("127.0.0.1", server->port(), "GET", "/metrics", {},
                           {{"Authorization", "Bearer s3cret-tokeN"}})
                  .status,
              401);
    EXPECT_EQ(http_request("127.0.0.1", server->port(), "GET", "/metrics", {},
                           {{"Authorization", "bearer s3cret-token"}})
                  .status,
              200);
    EXPECT_EQ(http_request("127.0.0.1", server->port(), "GET", "/healthz").status, 200);
}

TEST(BearerTokenTest, OnlyTheExactTokenAfterTheSchemeMatches) {
    EXPECT_TRUE(bearer_token_matches("Bearer abc", "abc"));
    EXPECT_FALSE(bearer_token_matches("Bearer abcd", "abc"));
    EXPECT_FALSE(bearer_token_matches("Bearer ab", "abc"));
    EXPECT_FALSE(bearer_token_matches("abc", "abc"));
    EXPECT_FALSE(bearer_token_matches("Bearer ", ""));
}

TEST(ProcessMetricsTest, ProcStatIsParsedPastACommandNameWithSpacesAndParentheses) {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
    // stime cutime cstime priority nice threads itrealvalue starttime vsize rss
    std::string const stat =
        "42 (sw) itch) board) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 4 0 1000 "
        "123456 300 18446744073709551615";
    ProcessStat parsed;
    ASSERT_TRUE(parse_proc_stat(stat, 100, 4096, parsed));
    EXPECT_DOUBLE_EQ(parsed.cpu_seconds, 3.0);
    EXPECT_DOUBLE_EQ(parsed.start_seconds, 10.0);
    EXPECT_DOUBLE_EQ(parsed.resident_bytes, 300.0 * 4096);
    EXPECT_FALSE(parse_proc_stat("42 (short) S 1", 100, 4096, parsed));
}

TEST(ProcessMetricsTest, TheRegistryRendersBuildInfoAndProcessSeries) {
    MetricsRegistry metrics;
    add_build_info(metrics, "1.2.3", "abc1234");
    add_process_metrics(metrics);
    auto const text = metrics.render();
    EXPECT_NE(text.find(R"(switchboard_build_info{git="abc1234",version="1.2.3"} 1)"),
              std::string::npos)
        << text;
    for (auto const* name :
         {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
          "process_start_time_seconds ", "process_open_fds ", "process_max_fds "})
        EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name << text;
}

} // namespace
} // namespace sb
