// SPDX-License-Identifier: Apache-2.0
// Conditional GETs of one feed on the poll loop; new entries go to the sink oldest first.
#include "adapters/sources/feed/feed_source.hpp"

#include "adapters/sources/common/polled_source.hpp"
#include "adapters/sources/common/rate_limit.hpp"
#include "adapters/sources/common/source_settings.hpp"
#include "adapters/sources/feed/feed_cursor.hpp"
#include "adapters/sources/feed/feed_wire.hpp"
#include "bot/ports/clock.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {

namespace {

// Feeds shrink and regrow; remembering twice what the feed holds (and never fewer than this)
// keeps an entry that reappears from being announced again.
constexpr std::size_t min_seen_keys = 500;
constexpr std::size_t max_seen_keys = 10'000;

struct FeedSettings {
    std::string id;
    std::string url;
    Seconds interval{300};
    FeedLabels labels;
};

class FeedSource final : public PolledSource {
public:
    FeedSource(FeedSettings settings, SourceDeps& deps)
        : PolledSource(settings.id, "rss", deps, PollLoop::Timing{settings.interval}),
          m_settings(std::move(settings)) {}

private:
    void poll(PollLoop::Done done) override {
        auto const stored = load_cursor();
        if (!stored) {
            done(poll_retry("could not read the feed's cursor: " + stored.error().message));
            return;
        }
        auto cursor = *stored ? FeedCursor::parse(**stored) : FeedCursor::fresh();
        OutboundRequest request;
        request.url = m_settings.url;
        request.headers = {{"Accept", "application/rss+xml, application/atom+xml, "
                                      "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"},
                           {"User-Agent", "switchboard (feed poller)"}};
        if (!cursor.etag.empty())
            request.headers.emplace_back("If-None-Match", cursor.etag);
        if (!cursor.last_modified.empty())
            request.headers.emplace_back("If-Modified-Since", cursor.last_modified);
        send(std::move(request), [this, cursor = std::move(cursor), done = std::move(done)](
                                     Result<OutboundResponse> response) mutable {
            done(handle(std::move(cursor), response));
        });
    }

    PollResult handle(FeedCursor cursor, Result<OutboundResponse> const& response) {
        auto const now = clock().now();
        if (!response)
            return poll_retry("cannot reach the feed: " + response.error().message);
        auto const status = response->status;
        if (status == 304)
            return poll_ok();
        if (status == 429 || status == 408 || status >= 500)
            return poll_retry("the feed answered HTTP " + std::to_string(status),
                              rate_limit_until(*response, now));
        if (status < 200 || status >= 300)
            return poll_fatal("the feed answered HTTP " + std::to_string(status) + "; check " +
                              m_settings_path);

        auto entries = parse_feed(response->body, m_settings.labels, now);
        if (!entries)
            return poll_retry("the feed could not be read: " + entries.error().message);
        auto const capacity =
            std::clamp<std::size_t>(2 * entries->size(), min_seen_keys, max_seen_keys);
        bool const first_read = !cursor.initialized();
        // Oldest first, so the room sees entries in the order they were published.
        for (auto entry = entries->rbegin(); entry != entries->rend(); ++entry) {
            if (cursor.seen(entry->key))
                continue;
            if (!first_read) {
                auto const outcome = ingest(entry->mention, now);
                if (!outcome)
                    return poll_retry("could not store an entry: " + outcome.error().message);
            }
            cursor.add_seen(entry->key, capacity);
        }
        if (first_read)
            spdlog::info("feed {}: first read, {} entries marked as seen", m_settings.id,
                         entries->size());
        cursor.set_initialized();
        cursor.etag = response->header("etag");
        cursor.last_modified = response->header("last-modified");
        if (auto saved = save_cursor(cursor.dump(), now); !saved)
            return poll_retry("could not save the feed's cursor: " + saved.error().message);
        return poll_ok();
    }

    FeedSettings m_settings;
    std::string m_settings_path = "/sources/" + m_settings.id + "/url";
};

Result<FeedSettings> parse_feed_settings(SourceSettings const& settings) {
    auto const& source = settings.source();
    SB_TRY(settings.only_keys({"url", "interval", "platform", "kind"}));
    FeedSettings feed;
    feed.id = source.id;
    feed.url = SB_TRY(settings.url("url"));
    feed.interval = SB_TRY(settings.duration("interval", Seconds{300}, Seconds{30}));
    feed.labels.source = source.id;
    feed.labels.platform = settings.text_or("platform", "rss");
    if (feed.labels.platform.empty())
        SB_TRY(settings.fail("platform", "must be a non-empty string"));
    auto const kind = settings.text_or("kind", "post");
    if (kind != "post" && kind != "review")
        SB_TRY(settings.fail("kind", "must be \"post\" or \"review\", not \"" +
                                         kind.substr(0, 200) + "\""));
    feed.labels.kind = kind == "review" ? MentionKind::review : MentionKind::post;
    feed.labels.account = settings.text_or("account", "");
    return feed;
}

} // namespace

SourceEntry feed_source_entry() {
    return source_entry_of<FeedSource, parse_feed_settings>("rss");
}

} // namespace sb
