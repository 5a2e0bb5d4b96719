// SPDX-License-Identifier: Apache-2.0
// Counters, gauges and histograms with labels, rendered in the Prometheus text format 0.0.4.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sb {

// Label names and values; the registry sorts them by name, so order at the call site is free.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
public:
    // Counters only go up; a negative amount is ignored, since it would break rate().
    void inc(double amount = 1.0);
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0.0};
};

class Gauge {
public:
    void set(double value) { m_value.store(value, std::memory_order_relaxed); }
    void inc(double amount = 1.0);
    void dec(double amount = 1.0) { inc(-amount); }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0.0};
};

class Histogram {
public:
    // Upper bounds, ascending; the +Inf bucket is implicit.
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);

    struct Snapshot {
        std::vector<double> bounds;
        std::vector<std::uint64_t> cumulative_counts; // one per bound, then +Inf
        double sum = 0.0;
        std::uint64_t count = 0;
    };
    Snapshot snapshot() const;

private:
    mutable std::mutex m_mutex;
    std::vector<double> m_bounds;
    std::vector<std::uint64_t> m_counts; // per bucket, not cumulative; last is +Inf
    double m_sum = 0.0;
    std::uint64_t m_count = 0;
};

class MetricsRegistry {
public:
    MetricsRegistry();
    ~MetricsRegistry();
    MetricsRegistry(MetricsRegistry const&) = delete;
    MetricsRegistry& operator=(MetricsRegistry const&) = delete;

    // The same name and labels return the same metric. Reusing a name with another type, or a
    // name that is not [a-zA-Z_:][a-zA-Z0-9_:]*, is a programming error and throws
    // std::logic_error. References stay valid for the registry's lifetime.
    Counter& counter(std::string const& name, std::string const& help, MetricLabels labels = {});
    Gauge& gauge(std::string const& name, std::string const& help, MetricLabels labels = {});
    Histogram& histogram(std::string const& name, std::string const& help,
                         std::vector<double> bounds, MetricLabels labels = {});

    // Runs at every render() against a fresh scrape-time registry, so values that vanish (a state
    // with no items left) vanish from the output instead of going stale.
    void add_collector(std::function<void(MetricsRegistry&)> collector);

    // The whole registry in text format 0.0.4, families sorted by name.
    std::string render() const;

    static constexpr char const* content_type = "text/plain; version=0.0.4; charset=utf-8";

    struct Family;

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Family>> m_families;
    std::vector<std::function<void(MetricsRegistry&)>> m_collectors;
};

// Buckets suited to request latencies in seconds: 5 ms to 10 s.
std::vector<double> default_latency_buckets();

} // namespace sb
