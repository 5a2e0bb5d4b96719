// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/notifications?types[]=mention&min_id=<cursor>: with min_id the server returns the
// page right after the cursor (newest first inside the page), and the Link header's rel="prev"
// points at the next newer page; rel="next" would walk back into the past.
#include "adapters/sources/mastodon/mastodon_catch_up.hpp"

#include "adapters/sources/common/rate_limit.hpp"

#include <spdlog/spdlog.h>

#include <cctype>

namespace sb::mastodon {
namespace {

// A cursor that means "before every notification": the server compares ids, never we.
constexpr char const* from_the_start = "0";

std::string encode(std::string const& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
    return out;
}

PollResult retry(std::string error, std::optional<Instant> not_before = std::nullopt) {
    PollResult result;
    result.outcome = PollResult::Outcome::retry;
    result.error = std::move(error);
    result.not_before = not_before;
    return result;
}

PollResult fatal(std::string error) {
    PollResult result;
    result.outcome = PollResult::Outcome::fatal;
    result.error = std::move(error);
    return result;
}

} // namespace

CatchUp::CatchUp(CatchUpSettings settings, Origin origin, HttpClient& http, CursorStore& store,
                 Clock const& clock, Deliver deliver)
    : m_settings(std::move(settings)), m_origin(std::move(origin)), m_http(http), m_store(store),
      m_clock(clock), m_deliver(std::move(deliver)) {}

CatchUp::~CatchUp() {
    *m_alive = false;
}

OutboundRequest CatchUp::request(std::string const& query) const {
    OutboundRequest request;
    request.url = m_settings.base_url + "/api/v1/notifications?types%5B%5D=mention&" + query;
    request.headers.emplace_back("Authorization", "Bearer " + m_settings.access_token);
    request.headers.emplace_back("Accept", "application/json");
    return request;
}

void CatchUp::poll(PollLoop::Done done) {
    auto stored = m_store.cursor(cursor_key());
    if (!stored) {
        done(retry("cannot read the cursor from the store: " + stored.error().message));
        return;
    }
    auto const cursor = *stored;
    // The first start takes what is already there as seen: a new source must not flood the
    // room with last year's mentions.
    bool baseline = !cursor;
    auto query =
        baseline ? std::string("limit=1")
                 : "min_id=" + encode(*cursor) + "&limit=" + std::to_string(m_settings.page_size);
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(request(query), [this, alive, baseline, done](Result<OutboundResponse> response) {
        if (alive.expired())
            return;
        on_page(response, baseline, done);
    });
}

void CatchUp::on_page(Result<OutboundResponse> const& response, bool baseline,
                      PollLoop::Done const& done) {
    auto now = m_clock.now();
    if (!response) {
        done(retry("cannot reach " + m_settings.base_url + ": " + response.error().message));
        return;
    }
    auto not_before = rate_limit_until(*response, now);
    auto status = response->status;
    if (status == 401) {
        done(fatal(
            "Mastodon refused the access token: " + api_error_message(status, response->body) +
            "; create a new one with the scopes read:notifications and read:statuses"));
        return;
    }
    if (status == 403) {
        done(fatal("the access token may not read notifications: " +
                   api_error_message(status, response->body) +
                   "; grant the scopes read:notifications and read:statuses"));
        return;
    }
    if (status == 404) {
        done(fatal("no Mastodon API at " + m_settings.base_url + " (" +
                   api_error_message(status, response->body) + "); check base_url"));
        return;
    }
    if (status != 200) {
        done(retry("notifications: " + api_error_message(status, response->body), not_before));
        return;
    }
    auto page = parse_notifications(response->body, m_origin);
    if (!page) {
        done(retry("notifications: " + page.error().message, not_before));
        return;
    }

    PollResult result;
    result.not_before = not_before;
    if (page->empty()) {
        if (baseline) {
            auto saved = m_store.set_cursor(cursor_key(), from_the_start, now);
            if (!saved) {
                done(retry("cannot store the cursor: " + saved.error().message, not_before));
                return;
            }
        }
        done(result);
        return;
    }
    // min_id pages come newest first; the prev link carries the newest id of this page.
    auto newest =
        link_parameter(response->header("link"), "prev", "min_id").value_or(page->front().id);
    if (baseline) {
        spdlog::info("mastodon {}: first start; mentions up to notification {} count as seen",
                     m_origin.source, newest);
    } else {
        for (auto it = page->rbegin(); it != page->rend(); ++it) {
            if (!it->mention)
                continue;
            if (!m_deliver(*it->mention)) {
                // The cursor stays put, so the next attempt reads this page again.
                done(retry("the core could not store a mention; will read again", not_before));
                return;
            }
        }
    }
    auto saved = m_store.set_cursor(cursor_key(), newest, now);
    if (!saved) {
        done(retry("cannot store the cursor: " + saved.error().message, not_before));
        return;
    }
    result.more = !baseline;
    done(result);
}

} // namespace sb::mastodon
