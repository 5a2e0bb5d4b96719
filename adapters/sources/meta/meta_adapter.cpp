// SPDX-License-Identifier: Apache-2.0
// Verification, signature checks, the durable inbox and Graph API look-ups of the Meta source.
#include "adapters/sources/meta/meta_adapter.hpp"

#include "adapters/sources/common/hook_routes.hpp"
#include "base/backoff.hpp"
#include "base/hmac.hpp"
#include "base/safe_text.hpp"
#include "base/text.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/http.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/timer_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

namespace sb {

namespace {

constexpr std::string_view signature_header = "X-Hub-Signature-256";
constexpr Seconds max_backoff{15 * 60};
constexpr Backoff retry_backoff{Seconds{5}, max_backoff};
// Entries left from an earlier run may wait for a retry time this process does not know.
constexpr Seconds leftover_sweep{60};
constexpr int store_retry_after_seconds = 5;

// Graph API error codes that mean "later": throttling of the app, the user or the Page, and
// temporary outages (developers.facebook.com/docs/graph-api/guides/error-handling).
bool graph_retryable(int code) {
    return code == 1 || code == 2 || code == 4 || code == 17 || code == 32 || code == 341 ||
           code == 613 || code == 0;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    });
    return text;
}

std::string query_value(HttpRequest const& request, std::string const& key) {
    auto const it = request.query.find(key);
    return it == request.query.end() ? std::string() : it->second;
}

} // namespace

MetaSource::MetaSource(MetaSettings settings, SourceDeps& deps)
    : m_settings(std::move(settings)), m_wire{m_settings.id, m_settings.account}, m_deps(deps),
      m_inbox(deps.inbox), m_status(m_settings.id, "meta", deps.metrics) {
    add_hook_route(deps.router, deps.metrics, "GET", m_settings.id, m_alive,
                   [this](HttpRequest const& request) { return verify(request); });
    add_hook_route(deps.router, deps.metrics, "POST", m_settings.id, m_alive,
                   [this](HttpRequest const& request) { return receive(request); });
}

MetaSource::~MetaSource() {
    *m_alive = false;
    if (m_timer)
        m_deps.timers.cancel(*m_timer);
}

Seconds MetaSource::backoff(int attempts) {
    return std::chrono::duration_cast<Seconds>(retry_backoff.delay(attempts));
}

void MetaSource::start() {
    m_running = true;
    // Deliveries stored before a restart (or a crash) are processed now.
    drain_at(m_deps.clock.now());
}

void MetaSource::stop() {
    m_running = false;
    if (m_timer)
        m_deps.timers.cancel(*m_timer);
    m_timer.reset();
    m_timer_at.reset();
}

HttpResponse MetaSource::verify(HttpRequest const& request) const {
    auto const mode = query_value(request, "hub.mode");
    auto const token = query_value(request, "hub.verify_token");
    auto const challenge = query_value(request, "hub.challenge");
    if (mode != "subscribe" || !constant_time_equal(token, m_settings.verify_token) ||
        challenge.empty()) {
        // Neither the mode nor the token is logged: both are chosen by whoever calls.
        spdlog::warn("meta {}: refused a verification request", m_settings.id);
        return HttpResponse::text(403, "verification failed");
    }
    spdlog::info("meta {}: webhook subscription verified", m_settings.id);
    return HttpResponse::text(200, challenge);
}

HttpResponse MetaSource::receive(HttpRequest const& request) {
    auto const now = m_deps.clock.now();
    if (request.body.size() > m_settings.max_body_bytes)
        return HttpResponse::error(413, "body is " + std::to_string(request.body.size()) +
                                            " bytes; the limit is " +
                                            std::to_string(m_settings.max_body_bytes));
    // Checked on the raw bytes before any parsing: Meta signs the body exactly as sent.
    auto const header = request.header(signature_header);
    constexpr std::string_view scheme = "sha256=";
    if (header.size() <= scheme.size() || lower(header.substr(0, scheme.size())) != scheme)
        return HttpResponse::error(401, "missing " + std::string(signature_header) +
                                            " header (sha256=<hex HMAC-SHA256 of the body>)");
    if (!constant_time_equal(lower(header.substr(scheme.size())),
                             hmac_sha256_hex(m_settings.app_secret, request.body))) {
        spdlog::warn("meta {}: a delivery's signature does not match its body", m_settings.id);
        return HttpResponse::error(401, std::string(signature_header) + " does not match the body");
    }
    auto const added = m_inbox.add(m_settings.id, request.body, now);
    if (!added) {
        spdlog::warn("meta {}: could not store a delivery: {}", m_settings.id,
                     added.error().to_string());
        auto response = HttpResponse::error(503, "the delivery could not be stored; retry later");
        response.headers.emplace_back("Retry-After", std::to_string(store_retry_after_seconds));
        return response;
    }
    drain_at(now);
    return HttpResponse::text(200, "EVENT_RECEIVED");
}

void MetaSource::drain_at(Instant at) {
    if (!m_running || (m_timer && m_timer_at && *m_timer_at <= at))
        return;
    if (m_timer)
        m_deps.timers.cancel(*m_timer);
    m_timer_at = at;
    m_timer = m_deps.timers.schedule(at, [this, alive = m_alive] {
        if (!*alive)
            return;
        m_timer.reset();
        m_timer_at.reset();
        drain();
    });
}

