// SPDX-License-Identifier: Apache-2.0
// The metrics registry and its Prometheus text rendering.
#include "bot/metrics/metrics_registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sb {

namespace {

enum class MetricType { counter, gauge, histogram };

char const* type_name(MetricType type) {
    switch (type) {
    case MetricType::counter:
        return "counter";
    case MetricType::gauge:
        return "gauge";
    case MetricType::histogram:
        return "histogram";
    }
    return "untyped";
}

bool is_valid_name(std::string const& name, bool allow_colon) {
    if (name.empty())
        return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char const c = name[i];
        bool const letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                            (allow_colon && c == ':');
        bool const digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0))
            return false;
    }
    return true;
}

std::string format_value(double value) {
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    return fmt::format("{}", value);
}

void append_escaped(std::string& out, std::string_view text, bool escape_quotes) {
    for (char const c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && escape_quotes)
            out += "\\\"";
        else
            out += c;
    }
}

// {a="1",b="2"} with an optional trailing le label; nothing at all when there are no labels.
std::string format_labels(MetricLabels const& labels, std::string const* le = nullptr) {
    if (labels.empty() && le == nullptr)
        return {};
    std::string out = "{";
    bool first = true;
    auto add = [&](std::string const& name, std::string const& value) {
        if (!first)
            out += ',';
        first = false;
        out += name;
        out += "=\"";
        append_escaped(out, value, true);
        out += '"';
    };
    for (auto const& [name, value] : labels)
        add(name, value);
    if (le != nullptr)
        add("le", *le);
    out += '}';
    return out;
}

MetricLabels normalise(MetricLabels labels) {
    std::sort(labels.begin(), labels.end(),
              [](auto const& a, auto const& b) { return a.first < b.first; });
    for (auto const& [name, value] : labels) {
        if (!is_valid_name(name, false) || name.rfind("__", 0) == 0 || name == "le")
            throw std::logic_error("invalid metric label name '" + name + "'");
    }
    return labels;
}

} // namespace

struct MetricsRegistry::Family {
    MetricType type = MetricType::counter;
    std::string help;
    std::vector<double> bounds;
    std::map<MetricLabels, std::unique_ptr<Counter>> counters;
    std::map<MetricLabels, std::unique_ptr<Gauge>> gauges;
    std::map<MetricLabels, std::unique_ptr<Histogram>> histograms;

    void render_samples(std::string const& name, std::string& out) const {
        for (auto const& [labels, counter] : counters)
            out += name + format_labels(labels) + ' ' + format_value(counter->value()) + '\n';
        for (auto const& [labels, gauge] : gauges)
            out += name + format_labels(labels) + ' ' + format_value(gauge->value()) + '\n';
        for (auto const& [labels, histogram] : histograms) {
            auto const snapshot = histogram->snapshot();
            for (std::size_t i = 0; i <= snapshot.bounds.size(); ++i) {
                std::string const le =
                    i < snapshot.bounds.size() ? format_value(snapshot.bounds[i]) : "+Inf";
                out += name + "_bucket" + format_labels(labels, &le) + ' ' +
                       std::to_string(snapshot.cumulative_counts[i]) + '\n';
            }
            out += name + "_sum" + format_labels(labels) + ' ' + format_value(snapshot.sum) + '\n';
            out += name + "_count" + format_labels(labels) + ' ' + std::to_string(snapshot.count) +
                   '\n';
        }
    }
};

void Counter::inc(double amount) {
    if (!(amount > 0.0))
        return;
    m_value.fetch_add(amount, std::memory_order_relaxed);
}

void Gauge::inc(double amount) {
    m_value.fetch_add(amount, std::memory_order_relaxed);
}

Histogram::Histogram(std::vector<double> bounds) : m_bounds(std::move(bounds)) {
    std::sort(m_bounds.begin(), m_bounds.end());
    m_bounds.erase(std::unique(m_bounds.begin(), m_bounds.end()), m_bounds.end());
    // +Inf is always the implicit last bucket; an explicit one would render twice.
    while (!m_bounds.empty() && std::isinf(m_bounds.back()))
        m_bounds.pop_back();
    m_counts.assign(m_bounds.size() + 1, 0);
}

