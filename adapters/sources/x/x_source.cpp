// SPDX-License-Identifier: Apache-2.0
// since_id polling of the mentions timeline. Pages run from the newest post back to since_id;
// the first page's newest_id is stored only once every page of the series is ingested, so an
// error or a crash in between re-reads the series (the core drops duplicates) instead of
// skipping what was not read yet.
#include "adapters/sources/x/x_source.hpp"

#include "adapters/sources/common/account_poll_settings.hpp"
#include "adapters/sources/common/polled_source.hpp"
#include "adapters/sources/common/rate_limit.hpp"
#include "adapters/sources/x/x_wire.hpp"
#include "base/text.hpp"
#include "bot/ports/clock.hpp"

#include <algorithm>

namespace sb {
namespace {

constexpr char const* fields =
    "tweet.fields=author_id,created_at,lang,conversation_id,in_reply_to_user_id,"
    "edit_history_tweet_ids,referenced_tweets"
    "&expansions=author_id&user.fields=username";

class XSource final : public PolledSource {
public:
    XSource(XSourceSettings settings, SourceDeps& deps)
        : PolledSource(settings.id, "x", deps, PollLoop::Timing{settings.interval}),
          m_settings(std::move(settings)) {}

private:
    // Pages of one since_id request, which may span several polls.
    struct Series {
        std::string since_id; // empty on a first run: then only the newest page is read
        std::string next_token;
        std::string newest_id;
    };

    void poll(PollLoop::Done done) override {
        if (!m_series) {
            auto stored = load_cursor();
            if (!stored) {
                done(poll_retry("could not read the X cursor: " + stored.error().message));
                return;
            }
            m_series = Series{stored->value_or(""), {}, {}};
        }
        m_pages_left = m_settings.pages_per_poll;
        fetch(std::move(done));
    }

    void fetch(PollLoop::Done done) {
        OutboundRequest request;
        request.url = m_settings.api_url + "/2/users/" + m_settings.user_id +
                      "/mentions?max_results=" + std::to_string(m_settings.page_size) + "&" +
                      fields;
        if (!m_series->since_id.empty())
            request.url += "&since_id=" + url_encode(m_series->since_id);
        if (!m_series->next_token.empty())
            request.url += "&pagination_token=" + url_encode(m_series->next_token);
        request.headers.emplace_back("Authorization", "Bearer " + m_settings.bearer_token);
        request.headers.emplace_back("Accept", "application/json");
        send(std::move(request), [this, done = std::move(done)](Result<OutboundResponse> response) {
            if (auto result = handle(response, done))
                done(std::move(*result));
        });
    }

    // Returns the poll's result, or nothing when another page was requested.
    std::optional<PollResult> handle(Result<OutboundResponse> const& response,
                                     PollLoop::Done const& done) {
        auto now = clock().now();
        if (!response)
            return poll_retry("X could not be reached: " + response.error().message);
        auto limit = rate_limit_until(*response, now);
        auto const status = response->status;
        if (status == 429)
            return poll_retry("X rate limit reached", limit);
        if (status >= 500)
            return poll_retry("X answered " + x_error_text(status, response->body), limit);
        if (status == 401)
            return poll_fatal("X rejected the bearer token (" +
                                  x_error_text(status, response->body) +
                                  "); create a new one in the developer portal",
                              limit);
        if (status != 200)
            return poll_fatal(
                "X refused the mentions request: " + x_error_text(status, response->body), limit);
        auto page =
            parse_x_mentions(response->body, m_settings.id, m_settings.account, m_settings.user_id);
        if (!page) {
            if (page.error().code == ErrorCode::not_found)
                return poll_fatal("X: " + page.error().message + "; check user_id", limit);
            return poll_retry(page.error().message, limit);
        }
        if (m_series->newest_id.empty())
            m_series->newest_id = page->newest_id;
        // Oldest first, so cards of a backlog appear in the order they were written.
        for (auto it = page->mentions.rbegin(); it != page->mentions.rend(); ++it)
            if (auto ingested = ingest(*it, now); !ingested)
                return poll_retry("could not store X post " + it->external_id + ": " +
                                  ingested.error().message);
        if (page->next_token.empty() || m_series->since_id.empty()) {
            auto newest = m_series->newest_id;
            m_series.reset();
            return end_walk(newest, now, limit, "X");
        }
        m_series->next_token = page->next_token;
        return next_page(m_pages_left, limit, [&] { fetch(done); });
    }

    XSourceSettings m_settings;
    std::optional<Series> m_series;
    int m_pages_left = 0;
};

} // namespace

namespace {

// The mentions endpoint takes the numeric id; an @name is the usual mistake.
Result<void> check_user_id(SourceSettings const& settings, std::string const& user_id) {
    if (!user_id.empty() && user_id.size() <= 20 &&
        std::all_of(user_id.begin(), user_id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return {};
    // A missing user_id was reported already when checking.
    if (settings.checking() && user_id.empty())
        return {};
    return settings.fail("user_id", "user_id must be the account's numeric id as a string, "
                                    "e.g. \"2244994945\", not its @name");
}

Result<XSourceSettings> parse_x_settings(SourceSettings const& settings) {
    using S = XSourceSettings;
    return read_account_poll_settings<S>(settings,
                                         {"api_url", &S::api_url, "bearer_token", &S::bearer_token,
                                          "user_id", &S::user_id, Seconds{15}, check_user_id});
}

} // namespace

Result<XSourceSettings> read_x_settings(config::Source const& source,
                                        std::string const& config_path) {
    return parse_source_settings<parse_x_settings>(source, config_path);
}

SourceEntry x_source_entry() {
    return source_entry_of<XSource, parse_x_settings>("x");
}

std::unique_ptr<Source> create_x_source(XSourceSettings settings, SourceDeps& deps) {
    return std::make_unique<XSource>(std::move(settings), deps);
}

} // namespace sb
