// SPDX-License-Identifier: Apache-2.0
// Newest-first notification pages, read back to the last one seen. The marker of the newest
// notification is stored only once everything down to the previous marker is ingested, so a
// crash or an error in the middle of a backlog re-reads it (and the core drops the duplicates)
// rather than skipping it.
#include "adapters/sources/bluesky/bluesky_source.hpp"

#include "adapters/sources/bluesky/bluesky_session.hpp"
#include "adapters/sources/common/account_poll_settings.hpp"
#include "adapters/sources/common/polled_source.hpp"
#include "adapters/sources/common/rate_limit.hpp"
#include "base/text.hpp"
#include "bot/ports/clock.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sb {
namespace {

// The last notification handed to the core: its key, and its time for when it is gone.
struct Marker {
    std::string uri;
    std::string indexed_at;
    Instant indexed{};
};

std::optional<Marker> decode_marker(std::optional<std::string> const& stored) {
    if (!stored)
        return std::nullopt;
    auto parsed = nlohmann::json::parse(*stored, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("uri") || !parsed["uri"].is_string())
        return std::nullopt;
    Marker marker{parsed["uri"].get<std::string>(), parsed.value("indexed_at", ""), {}};
    if (auto at = parse_instant(marker.indexed_at))
        marker.indexed = *at;
    return marker;
}

std::string encode_marker(Marker const& marker) {
    return nlohmann::json{{"uri", marker.uri}, {"indexed_at", marker.indexed_at}}.dump();
}

class BlueskySource final : public PolledSource {
public:
    BlueskySource(BlueskySourceSettings settings, SourceDeps& deps)
        : PolledSource(settings.id, "bluesky", deps, PollLoop::Timing{settings.interval}),
          m_settings(std::move(settings)),
          m_session(deps.http, m_settings.service_url, m_settings.identifier,
                    m_settings.app_password) {}

private:
    // Where a backlog that did not fit in one poll goes on.
    struct Backlog {
        std::string page_cursor;
        Marker newest;
    };

    void poll(PollLoop::Done done) override {
        m_pages_left = m_settings.pages_per_poll;
        fetch(std::move(done));
    }

    void fetch(PollLoop::Done done) {
        std::string query = "app.bsky.notification.listNotifications?limit=" +
                            std::to_string(m_settings.page_limit) +
                            "&reasons=mention&reasons=reply&reasons=quote";
        if (m_backlog && !m_backlog->page_cursor.empty())
            query += "&cursor=" + url_encode(m_backlog->page_cursor);
        m_session.get(query, while_alive([this, done = std::move(done)](auto response) {
                          if (auto result = handle(response, done))
                              done(std::move(*result));
                      }));
    }

    // Returns the poll's result, or nothing when another page was requested.
    std::optional<PollResult> handle(Result<OutboundResponse> const& response,
                                     PollLoop::Done const& done) {
        auto now = clock().now();
        if (!response) {
            if (response.error().code == ErrorCode::unauthorized)
                return poll_fatal(response.error().message);
            return poll_retry("Bluesky could not be reached: " + response.error().message);
        }
        auto limit = rate_limit_until(*response, now);
        if (response->status == 429)
            return poll_retry("Bluesky rate limit reached", limit);
        if (response->status >= 500)
            return poll_retry("Bluesky answered " +
                              bluesky_error_text(response->status, response->body));
        if (response->status != 200)
            return poll_fatal("Bluesky refused listNotifications: " +
                                  bluesky_error_text(response->status, response->body),
                              limit);
        auto page = parse_bluesky_notifications(response->body, m_settings.id, m_settings.account);
        if (!page)
            return poll_retry(page.error().message);

        auto saved_marker = load_cursor();
        if (!saved_marker)
            return poll_retry("could not read the Bluesky cursor: " + saved_marker.error().message);
        auto stored = decode_marker(*saved_marker);
        bool reached = !stored; // a first run takes the newest page only
        std::vector<Mention> fresh;
        for (auto const& notification : page->notifications) {
            // The marker's own notification may have been deleted: its time still bounds the walk.
            if (stored &&
                (notification.uri == stored->uri || notification.indexed < stored->indexed)) {
                reached = true;
                break;
            }
            if (!m_backlog)
                m_backlog =
                    Backlog{{}, {notification.uri, notification.indexed_at, notification.indexed}};
            if (notification.mention)
                fresh.push_back(*notification.mention);
        }
        // Oldest first, so cards of a backlog appear in the order they were written.
        for (auto it = fresh.rbegin(); it != fresh.rend(); ++it)
            if (auto ingested = ingest(*it, now); !ingested)
                return poll_retry("could not store Bluesky mention " + it->external_id + ": " +
                                  ingested.error().message);
        if (reached || page->cursor.empty()) {
            auto result = end_walk(m_backlog ? encode_marker(m_backlog->newest) : std::string{},
                                   now, limit, "Bluesky");
            // A backlog whose marker could not be saved is walked again from its first page.
            if (result.outcome == PollResult::Outcome::ok)
                m_backlog.reset();
            return result;
        }
        m_backlog->page_cursor = page->cursor;
        return next_page(m_pages_left, limit, [&] { fetch(done); });
    }

    BlueskySourceSettings m_settings;
    BlueskySession m_session;
    std::optional<Backlog> m_backlog;
    int m_pages_left = 0;
};

} // namespace

namespace {

Result<BlueskySourceSettings> parse_bluesky_settings(SourceSettings const& settings) {
    using S = BlueskySourceSettings;
    return read_account_poll_settings<S>(settings, {"service_url", &S::service_url, "app_password",
                                                    &S::app_password, "identifier", &S::identifier,
                                                    Seconds{10}});
}

} // namespace

Result<BlueskySourceSettings> read_bluesky_settings(config::Source const& source,
                                                    std::string const& config_path) {
    return parse_source_settings<parse_bluesky_settings>(source, config_path);
}

SourceEntry bluesky_source_entry() {
    return source_entry_of<BlueskySource, parse_bluesky_settings>("bluesky");
}

std::unique_ptr<Source> create_bluesky_source(BlueskySourceSettings settings, SourceDeps& deps) {
    return std::make_unique<BlueskySource>(std::move(settings), deps);
}

} // namespace sb
