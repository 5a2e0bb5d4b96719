// SPDX-License-Identifier: Apache-2.0
// Keeps a source's status for /readyz and /metrics: successes, errors, newest mention.
#pragma once

#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/source.hpp"

#include <string>

namespace sb {

class SourceStatusTracker {
public:
    // Registers the source's series in metrics; the registry must outlive the tracker.
    SourceStatusTracker(std::string source, std::string type, MetricsRegistry& metrics);

    void succeeded(Instant now);
    // A failure that retrying may cure (network, 5xx, rate limit).
    void failed(Instant now, std::string const& error);
    // A failure that needs a person (a rejected token, a missing permission).
    void failed_for_good(Instant now, std::string const& error);
    // A mention created at the platform at created_at and handed to the core at now.
    void mention(Instant created_at, Instant now);
    void backing_off(Instant until);

    SourceStatus const& status() const { return m_status; }
    AdapterHealth health() const;

private:
    void publish();

    std::string m_source;
    SourceStatus m_status;
    int m_consecutive_failures = 0;
    Gauge& m_up;
    Gauge& m_last_success;
    Gauge& m_lag;
    Counter& m_errors;
    Counter& m_mentions;
};

} // namespace sb
