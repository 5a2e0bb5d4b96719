// SPDX-License-Identifier: Apache-2.0
// Authentication, limits and ingestion for the generic webhook source.
#include "adapters/sources/webhook/webhook_adapter.hpp"

#include "adapters/sources/webhook/webhook_wire.hpp"
#include "base/hmac.hpp"
#include "base/safe_text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

namespace sb {

namespace {

// How long a client should wait after the store failed; short, since a busy store clears fast.
constexpr int store_retry_after_seconds = 5;
// Source names in error messages are cut here: the path is chosen by whoever sends the request.
constexpr std::size_t max_echoed_name = 64;

// Refills continuously at limit/60 tokens a second and holds at most one minute's allowance,
// so a sender that was quiet may burst up to its whole minute at once.
class TokenBucket {
public:
    explicit TokenBucket(int per_minute) : m_per_minute(per_minute), m_tokens(per_minute) {}

    // Takes a token; when none is left returns the seconds until one will be.
    std::optional<Seconds> take(Instant now) {
        if (m_per_minute <= 0)
            return std::nullopt;
        if (m_last) {
            // A clock stepping back grants nothing rather than a negative refill.
            auto const elapsed =
                std::max<double>(0.0, static_cast<double>((now - *m_last).count()));
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

private:
    int m_per_minute;
    double m_tokens;
    std::optional<Instant> m_last;
};

struct SourceState {
    WebhookSourceSettings settings;
    TokenBucket bucket;
    Counter* accepted = nullptr;
    Counter* duplicate = nullptr;
    std::map<std::string, Counter*, std::less<>> rejected;

    void reject(std::string_view reason) const {
        if (auto const it = rejected.find(reason); it != rejected.end())
            it->second->inc();
    }
};

struct WebhookState {
    std::map<std::string, std::unique_ptr<SourceState>, std::less<>> sources;
    Counter* unknown_source = nullptr;
    MentionSink* sink = nullptr;
    Clock const* clock = nullptr;
};

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

HttpResponse handle(WebhookState& state, HttpRequest const& request) {
    std::string_view name = request.path;
    name.remove_prefix(std::min(name.size(), webhook_path_prefix.size()));
    auto const found = state.sources.find(name);
    if (found == state.sources.end()) {
        state.unknown_source->inc();
        auto const echoed = std::string(name.substr(0, max_echoed_name));
        return HttpResponse::error(404, "unknown source '" + echoed + "'");
    }
    auto& source = *found->second;
    auto const& settings = source.settings;

    if (request.body.size() > settings.max_body_bytes) {
        source.reject("too_large");
        return HttpResponse::error(413, "body is " + std::to_string(request.body.size()) +
                                            " bytes; source '" + settings.name + "' accepts " +
                                            std::to_string(settings.max_body_bytes));
    }

    auto const signature = request.header(webhook_signature_header);
    if (signature.empty()) {
        source.reject("bad_signature");
        return HttpResponse::error(401, "missing " + std::string(webhook_signature_header) +
                                            " header (sha256=<hex HMAC-SHA256 of the body>)");
    }
    auto const timestamp = request.header(webhook_timestamp_header);
    if (timestamp.empty() && settings.require_timestamp) {
        source.reject("bad_signature");
        return HttpResponse::error(401, "missing " + std::string(webhook_timestamp_header) +
                                            " header: source '" + settings.name +
                                            "' requires signed Unix-seconds timestamps");
    }
    if (timestamp.empty()) {
        if (!signature_matches(settings.secret, signature, request.body)) {
            source.reject("bad_signature");
            return HttpResponse::error(401, std::string(webhook_signature_header) +
                                                " does not match the body");
        }
    } else {
        // The timestamp is signed with the body, so it cannot be moved forward on a replay.
        if (!signature_matches(settings.secret, signature,
                               std::string(timestamp) + "." + request.body)) {
            source.reject("bad_signature");
            return HttpResponse::error(401, std::string(webhook_signature_header) +
                                                " does not match \"<timestamp>.<body>\" (with " +
                                                std::string(webhook_timestamp_header) +
                                                " the signature covers both)");
        }
        auto const sent = parse_unix_seconds(timestamp);
        auto const now = state.clock->now();
        if (!sent || (*sent > now ? *sent - now : now - *sent) > webhook_timestamp_tolerance) {
            source.reject("bad_signature");
            return HttpResponse::error(401, std::string(webhook_timestamp_header) + " '" +
                                                std::string(timestamp.substr(0, 20)) +
                                                "' is not Unix seconds within 5 minutes of "
                                                "now; a delayed or replayed request is refused");
        }
    }

    // Limited after authentication, so a stranger cannot spend a real sender's allowance.
    if (auto const wait = source.bucket.take(state.clock->now())) {
        source.reject("rate_limited");
        return with_retry_after(
            HttpResponse::error(429, "source '" + settings.name + "' is limited to " +
                                         std::to_string(settings.rate_limit_per_minute) +
                                         " requests a minute"),
            *wait);
    }

    auto mention = parse_webhook_mention(request.body, settings.name);
    if (!mention) {
        source.reject("malformed");
        return bad_request(mention.error());
    }

    auto const outcome = state.sink->ingest(*mention);
    if (!outcome) {
        if (outcome.error().code == ErrorCode::invalid_argument) {
            source.reject("malformed");
            return bad_request(outcome.error());
        }
        source.reject("unavailable");
        spdlog::warn("webhook {}: could not store mention {}: {}", settings.name,
                     terminal_safe(mention->external_id), outcome.error().to_string());
        return with_retry_after(HttpResponse::error(503, "the mention could not be stored now; "
                                                         "retry later"),
                                Seconds(store_retry_after_seconds));
    }
    if (outcome->created) {
        source.accepted->inc();
        return HttpResponse::json(202, nlohmann::json{{"item_id", outcome->item_id}}.dump());
    }
    source.duplicate->inc();
    return HttpResponse::json(
        200, nlohmann::json{{"item_id", outcome->item_id}, {"duplicate", true}}.dump());
}

} // namespace

void add_webhook_routes(HttpRouter& router, std::vector<WebhookSourceSettings> sources,
                        MentionSink& sink, Clock const& clock, MetricsRegistry& metrics) {
    auto state = std::make_shared<WebhookState>();
    state->sink = &sink;
    state->clock = &clock;
    state->unknown_source = &metrics.counter("switchboard_webhook_rejected_total",
                                             "Webhook requests refused, by source and reason.",
                                             {{"source", ""}, {"reason", "unknown_source"}});
    for (auto& settings : sources) {
        if (settings.secret.empty())
            spdlog::error("webhook source '{}' has no secret; every request to it is refused",
                          settings.name);
        auto source = std::make_unique<SourceState>(SourceState{
            settings, TokenBucket(settings.rate_limit_per_minute), nullptr, nullptr, {}});
        auto const name = settings.name;
        source->accepted = &metrics.counter("switchboard_webhook_mentions_total",
                                            "Mentions received by webhook, by source and outcome.",
                                            {{"source", name}, {"outcome", "accepted"}});
        source->duplicate = &metrics.counter("switchboard_webhook_mentions_total",
                                             "Mentions received by webhook, by source and outcome.",
                                             {{"source", name}, {"outcome", "duplicate"}});
        for (auto const reason : rejection_reasons) {
            source->rejected.emplace(
                std::string(reason),
                &metrics.counter("switchboard_webhook_rejected_total",
                                 "Webhook requests refused, by source and reason.",
                                 {{"source", name}, {"reason", std::string(reason)}}));
        }
        state->sources.insert_or_assign(name, std::move(source));
    }
    router.add_route("POST", std::string(webhook_path_prefix),
                     [state](HttpRequest const& request, HttpResponder respond) {
                         respond(handle(*state, request));
                     });
}

} // namespace sb
