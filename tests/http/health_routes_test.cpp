// SPDX-License-Identifier: Apache-2.0
// /healthz, /readyz and /metrics over a real server.
#include "bot/http/health_routes.hpp"
#include "bot/http/http_server.hpp"

#include "tests/support/http_client.hpp"
#include "tests/support/loop_thread.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace sb {
namespace {

using test::http_request;

class HealthRoutesTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto created = HttpServer::create(loop.io(), "127.0.0.1", 0);
        ASSERT_TRUE(created.has_value()) << created.error().to_string();
        server = std::move(created).value();
        add_health_routes(
            *server,
            [this] {
                std::lock_guard lock(mutex);
                return components;
            },
            metrics);
        server->start();
        loop.start();
    }
    void TearDown() override { loop.stop(); }

    void set_components(std::vector<ComponentHealth> list) {
        std::lock_guard lock(mutex);
        components = std::move(list);
    }

    test::LoopThread loop;
    MetricsRegistry metrics;
    std::mutex mutex;
    std::vector<ComponentHealth> components;
    std::unique_ptr<HttpServer> server;
};

TEST_F(HealthRoutesTest, HealthzSaysOkWhileServing) {
    set_components({{"store", false, "locked"}});
    auto const result = http_request("127.0.0.1", server->port(), "GET", "/healthz");
    ASSERT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(nlohmann::json::parse(result.body), nlohmann::json({{"status", "ok"}}));
}

TEST_F(HealthRoutesTest, ReadyzIs200WhenEveryComponentIsReady) {
    set_components({{"store", true, ""}, {"slack", true, ""}});
    auto const result = http_request("127.0.0.1", server->port(), "GET", "/readyz");
    ASSERT_EQ(result.status, 200) << result.error;
    auto const body = nlohmann::json::parse(result.body);
    EXPECT_EQ(body.at("ready"), true);
    EXPECT_EQ(body.at("components").size(), 2u);
}

TEST_F(HealthRoutesTest, ReadyzIs503NamingTheComponentThatIsNotReady) {
    set_components({{"store", true, ""}, {"slack", false, "socket mode disconnected"}});
    auto const result = http_request("127.0.0.1", server->port(), "GET", "/readyz");
    ASSERT_EQ(result.status, 503) << result.error;
    auto const body = nlohmann::json::parse(result.body);
    EXPECT_EQ(body.at("ready"), false);
    EXPECT_EQ(body.at("components").at(1),
              nlohmann::json(
                  {{"name", "slack"}, {"ready", false}, {"reason", "socket mode disconnected"}}));
}

TEST_F(HealthRoutesTest, MetricsServesPrometheusText) {
    metrics.counter("switchboard_test_total", "A test counter.").inc(2);
    auto const result = http_request("127.0.0.1", server->port(), "GET", "/metrics");
    ASSERT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(result.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(result.body.find("# TYPE switchboard_test_total counter\nswitchboard_test_total 2\n"),
              std::string::npos);
}

} // namespace
} // namespace sb
