// SPDX-License-Identifier: Apache-2.0
// Polls commentThreads.list newest first, follows pages back to the cursor, and counts every
// call against the day's budget before making it.
#include "adapters/sources/youtube/youtube_source.hpp"

#include "adapters/sources/common/polled_source.hpp"
#include "adapters/sources/common/rate_limit.hpp"
#include "adapters/sources/common/source_settings.hpp"
#include "adapters/sources/youtube/youtube_cursor.hpp"
#include "adapters/sources/youtube/youtube_quota.hpp"
#include "adapters/sources/youtube/youtube_wire.hpp"
#include "base/text.hpp"
#include "bot/ports/clock.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {

namespace {

constexpr char const* default_api_url = "https://www.googleapis.com/youtube/v3";
// Catching up after a pause stops after this many pages and continues in the next poll, so one
// busy day cannot spend the whole budget in a single burst.
constexpr int max_pages_per_poll = 10;
constexpr std::size_t remembered_comments = 500;

struct YoutubeSettings {
    std::string id;
    std::string api_url;
    std::string api_key;
    std::string channel_id;
    long long daily_quota = 10'000;
    Seconds interval{60};
    std::string account;
};

// One poll's progress through the pages.
struct PollRun {
    YoutubeCursor cursor;
    std::vector<YoutubeComment> comments;
    int pages = 0;
    PollLoop::Done done;
};

class YoutubeSource final : public PolledSource {
public:
    YoutubeSource(YoutubeSettings settings, SourceDeps& deps)
        : PolledSource(settings.id, "youtube", deps, PollLoop::Timing{settings.interval}),
          m_settings(std::move(settings)) {}

    SourceStatus status() const override {
        auto status = PolledSource::status();
        if (m_paused_until && clock().now() < *m_paused_until) {
            status.state = "backing_off";
            status.next_attempt_at = *m_paused_until;
        }
        return status;
    }

private:
    void poll(PollLoop::Done done) override {
        auto const now = clock().now();
        auto const stored = load_cursor();
        if (!stored) {
            done(poll_retry("could not read the cursor: " + stored.error().message));
            return;
        }
        auto run = std::make_shared<PollRun>();
        run->cursor = *stored ? YoutubeCursor::parse(**stored) : YoutubeCursor{};
        run->done = std::move(done);
        auto const today = youtube_quota_day(now);
        if (run->cursor.quota_day != today) {
            run->cursor.quota_day = today;
            run->cursor.spent = 0;
        }
        if (run->cursor.spent >= m_settings.daily_quota) {
            pause_until_reset(now);
            // A retry, so that the status says why and the next poll waits for the new day.
            run->done(poll_retry("the daily quota of " + std::to_string(m_settings.daily_quota) +
                                     " units is spent; polling resumes at " +
                                     format_instant(*m_paused_until),
                                 m_paused_until));
            return;
        }
        m_paused_until.reset();
        fetch(run, {});
    }

    void pause_until_reset(Instant now) {
        if (!m_paused_until)
            spdlog::warn("youtube {}: no quota left for today; pausing until {}", m_settings.id,
                         format_instant(next_youtube_quota_reset(now)));
        m_paused_until = next_youtube_quota_reset(now);
    }

    std::string request_url(std::string const& page_token) const {
        auto url =
            m_settings.api_url +
            "/commentThreads?part=snippet%2Creplies&allThreadsRelatedToChannelId=" +
            url_encode(m_settings.channel_id) +
            "&order=time&maxResults=100&textFormat=plainText&key=" + url_encode(m_settings.api_key);
        if (!page_token.empty())
            url += "&pageToken=" + url_encode(page_token);
        return url;
    }

    void fetch(std::shared_ptr<PollRun> const& run, std::string const& page_token) {
        // Counted and saved before the call: Google charges a call even when its answer is lost.
        ++run->cursor.spent;
        ++run->pages;
        if (auto saved = save_cursor(run->cursor.dump(), clock().now()); !saved) {
            run->done(poll_retry("could not save the cursor: " + saved.error().message));
            return;
        }
        OutboundRequest request;
        request.url = request_url(page_token);
        request.headers = {{"Accept", "application/json"}};
        send(std::move(request),
             [this, run](Result<OutboundResponse> response) { on_page(run, response); });
    }

    void on_page(std::shared_ptr<PollRun> const& run, Result<OutboundResponse> const& response) {
        auto const now = clock().now();
        if (!response) {
            run->done(poll_retry("cannot reach YouTube: " + response.error().message));
            return;
        }
        if (response->status != 200) {
            run->done(failure(*run, *response, now));
            return;
        }
        auto page = parse_comment_threads(response->body, m_settings.id, m_settings.account);
        if (!page) {
            run->done(poll_retry("YouTube's answer could not be read: " + page.error().message));
            return;
        }
        std::move(page->comments.begin(), page->comments.end(), std::back_inserter(run->comments));
        auto const since = run->cursor.since;
        // The first poll reads one page to mark it seen; later ones go back to the cursor.
        bool const older_than_cursor =
            !since || (page->oldest_thread && *page->oldest_thread < *since);
        bool const more_pages = !page->next_page_token.empty() && !older_than_cursor;
        if (more_pages && run->pages < max_pages_per_poll &&
            run->cursor.spent < m_settings.daily_quota) {
            fetch(run, page->next_page_token);
            return;
        }
        run->done(finish(*run, now, !more_pages, more_pages && run->pages >= max_pages_per_poll));
    }

