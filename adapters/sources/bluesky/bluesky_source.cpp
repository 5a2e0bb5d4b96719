// SPDX-License-Identifier: Apache-2.0
// Newest-first notification pages, read back to the last one seen. The marker of the newest
// notification is stored only once everything down to the previous marker is ingested, so a
// crash or an error in the middle of a backlog re-reads it (and the core drops the duplicates)
// rather than skipping it.
#include "adapters/sources/bluesky/bluesky_source.hpp"

#include "adapters/sources/bluesky/bluesky_session.hpp"
#include "adapters/sources/common/poll_loop.hpp"
#include "adapters/sources/common/rate_limit.hpp"
#include "adapters/sources/common/source_settings.hpp"
#include "adapters/sources/common/source_status.hpp"
#include "bot/ports/clock.hpp"
#include "bot/store/store.hpp"
#include "bot/util/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

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

PollLoop::Timing timing(Seconds interval) {
    PollLoop::Timing timing;
    timing.interval = interval;
    return timing;
}

PollResult retry(std::string error, std::optional<Instant> not_before = std::nullopt) {
    return {PollResult::Outcome::retry, std::move(error), not_before, false};
}

class BlueskySource final : public Source {
public:
    BlueskySource(BlueskySourceSettings settings, SourceDeps& deps)
        : m_settings(std::move(settings)), m_clock(deps.clock), m_store(deps.store),
          m_sink(deps.sink), m_session(deps.http, m_settings.service_url, m_settings.identifier,
                                       m_settings.app_password),
          m_status(m_settings.id, "bluesky", deps.metrics),
          m_loop(deps.clock, deps.timers, m_status, timing(m_settings.interval),
                 [this](PollLoop::Done done) { poll(std::move(done)); }) {}

    ~BlueskySource() override { *m_alive = false; }
    BlueskySource(BlueskySource const&) = delete;
    BlueskySource& operator=(BlueskySource const&) = delete;

    std::string const& name() const override { return m_settings.id; }
    void start() override { m_loop.start(); }
    void stop() override { m_loop.stop(); }
    AdapterHealth health() const override { return m_status.health(); }
    SourceStatus status() const override { return m_status.status(); }

private:
    // Where a backlog that did not fit in one poll goes on.
    struct Backlog {
        std::string page_cursor;
        Marker newest;
    };

    void poll(PollLoop::Done done) {
        m_pages_left = m_settings.pages_per_poll;
        fetch(std::move(done));
    }

    void fetch(PollLoop::Done done) {
        std::string query = "app.bsky.notification.listNotifications?limit=" +
                            std::to_string(m_settings.page_limit) +
                            "&reasons=mention&reasons=reply&reasons=quote";
        if (m_backlog && !m_backlog->page_cursor.empty())
            query += "&cursor=" + url_encode(m_backlog->page_cursor);
        std::weak_ptr<bool> alive = m_alive;
        m_session.get(query, [this, alive, done = std::move(done)](auto response) {
            if (!alive.expired())
                done_with(done, handle(response, done));
        });
    }

    // Returns the poll's result, or nothing when another page was requested.
    std::optional<PollResult> handle(Result<OutboundResponse> const& response,
                                     PollLoop::Done const& done) {
        auto now = m_clock.now();
        if (!response) {
            if (response.error().code == ErrorCode::unauthorized)
                return PollResult{PollResult::Outcome::fatal, response.error().message, {}, false};
            return retry("Bluesky could not be reached: " + response.error().message);
        }
        auto limit = rate_limit_until(*response, now);
        if (response->status == 429)
            return retry("Bluesky rate limit reached", limit);
        if (response->status >= 500)
            return retry("Bluesky answered " +
                         bluesky_error_text(response->status, response->body));
        if (response->status != 200)
            return PollResult{PollResult::Outcome::fatal,
                              "Bluesky refused listNotifications: " +
                                  bluesky_error_text(response->status, response->body),
                              limit, false};
        auto page = parse_bluesky_notifications(response->body, m_settings.id, m_settings.account);
        if (!page)
            return retry(page.error().message);

        auto read = m_store.cursor(m_settings.id);
        if (!read)
            return retry("cannot read the cursor from the store: " + read.error().message);
        auto stored = decode_marker(*read);
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
        for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) {
            auto ingested = m_sink.ingest(*it);
            if (!ingested)
                return retry("could not store Bluesky mention " + it->external_id + ": " +
                             ingested.error().message);
            m_status.mention(it->created_at, now);
        }
        if (reached || page->cursor.empty()) {
            if (m_backlog) {
                auto saved =
                    m_store.set_cursor(m_settings.id, encode_marker(m_backlog->newest), now);
                if (!saved)
                    return retry("could not save the Bluesky cursor: " + saved.error().message);
            }
            m_backlog.reset();
            return PollResult{PollResult::Outcome::ok, {}, limit, false};
        }
        m_backlog->page_cursor = page->cursor;
        if (--m_pages_left > 0 && !limit) {
            fetch(done);
            return std::nullopt;
        }
        return PollResult{PollResult::Outcome::ok, {}, limit, true};
    }

    void done_with(PollLoop::Done const& done, std::optional<PollResult> result) const {
        if (!result)
            return;
        if (result->outcome == PollResult::Outcome::fatal)
            spdlog::error("bluesky source {}: {}", m_settings.id, result->error);
        else if (result->outcome == PollResult::Outcome::retry)
            spdlog::warn("bluesky source {}: {}", m_settings.id, result->error);
        done(std::move(*result));
    }

    BlueskySourceSettings m_settings;
    Clock const& m_clock;
    Store& m_store;
    MentionSink& m_sink;
    BlueskySession m_session;
    SourceStatusTracker m_status;
    PollLoop m_loop;
    std::optional<Backlog> m_backlog;
    int m_pages_left = 0;
    // Whether this object is still alive when an HTTP completion arrives.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace

namespace {

Result<BlueskySourceSettings> parse_bluesky_settings(SourceSettings const& settings) {
    auto const& source = settings.source();
    SB_TRY(settings.only_keys({"service_url", "identifier", "app_password", "interval"}));
    BlueskySourceSettings out;
    out.id = source.id;
    out.service_url = SB_TRY(settings.url("service_url", out.service_url));
    out.identifier = SB_TRY(settings.text("identifier"));
    out.app_password = SB_TRY(settings.secret("app_password"));
    out.interval = SB_TRY(settings.duration("interval", Seconds{60}, Seconds{10}));
    out.account = settings.text_or("account", out.identifier);
    return out;
}

Result<std::unique_ptr<Source>> create_bluesky(BlueskySourceSettings settings, SourceDeps& deps) {
    return create_bluesky_source(std::move(settings), deps);
}

} // namespace

Result<BlueskySourceSettings> read_bluesky_settings(config::Source const& source,
                                                    std::string const& config_path) {
    return parse_bluesky_settings(SourceSettings(source, config_path));
}

SourceEntry bluesky_source_entry() {
    return make_source_entry<BlueskySourceSettings, parse_bluesky_settings, create_bluesky>(
        "bluesky");
}

std::unique_ptr<Source> create_bluesky_source(BlueskySourceSettings settings, SourceDeps& deps) {
    return std::make_unique<BlueskySource>(std::move(settings), deps);
}

Result<std::unique_ptr<Source>> make_bluesky_source(config::Source const& source,
                                                    SourceDeps& deps) {
    auto settings = read_bluesky_settings(source, deps.config.path);
    if (!settings)
        return unexpected(settings.error());
    return create_bluesky_source(std::move(*settings), deps);
}

} // namespace sb
