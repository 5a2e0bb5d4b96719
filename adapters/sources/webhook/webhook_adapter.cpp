// SPDX-License-Identifier: Apache-2.0
// Authentication, limits and ingestion for the generic webhook source.
#include "adapters/sources/webhook/webhook_adapter.hpp"

#include "adapters/sources/common/hook_routes.hpp"
#include "adapters/sources/webhook/webhook_wire.hpp"
#include "base/hmac.hpp"
#include "base/safe_text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace sb {

namespace {

// How long a client should wait after the store failed; short, since a busy store clears fast.
constexpr int store_retry_after_seconds = 5;

constexpr std::array<std::string_view, 5> rejection_reasons{
    "too_large", "bad_signature", "rate_limited", "malformed", "unavailable"};

std::string to_lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    });
    return text;
}

// Checked before the body is parsed: an unauthenticated sender learns nothing about the format.
bool signature_matches(std::string const& secret, std::string const& header,
                       std::string const& body) {
    constexpr std::string_view scheme = "sha256=";
    if (secret.empty() || header.size() <= scheme.size() ||
        to_lower(header.substr(0, scheme.size())) != scheme)
        return false;
    auto const given = to_lower(header.substr(scheme.size()));
    return constant_time_equal(given, hmac_sha256_hex(secret, body));
}

std::optional<Instant> parse_unix_seconds(std::string_view text) {
    if (text.empty() || text.size() > 12)
        return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return Instant(std::chrono::seconds(value));
}

HttpResponse with_retry_after(HttpResponse response, Seconds wait) {
    response.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return response;
}

HttpResponse bad_request(Error const& error) {
    nlohmann::json body = {{"error", error.message}};
    if (!error.context.empty())
        body["field"] = error.context;
    return HttpResponse::json(400,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Counter& mentions_counter(MetricsRegistry& metrics, std::string const& name,
                          std::string const& outcome) {
    return metrics.counter("switchboard_webhook_mentions_total",
                           "Mentions received by webhook, by source and outcome.",
                           {{"source", name}, {"outcome", outcome}});
}

} // namespace

WebhookTokenBucket::WebhookTokenBucket(int per_minute)
    : m_per_minute(per_minute), m_tokens(per_minute) {}

std::optional<Seconds> WebhookTokenBucket::take(Instant now) {
    if (m_per_minute <= 0)
        return std::nullopt;
    if (m_last) {
        // A clock stepping back grants nothing rather than a negative refill.
        auto const elapsed = std::max<double>(0.0, static_cast<double>((now - *m_last).count()));
        m_tokens = std::min<double>(m_per_minute, m_tokens + elapsed * m_per_minute / 60.0);
    }
    m_last = now;
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return std::nullopt;
    }
    auto const wait = std::ceil((1.0 - m_tokens) * 60.0 / m_per_minute);
    return Seconds(std::max<long>(1, static_cast<long>(wait)));
}

WebhookSource::WebhookSource(WebhookSourceSettings settings, HttpRouter& router, MentionSink& sink,
                             Clock const& clock, MetricsRegistry& metrics)
    : m_settings(std::move(settings)), m_sink(sink), m_clock(clock),
      m_status(m_settings.name, "webhook", metrics), m_bucket(m_settings.rate_limit_per_minute),
      m_accepted(mentions_counter(metrics, m_settings.name, "accepted")),
      m_duplicate(mentions_counter(metrics, m_settings.name, "duplicate")) {
    if (m_settings.secret.empty())
        spdlog::error("webhook source '{}' has no secret; every request to it is refused",
                      m_settings.name);
    for (auto const reason : rejection_reasons) {
        m_rejected.emplace(
            std::string(reason),
            &metrics.counter("switchboard_webhook_rejected_total",
                             "Webhook requests refused, by source and reason.",
                             {{"source", m_settings.name}, {"reason", std::string(reason)}}));
    }
    add_hook_route(router, metrics, "POST", m_settings.name, m_alive,
                   [this](HttpRequest const& request) { return receive(request); });
}

WebhookSource::~WebhookSource() {
    *m_alive = false;
}

void WebhookSource::start() {
    // Nothing to connect to: the source is ready once the server that carries its route is.
    m_status.succeeded(m_clock.now());
}