void MetaSource::drain() {
    if (!m_running || m_busy)
        return;
    auto const now = m_deps.clock.now();
    m_retries.erase(m_retries.begin(), m_retries.upper_bound(now));
    auto due = m_inbox.due(m_settings.id, now, 1);
    if (!due) {
        // The payloads stay in the inbox; they are read again after the sweep's wait.
        spdlog::error("meta {}: {}; trying again in {}", m_settings.id, due.error().message,
                      format_duration(leftover_sweep));
        drain_at(now + leftover_sweep);
        return;
    }
    if (due->empty()) {
        auto waiting = m_inbox.depth(m_settings.id);
        if (!waiting || *waiting > 0)
            drain_at(m_retries.empty() ? now + leftover_sweep : *m_retries.begin());
        return;
    }
    process(due->front());
}

bool MetaSource::ingest(Mention const& mention, std::string& error) {
    auto const outcome = m_deps.sink.ingest(mention);
    if (outcome) {
        m_status.mention(mention.created_at, m_deps.clock.now());
        return true;
    }
    if (outcome.error().code == ErrorCode::invalid_argument) {
        // Retrying cannot mend a mention the core refuses; the others of the body still count.
        spdlog::error("meta {}: the core refused {} {}: {}", m_settings.id,
                      terminal_safe(mention.platform), terminal_safe(mention.external_id),
                      terminal_safe(outcome.error().to_string()));
        return true;
    }
    error = "could not store " + mention.platform + " " + mention.external_id + ": " +
            outcome.error().message;
    return false;
}

void MetaSource::process(InboxEntry const& entry) {
    m_busy = true;
    auto parsed = parse_meta_delivery(entry.payload, m_wire);
    if (!parsed) {
        // Signed by Meta yet unreadable: no retry will change that, so it is logged and dropped.
        spdlog::error("meta {}: dropped delivery {}: {}", m_settings.id, entry.id,
                      parsed.error().to_string());
        m_status.failed(m_deps.clock.now(), parsed.error().message);
        entry_done(entry.id, false);
        return;
    }
    for (auto const& mention : parsed->mentions) {
        std::string error;
        if (!ingest(mention, error))
            return entry_failed(entry.id, entry.attempts, error);
    }
    if (parsed->lookups.empty())
        return entry_done(entry.id, true);
    if (m_settings.access_token.empty())
        return entry_failed(entry.id, entry.attempts,
                            "an Instagram @mention needs the access_token setting to be read",
                            true);
    lookup_next(entry.id,
                std::make_shared<std::vector<InstagramMentionLookup>>(std::move(parsed->lookups)),
                entry.attempts);
}

void MetaSource::lookup_next(std::int64_t entry_id,
                             std::shared_ptr<std::vector<InstagramMentionLookup>> rest,
                             int attempts) {
    if (rest->empty())
        return entry_done(entry_id, true);
    auto const lookup = rest->front();
    rest->erase(rest->begin());
    auto const query = instagram_mention_query(lookup);
    OutboundRequest request;
    request.method = "GET";
    request.url = m_settings.graph_url + query.path + "?fields=" + url_encode(query.fields) +
                  "&access_token=" + url_encode(m_settings.access_token);
    request.timeout = std::chrono::seconds(20);
    m_deps.http.send(std::move(request), [this, alive = m_alive, entry_id, rest, attempts,
                                          lookup](Result<OutboundResponse> response) {
        if (!*alive)
            return;
        if (!m_running) {
            m_busy = false; // left in the inbox for the next start
            return;
        }
        if (!response)
            return entry_failed(entry_id, attempts,
                                "Graph API unreachable: " + response.error().message);
        if (response->status != 200) {
            auto const error = parse_graph_error(response->body);
            auto const message = "Graph API answered " + std::to_string(response->status) +
                                 " (code " + std::to_string(error.code) + "): " + error.message;
            bool const for_good = response->status < 500 && !graph_retryable(error.code);
            return entry_failed(entry_id, attempts, message, for_good);
        }
        auto mention = parse_instagram_mention(response->body, lookup, m_wire);
        if (!mention)
            return entry_failed(entry_id, attempts, mention.error().message);
        std::string error;
        if (!ingest(*mention, error))
            return entry_failed(entry_id, attempts, error);
        lookup_next(entry_id, rest, attempts);
    });
}

void MetaSource::entry_done(std::int64_t entry_id, bool succeeded) {
    auto const now = m_deps.clock.now();
    if (auto done = m_inbox.done(entry_id); !done)
        spdlog::warn("meta {}: could not clear delivery {}: {}", m_settings.id, entry_id,
                     done.error().to_string());
    if (succeeded)
        m_status.succeeded(now);
    m_busy = false;
    drain_at(now);
}

void MetaSource::entry_failed(std::int64_t entry_id, int attempts, std::string const& error,
                              bool for_good) {
    auto const now = m_deps.clock.now();
    // A failure that needs a person still keeps the delivery: fixed and restarted, it is read.
    auto const next = now + (for_good ? max_backoff : backoff(attempts + 1));
    spdlog::warn("meta {}: delivery {} failed, retrying at {}: {}", m_settings.id, entry_id,
                 format_instant(next), error);
    if (auto retried = m_inbox.retry(entry_id, next, error); !retried)
        spdlog::warn("meta {}: could not reschedule delivery {}: {}", m_settings.id, entry_id,
                     retried.error().to_string());
    if (for_good)
        m_status.failed_for_good(now, error);
    else
        m_status.failed(now, error);
    m_status.backing_off(next);
    m_retries.insert(next);
    m_busy = false;
    drain_at(now);
}

} // namespace sb
