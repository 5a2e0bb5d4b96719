// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/common/source_status.hpp"

namespace sb {

namespace {
// A single failed poll is normal weather; three in a row is worth a red /readyz.
constexpr int failures_until_unready = 3;
} // namespace

SourceStatusTracker::SourceStatusTracker(std::string source, std::string type,
                                         MetricsRegistry& metrics)
    : m_source(std::move(source)),
      m_up(metrics.gauge("switchboard_source_up",
                         "1 while the source reads its platform without errors",
                         {{"source", m_source}, {"type", type}})),
      m_last_success(metrics.gauge("switchboard_source_last_success_timestamp_seconds",
                                   "Unix time of the source's last successful read",
                                   {{"source", m_source}})),
      m_lag(metrics.gauge("switchboard_source_lag_seconds",
                          "Seconds the newest mention took from the platform to switchboard",
                          {{"source", m_source}})),
      m_errors(metrics.counter("switchboard_source_errors_total",
                               "Failed reads of the platform, by source", {{"source", m_source}})),
      m_mentions(metrics.counter("switchboard_source_mentions_total",
                                 "Mentions handed to the core, duplicates included",
                                 {{"source", m_source}})) {}

void SourceStatusTracker::succeeded(Instant now) {
    m_consecutive_failures = 0;
    m_status.state = "ok";
    m_status.last_success = now;
    m_status.next_attempt_at.reset();
    publish();
}

void SourceStatusTracker::failed(Instant now, std::string const& error) {
    (void)now;
    ++m_consecutive_failures;
    ++m_status.errors;
    m_status.last_error = error;
    if (m_status.state != "failed")
        m_status.state = "backing_off";
    m_errors.inc();
    publish();
}

void SourceStatusTracker::failed_for_good(Instant now, std::string const& error) {
    failed(now, error);
    m_status.state = "failed";
    publish();
}

void SourceStatusTracker::mention(Instant created_at, Instant now) {
    ++m_status.mentions;
    m_mentions.inc();
    if (!m_status.newest_mention_at || created_at >= *m_status.newest_mention_at) {
        m_status.newest_mention_at = created_at;
        m_status.lag = std::max(Seconds{0}, now - created_at);
        m_lag.set(static_cast<double>(m_status.lag->count()));
    }
    publish();
}

void SourceStatusTracker::backing_off(Instant until) {
    m_status.next_attempt_at = until;
}

AdapterHealth SourceStatusTracker::health() const {
    if (m_status.state == "failed")
        return {false, m_status.last_error};
    if (m_consecutive_failures >= failures_until_unready)
        return {false, std::to_string(m_consecutive_failures) +
                           " reads failed in a row; last: " + m_status.last_error};
    return {true, {}};
}

void SourceStatusTracker::publish() {
    m_up.set(m_status.state == "ok" ? 1.0 : 0.0);
    if (m_status.last_success) {
        m_last_success.set(static_cast<double>(m_status.last_success->time_since_epoch().count()));
    }
}

} // namespace sb
