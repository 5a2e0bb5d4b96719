// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/common/polled_source.hpp"

#include "base/safe_text.hpp"
#include "bot/ports/clock.hpp"

#include <spdlog/spdlog.h>

namespace sb {

PollResult poll_ok(std::optional<Instant> not_before, bool more) {
    return {PollResult::Outcome::ok, {}, not_before, more};
}

PollResult poll_retry(std::string error, std::optional<Instant> not_before) {
    return {PollResult::Outcome::retry, std::move(error), not_before, false};
}

PollResult poll_fatal(std::string error, std::optional<Instant> not_before) {
    return {PollResult::Outcome::fatal, std::move(error), not_before, false};
}

PolledSource::PolledSource(std::string name, std::string type, SourceDeps& deps,
                           PollLoop::Timing timing)
    : m_name(std::move(name)), m_type(std::move(type)), m_clock(deps.clock), m_http(deps.http),
      m_cursors(deps.cursors), m_sink(deps.sink), m_status(m_name, m_type, deps.metrics),
      // poll() is virtual, but the loop calls it only after start(), once construction is done.
      m_loop(deps.clock, deps.timers, m_status, timing, [this](PollLoop::Done done) {
          poll([this, done = std::move(done)](PollResult result) {
              log(result);
              done(std::move(result));
          });
      }) {}

PolledSource::~PolledSource() {
    *m_alive = false;
}

void PolledSource::send(OutboundRequest request,
                        std::function<void(Result<OutboundResponse>)> then) {
    m_http.send(std::move(request), while_alive(std::move(then)));
}

Result<std::optional<std::string>> PolledSource::load_cursor() {
    return m_cursors.cursor(m_name);
}

Result<void> PolledSource::save_cursor(std::string const& value, Instant now) {
    return m_cursors.set_cursor(m_name, value, now);
}

PollResult PolledSource::end_walk(std::string const& newest, Instant now,
                                  std::optional<Instant> limit, std::string_view platform) {
    if (!newest.empty())
        if (auto saved = save_cursor(newest, now); !saved)
            return poll_retry("could not save the " + std::string(platform) +
                              " cursor: " + saved.error().message);
    return poll_ok(limit);
}

std::optional<PollResult> PolledSource::next_page(int& pages_left, std::optional<Instant> limit,
                                                  std::function<void()> const& fetch_next) {
    if (--pages_left > 0 && !limit) {
        fetch_next();
        return std::nullopt;
    }
    return poll_ok(limit, true);
}

Result<void> PolledSource::ingest(Mention const& mention, Instant now, MentionCount count) {
    auto ingested = m_sink.ingest(mention);
    if (!ingested)
        return unexpected(ingested.error());
    if (count == MentionCount::counted)
        m_status.mention(mention.created_at, now);
    return {};
}

void PolledSource::log(PollResult const& result) const {
    // A poll's error can quote the platform's answer or a feed's own text.
    auto const error = terminal_safe(result.error);
    if (result.outcome == PollResult::Outcome::fatal)
        spdlog::error("{} source {}: {}", m_type, m_name, error);
    else if (result.outcome == PollResult::Outcome::retry)
        spdlog::warn("{} source {}: {}", m_type, m_name, error);
}

} // namespace sb