AdapterHealth WebhookSource::health() const {
    if (m_settings.secret.empty())
        return {false, "no secret; every request is refused"};
    return m_status.health();
}

void WebhookSource::reject(std::string_view reason) const {
    if (auto const it = m_rejected.find(reason); it != m_rejected.end())
        it->second->inc();
}

HttpResponse WebhookSource::receive(HttpRequest const& request) {
    if (request.body.size() > m_settings.max_body_bytes) {
        reject("too_large");
        return HttpResponse::error(413, "body is " + std::to_string(request.body.size()) +
                                            " bytes; source '" + m_settings.name + "' accepts " +
                                            std::to_string(m_settings.max_body_bytes));
    }

    if (auto refused = refuse_unauthenticated(request)) {
        reject("bad_signature");
        return std::move(*refused);
    }

    // Limited after authentication, so a stranger cannot spend a real sender's allowance.
    if (auto const wait = m_bucket.take(m_clock.now())) {
        reject("rate_limited");
        return with_retry_after(
            HttpResponse::error(429, "source '" + m_settings.name + "' is limited to " +
                                         std::to_string(m_settings.rate_limit_per_minute) +
                                         " requests a minute"),
            *wait);
    }

    auto mention = parse_webhook_mention(request.body, m_settings.name);
    if (!mention) {
        reject("malformed");
        return bad_request(mention.error());
    }
    return store(*mention);
}

std::optional<HttpResponse>
WebhookSource::refuse_unauthenticated(HttpRequest const& request) const {
    auto const signature = request.header(webhook_signature_header);
    if (signature.empty())
        return HttpResponse::error(401, "missing " + std::string(webhook_signature_header) +
                                            " header (sha256=<hex HMAC-SHA256 of the body>)");
    auto const timestamp = request.header(webhook_timestamp_header);
    if (timestamp.empty() && m_settings.require_timestamp)
        return HttpResponse::error(401, "missing " + std::string(webhook_timestamp_header) +
                                            " header: source '" + m_settings.name +
                                            "' requires signed Unix-seconds timestamps");
    if (timestamp.empty()) {
        if (!signature_matches(m_settings.secret, signature, request.body))
            return HttpResponse::error(401, std::string(webhook_signature_header) +
                                                " does not match the body");
        return std::nullopt;
    }
    // The timestamp is signed with the body, so it cannot be moved forward on a replay.
    if (!signature_matches(m_settings.secret, signature,
                           std::string(timestamp) + "." + request.body))
        return HttpResponse::error(401, std::string(webhook_signature_header) +
                                            " does not match \"<timestamp>.<body>\" (with " +
                                            std::string(webhook_timestamp_header) +
                                            " the signature covers both)");
    auto const sent = parse_unix_seconds(timestamp);
    auto const now = m_clock.now();
    if (!sent || (*sent > now ? *sent - now : now - *sent) > webhook_timestamp_tolerance)
        return HttpResponse::error(401, std::string(webhook_timestamp_header) + " '" +
                                            std::string(timestamp.substr(0, 20)) +
                                            "' is not Unix seconds within 5 minutes of "
                                            "now; a delayed or replayed request is refused");
    return std::nullopt;
}

HttpResponse WebhookSource::store(Mention const& mention) {
    auto const outcome = m_sink.ingest(mention);
    auto const now = m_clock.now();
    if (!outcome) {
        if (outcome.error().code == ErrorCode::invalid_argument) {
            reject("malformed");
            return bad_request(outcome.error());
        }
        reject("unavailable");
        spdlog::warn("webhook {}: could not store mention {}: {}", m_settings.name,
                     terminal_safe(mention.external_id), outcome.error().to_string());
        m_status.failed(now, "could not store a mention: " + outcome.error().message);
        return with_retry_after(HttpResponse::error(503, "the mention could not be stored now; "
                                                         "retry later"),
                                Seconds(store_retry_after_seconds));
    }
    m_status.succeeded(now);
    m_status.mention(mention.created_at, now);
    if (outcome->created) {
        m_accepted.inc();
        return HttpResponse::json(202, nlohmann::json{{"item_id", outcome->item_id}}.dump());
    }
    m_duplicate.inc();
    return HttpResponse::json(
        200, nlohmann::json{{"item_id", outcome->item_id}, {"duplicate", true}}.dump());
}

} // namespace sb
