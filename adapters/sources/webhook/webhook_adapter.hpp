// SPDX-License-Identifier: Apache-2.0
// The generic webhook source: signed POST /hooks/<source> requests become mentions.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_status.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/http.hpp"
#include "bot/ports/source.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

inline constexpr std::string_view webhook_signature_header = "X-Switchboard-Signature";
inline constexpr std::string_view webhook_timestamp_header = "X-Switchboard-Timestamp";
// How far a signed timestamp may be from now, either way, before the request counts as a replay.
inline constexpr std::chrono::seconds webhook_timestamp_tolerance{300};

struct WebhookSourceSettings {
    std::string name;   // the path segment: POST /hooks/<name>
    std::string secret; // the HMAC-SHA256 key, already read from the environment or a file
    std::size_t max_body_bytes = 1024 * 1024;
    int rate_limit_per_minute = 600; // 0 or less: no limit
    bool require_timestamp = false;  // refuse requests without X-Switchboard-Timestamp
};

// Refills continuously at limit/60 tokens a second and holds at most one minute's allowance,
// so a sender that was quiet may burst up to its whole minute at once.
class WebhookTokenBucket {
public:
    explicit WebhookTokenBucket(int per_minute);
    // Takes a token; when none is left returns the seconds until one will be.
    std::optional<Seconds> take(Instant now);

private:
    int m_per_minute;
    double m_tokens;
    std::optional<Instant> m_last;
};

// One webhook source serves POST /hooks/<name>. Each request is checked in this order: size
// (413), signature "sha256=<hex of HMAC(secret, body)>" (401) — with X-Switchboard-Timestamp
// (Unix seconds) the HMAC is over "<timestamp>.<body>" and a timestamp more than 5 minutes from
// now is refused (401), so a captured request cannot be replayed later —, rate (429 with
// Retry-After), body (400); then sink.ingest(): 202 {"item_id": N} when created,
// 200 {"item_id": N, "duplicate": true} for a duplicate, 503 with Retry-After when the store
// fails. A POST to /hooks/<name> that no source serves is 404.
class WebhookSource final : public Source {
public:
    // Registers the routes; router, sink, clock and metrics must outlive the source.
    WebhookSource(WebhookSourceSettings settings, HttpRouter& router, MentionSink& sink,
                  Clock const& clock, MetricsRegistry& metrics);
    // As every source type is built; deps must outlive the source.
    WebhookSource(WebhookSourceSettings settings, SourceDeps& deps)
        : WebhookSource(std::move(settings), deps.router, deps.sink, deps.clock, deps.metrics) {}
    ~WebhookSource() override;
    WebhookSource(WebhookSource const&) = delete;
    WebhookSource& operator=(WebhookSource const&) = delete;

    std::string const& name() const override { return m_settings.name; }
    void start() override;
    void stop() override {}
    AdapterHealth health() const override;
    SourceStatus status() const override { return m_status.status(); }

private:
    HttpResponse receive(HttpRequest const& request);
    // The 401 for a request whose signature or timestamp does not hold, or nothing.
    std::optional<HttpResponse> refuse_unauthenticated(HttpRequest const& request) const;
    HttpResponse store(Mention const& mention);
    void reject(std::string_view reason) const;

    WebhookSourceSettings m_settings;
    MentionSink& m_sink;
    Clock const& m_clock;
    SourceStatusTracker m_status;
    WebhookTokenBucket m_bucket;
    Counter& m_accepted;
    Counter& m_duplicate;
    std::map<std::string, Counter*, std::less<>> m_rejected;
    // Whether this object is still alive when a route calls back.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