    PollResult failure(PollRun& run, OutboundResponse const& response, Instant now) {
        auto const error = parse_youtube_error(response.status, response.body);
        auto const described = "YouTube answered HTTP " + std::to_string(response.status) +
                               (error.reason.empty() ? "" : " " + error.reason) + ": " +
                               error.message;
        if (is_quota_exceeded(error)) {
            // The project's quota is shared with other uses of the same key: trust Google.
            run.cursor.spent = std::max(run.cursor.spent, m_settings.daily_quota);
            (void)save_cursor(run.cursor.dump(), now);
            pause_until_reset(now);
            return poll_retry(described, m_paused_until);
        }
        if (is_key_invalid(error))
            return poll_fatal("YouTube refused the API key; check /sources/" + m_settings.id +
                              "/api_key (" + described + ")");
        if (response.status == 429 || response.status >= 500)
            return poll_retry(described, rate_limit_until(response, now));
        return poll_fatal(described);
    }

    // reached_cursor: the pages went back to comments older than the cursor (or ran out). When
    // the budget or the page limit stopped them earlier, the cursor stays, so the comments not
    // read yet are still newer than it next time.
    PollResult finish(PollRun& run, Instant now, bool reached_cursor, bool more) {
        auto& cursor = run.cursor;
        bool const first_poll = !cursor.since;
        auto const previous_since = cursor.since.value_or(now);
        // Oldest first, so the room sees comments in the order they were written.
        std::stable_sort(run.comments.begin(), run.comments.end(),
                         [](auto const& a, auto const& b) {
                             return a.mention.created_at < b.mention.created_at;
                         });
        auto since = cursor.since.value_or(Instant{});
        for (auto& comment : run.comments) {
            auto const& id = comment.mention.external_id;
            auto const seen = cursor.seen(id);
            // Unseen but older than the cursor: from before the first poll, or forgotten.
            bool const is_new = !seen && comment.mention.created_at >= previous_since;
            bool const is_edit = seen && comment.updated_at > *seen;
            if (!first_poll && (is_new || is_edit)) {
                if (seen)
                    comment.mention.change = MentionChange::edited;
                auto const outcome = ingest(
                    comment.mention, now, seen ? MentionCount::not_counted : MentionCount::counted);
                if (!outcome)
                    return poll_retry("could not store a comment: " + outcome.error().message);
            }
            cursor.remember(id, comment.updated_at, remembered_comments);
            if (comment.top_level)
                since = std::max(since, comment.mention.created_at);
        }
        if (first_poll)
            spdlog::info("youtube {}: first poll, {} comments marked as seen", m_settings.id,
                         run.comments.size());
        if (since == Instant{})
            since = now; // a first poll that found no thread starts from now
        if (first_poll || reached_cursor)
            cursor.since = since;
        if (auto saved = save_cursor(cursor.dump(), now); !saved)
            return poll_retry("could not save the cursor: " + saved.error().message);
        return poll_ok(std::nullopt, more);
    }

    YoutubeSettings m_settings;
    std::optional<Instant> m_paused_until;
};

Result<Seconds> interval_within_budget(SourceSettings const& settings, long long daily_quota) {
    auto const minimum = youtube_minimum_interval(daily_quota);
    auto const interval =
        SB_TRY(settings.duration("interval", youtube_default_interval(daily_quota), Seconds{1}));
    if (interval < minimum)
        SB_TRY(settings.fail("interval", "polling every " + format_duration(interval) +
                                             " costs more than the " + std::to_string(daily_quota) +
                                             " units of daily_quota (1 unit a call); the minimum "
                                             "is \"" +
                                             std::to_string(minimum.count()) + "s\""));
    return interval;
}

Result<YoutubeSettings> parse_youtube_settings(SourceSettings const& settings) {
    auto const& source = settings.source();
    SB_TRY(settings.only_keys({"api_url", "api_key", "channel_id", "daily_quota", "interval"}));
    YoutubeSettings youtube;
    youtube.id = source.id;
    youtube.api_url = SB_TRY(settings.url("api_url", default_api_url));
    youtube.api_key = SB_TRY(settings.secret("api_key"));
    youtube.channel_id = SB_TRY(settings.text("channel_id"));
    youtube.daily_quota = SB_TRY(settings.integer("daily_quota", 10'000, 1, 1'000'000'000));
    youtube.interval = SB_TRY(interval_within_budget(settings, youtube.daily_quota));
    youtube.account = settings.text_or("account", "");
    return youtube;
}

} // namespace

SourceEntry youtube_source_entry() {
    return source_entry_of<YoutubeSource, parse_youtube_settings>("youtube");
}

} // namespace sb
