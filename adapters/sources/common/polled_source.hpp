// SPDX-License-Identifier: Apache-2.0
// What every polled source (Bluesky, X, YouTube, feeds) shares: its name and status for
// /readyz, the poll loop, its cursor in the store, logging of failed polls, and the guard that
// drops an HTTP answer arriving after the source is gone. A source supplies poll() only.
#pragma once

#include "adapters/sources/common/poll_loop.hpp"
#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_status.hpp"
#include "bot/ports/http_client.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

PollResult poll_ok(std::optional<Instant> not_before = std::nullopt, bool more = false);
// A failure that retrying may cure: the loop backs off.
PollResult poll_retry(std::string error, std::optional<Instant> not_before = std::nullopt);
// A failure that needs a person: the loop waits its longest.
PollResult poll_fatal(std::string error, std::optional<Instant> not_before = std::nullopt);

// Whether a mention counts as new in the source's status; an edit of one seen before does not.
enum class MentionCount { counted, not_counted };

class PolledSource : public Source {
public:
    ~PolledSource() override;
    PolledSource(PolledSource const&) = delete;
    PolledSource& operator=(PolledSource const&) = delete;

    std::string const& name() const override { return m_name; }
    void start() override { m_loop.start(); }
    void stop() override { m_loop.stop(); }
    AdapterHealth health() const override { return m_status.health(); }
    SourceStatus status() const override { return m_status.status(); }

protected:
    // `type` names the source in logs and metrics: "x", "bluesky", "youtube", "rss".
    PolledSource(std::string name, std::string type, SourceDeps& deps, PollLoop::Timing timing);

    // One poll: reads the platform, hands mentions to ingest(), then calls done exactly once.
    virtual void poll(PollLoop::Done done) = 0;

    // Sends the request; `then` runs only while the source is alive.
    void send(OutboundRequest request, std::function<void(Result<OutboundResponse>)> then);
    // Wraps a completion so that it runs only while the source is alive.
    template <typename Then> auto while_alive(Then then) const {
        return [alive = std::weak_ptr<bool>(m_alive), then = std::move(then)](auto&&... args) {
            if (!alive.expired())
                then(std::forward<decltype(args)>(args)...);
        };
    }

    // The cursor is kept under the source's name.
    Result<std::optional<std::string>> load_cursor();
    Result<void> save_cursor(std::string const& value, Instant now);

    // The end of a walk through pages, newest first, that reached what an earlier poll read:
    // `newest` (unless empty) becomes the cursor, so a walk cut short reads its pages again.
    PollResult end_walk(std::string const& newest, Instant now, std::optional<Instant> limit,
                        std::string_view platform);
    // A page short of the walk's end: the next one is fetched at once while this poll has pages
    // left and no rate limit asks to wait; otherwise the next poll goes on, at once.
    std::optional<PollResult> next_page(int& pages_left, std::optional<Instant> limit,
                                        std::function<void()> const& fetch_next);

    // Hands a mention to the core; a failure is the caller's to turn into a retry.
    Result<void> ingest(Mention const& mention, Instant now,
                        MentionCount count = MentionCount::counted);

    Clock const& clock() const { return m_clock; }
    SourceStatusTracker const& tracker() const { return m_status; }

private:
    void log(PollResult const& result) const;

    std::string m_name;
    std::string m_type;
    Clock const& m_clock;
    HttpClient& m_http;
    CursorStore& m_cursors;
    MentionSink& m_sink;
    SourceStatusTracker m_status;
    PollLoop m_loop;
    // Whether this object is still alive when an asynchronous completion arrives.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
