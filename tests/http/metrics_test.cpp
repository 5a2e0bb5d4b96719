// SPDX-License-Identifier: Apache-2.0
// The metrics registry renders exactly the Prometheus text format 0.0.4.
#include "bot/metrics/metrics_registry.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace sb {
namespace {

TEST(Metrics, RendersCountersGaugesAndHistogramsInTextFormat) {
    MetricsRegistry registry;
    registry.counter("switchboard_mentions_total", "Mentions received.", {{"source", "demo"}})
        .inc(3);
    registry.counter("switchboard_mentions_total", "Mentions received.", {{"source", "meta"}})
        .inc();
    registry.gauge("switchboard_outbox_depth", "Messages waiting for delivery.").set(7);
    auto& latency = registry.histogram("switchboard_request_seconds", "Request latency.",
                                       {0.1, 0.5, 1.0}, {{"route", "hooks"}});
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(3.0);

    EXPECT_EQ(registry.render(), R"(# HELP switchboard_mentions_total Mentions received.
# TYPE switchboard_mentions_total counter
switchboard_mentions_total{source="demo"} 3
switchboard_mentions_total{source="meta"} 1
# HELP switchboard_outbox_depth Messages waiting for delivery.
# TYPE switchboard_outbox_depth gauge
switchboard_outbox_depth 7
# HELP switchboard_request_seconds Request latency.
# TYPE switchboard_request_seconds histogram
switchboard_request_seconds_bucket{route="hooks",le="0.1"} 1
switchboard_request_seconds_bucket{route="hooks",le="0.5"} 2
switchboard_request_seconds_bucket{route="hooks",le="1"} 2
switchboard_request_seconds_bucket{route="hooks",le="+Inf"} 3
switchboard_request_seconds_sum{route="hooks"} 3.55
switchboard_request_seconds_count{route="hooks"} 3
)");
}

TEST(Metrics, LabelValuesAndHelpAreEscaped) {
    MetricsRegistry registry;
    registry.counter("odd_total", "Help with \\ and\nnewline.", {{"path", "a\"b\\c\nd"}}).inc();
    EXPECT_EQ(registry.render(), "# HELP odd_total Help with \\\\ and\\nnewline.\n"
                                 "# TYPE odd_total counter\n"
                                 "odd_total{path=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(Metrics, LabelsAreSortedSoCallOrderDoesNotMatter) {
    MetricsRegistry registry;
    auto& first = registry.counter("x_total", "X.", {{"b", "2"}, {"a", "1"}});
    auto& second = registry.counter("x_total", "X.", {{"a", "1"}, {"b", "2"}});
    EXPECT_EQ(&first, &second);
    first.inc();
    EXPECT_NE(registry.render().find("x_total{a=\"1\",b=\"2\"} 1\n"), std::string::npos);
}

TEST(Metrics, CountersIgnoreNegativeAmountsAndGaugesGoBothWays) {
    MetricsRegistry registry;
    auto& counter = registry.counter("c_total", "C.");
    counter.inc(2);
    counter.inc(-5);
    EXPECT_EQ(counter.value(), 2);
    auto& gauge = registry.gauge("g", "G.");
    gauge.inc(2.5);
    gauge.dec(1);
    EXPECT_EQ(gauge.value(), 1.5);
    EXPECT_NE(registry.render().find("g 1.5\n"), std::string::npos);
}

TEST(Metrics, CollectorsRunAtScrapeTimeAndMergeWithRegisteredFamilies) {
    MetricsRegistry registry;
    registry.gauge("items", "Items by state.", {{"state", "open"}}).set(1);
    int scrapes = 0;
    registry.add_collector([&scrapes](MetricsRegistry& scrape) {
        ++scrapes;
        scrape.gauge("items", "Items by state.", {{"state", "claimed"}}).set(scrapes);
    });
    EXPECT_EQ(registry.render(), "# HELP items Items by state.\n"
                                 "# TYPE items gauge\n"
                                 "items{state=\"open\"} 1\n"
                                 "items{state=\"claimed\"} 1\n");
    EXPECT_NE(registry.render().find("items{state=\"claimed\"} 2\n"), std::string::npos);
}

TEST(Metrics, SpecialValuesUsePrometheusSpelling) {
    MetricsRegistry registry;
    registry.gauge("inf", "I.").set(std::numeric_limits<double>::infinity());
    registry.gauge("nan", "N.").set(std::numeric_limits<double>::quiet_NaN());
    auto const text = registry.render();
    EXPECT_NE(text.find("inf +Inf\n"), std::string::npos);
    EXPECT_NE(text.find("nan NaN\n"), std::string::npos);
}

TEST(Metrics, ReusingANameWithAnotherTypeIsAProgrammingError) {
    MetricsRegistry registry;
    registry.counter("thing_total", "T.");
    EXPECT_THROW(registry.gauge("thing_total", "T."), std::logic_error);
    EXPECT_THROW(registry.counter("9starts_with_digit", "T."), std::logic_error);
    EXPECT_THROW(registry.counter("ok_total", "T.", {{"le", "1"}}), std::logic_error);
}

} // namespace
} // namespace sb
