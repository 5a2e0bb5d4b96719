// SPDX-License-Identifier: Apache-2.0
// The generic webhook source: signed POST /hooks/<source> requests become mentions.
#pragma once

#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/http.hpp"
#include "bot/ports/source.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

inline constexpr std::string_view webhook_signature_header = "X-Switchboard-Signature";
inline constexpr std::string_view webhook_timestamp_header = "X-Switchboard-Timestamp";
inline constexpr std::string_view webhook_path_prefix = "/hooks/";
// How far a signed timestamp may be from now, either way, before the request counts as a replay.
inline constexpr std::chrono::seconds webhook_timestamp_tolerance{300};

struct WebhookSourceSettings {
    std::string name;   // the path segment: POST /hooks/<name>
    std::string secret; // the HMAC-SHA256 key, already read from the environment or a file
    std::size_t max_body_bytes = 1024 * 1024;
    int rate_limit_per_minute = 600; // 0 or less: no limit
    bool require_timestamp = false;  // refuse requests without X-Switchboard-Timestamp
};

// Registers POST /hooks/ once and dispatches by source name. Each request is checked in this
// order: known source (404), size (413), signature "sha256=<hex of HMAC(secret, body)>" (401) —
// with X-Switchboard-Timestamp (Unix seconds) the HMAC is over "<timestamp>.<body>" and a
// timestamp more than 5 minutes from now is refused (401), so a captured request cannot be
// replayed later —,
// rate (429 with Retry-After), body (400); then sink.ingest(): 202 {"item_id": N} when created,
// 200 {"item_id": N, "duplicate": true} for a duplicate, 503 with Retry-After when the store
// fails. sink, clock and metrics must outlive the router.
void add_webhook_routes(HttpRouter& router, std::vector<WebhookSourceSettings> sources,
                        MentionSink& sink, Clock const& clock, MetricsRegistry& metrics);

} // namespace sb