void Histogram::observe(double value) {
    std::lock_guard lock(m_mutex);
    auto const bucket = static_cast<std::size_t>(
        std::lower_bound(m_bounds.begin(), m_bounds.end(), value) - m_bounds.begin());
    ++m_counts[bucket];
    m_sum += value;
    ++m_count;
}

Histogram::Snapshot Histogram::snapshot() const {
    std::lock_guard lock(m_mutex);
    Snapshot snapshot;
    snapshot.bounds = m_bounds;
    snapshot.sum = m_sum;
    snapshot.count = m_count;
    std::uint64_t running = 0;
    for (auto const count : m_counts) {
        running += count;
        snapshot.cumulative_counts.push_back(running);
    }
    return snapshot;
}

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

namespace {

MetricsRegistry::Family&
family_for(std::map<std::string, std::unique_ptr<MetricsRegistry::Family>>& families,
           std::string const& name, std::string const& help, MetricType type) {
    if (!is_valid_name(name, true))
        throw std::logic_error("invalid metric name '" + name + "'");
    auto [it, inserted] = families.try_emplace(name);
    if (inserted) {
        it->second = std::make_unique<MetricsRegistry::Family>();
        it->second->type = type;
        it->second->help = help;
    } else if (it->second->type != type) {
        throw std::logic_error("metric '" + name + "' is already registered as a " +
                               type_name(it->second->type));
    }
    return *it->second;
}

} // namespace

Counter& MetricsRegistry::counter(std::string const& name, std::string const& help,
                                  MetricLabels labels) {
    std::lock_guard lock(m_mutex);
    auto& family = family_for(m_families, name, help, MetricType::counter);
    auto& slot = family.counters[normalise(std::move(labels))];
    if (!slot)
        slot = std::make_unique<Counter>();
    return *slot;
}

Gauge& MetricsRegistry::gauge(std::string const& name, std::string const& help,
                              MetricLabels labels) {
    std::lock_guard lock(m_mutex);
    auto& family = family_for(m_families, name, help, MetricType::gauge);
    auto& slot = family.gauges[normalise(std::move(labels))];
    if (!slot)
        slot = std::make_unique<Gauge>();
    return *slot;
}

Histogram& MetricsRegistry::histogram(std::string const& name, std::string const& help,
                                      std::vector<double> bounds, MetricLabels labels) {
    std::lock_guard lock(m_mutex);
    auto& family = family_for(m_families, name, help, MetricType::histogram);
    if (family.histograms.empty())
        family.bounds = bounds;
    auto& slot = family.histograms[normalise(std::move(labels))];
    if (!slot)
        slot = std::make_unique<Histogram>(family.bounds);
    return *slot;
}

void MetricsRegistry::add_collector(std::function<void(MetricsRegistry&)> collector) {
    std::lock_guard lock(m_mutex);
    m_collectors.push_back(std::move(collector));
}

std::string MetricsRegistry::render() const {
    std::vector<std::function<void(MetricsRegistry&)>> collectors;
    {
        std::lock_guard lock(m_mutex);
        collectors = m_collectors;
    }
    // Collectors run without our lock held: they may read other parts that record metrics here.
    MetricsRegistry scrape;
    for (auto const& collector : collectors)
        collector(scrape);

    std::lock_guard lock(m_mutex);
    std::lock_guard scrape_lock(scrape.m_mutex);
    std::map<std::string, std::vector<Family const*>> merged;
    for (auto const& [name, family] : m_families)
        merged[name].push_back(family.get());
    for (auto const& [name, family] : scrape.m_families) {
        auto& list = merged[name];
        // A collector reusing a name with another type would render an invalid family; the
        // registered one wins.
        if (list.empty() || list.front()->type == family->type)
            list.push_back(family.get());
    }

    std::string out;
    for (auto const& [name, families] : merged) {
        out += "# HELP " + name + ' ';
        append_escaped(out, families.front()->help, false);
        out += "\n# TYPE " + name + ' ' + type_name(families.front()->type) + '\n';
        for (auto const* family : families)
            family->render_samples(name, out);
    }
    return out;
}

std::vector<double> default_latency_buckets() {
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

} // namespace sb
