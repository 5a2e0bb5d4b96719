// SPDX-License-Identifier: Apache-2.0
// Server-sent events: one open text/event-stream per page, fed with "change" events.
#include "bot/api/live_events.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {
namespace {

// Each open page holds a connection; a bound keeps a runaway client from holding them all.
constexpr std::size_t max_subscribers = 512;

} // namespace

void LiveEvents::publish(std::string const& kind, std::int64_t id) {
    auto const event_id = m_next_event_id++;
    if (m_writers.empty())
        return;
    std::string const frame = "id: " + std::to_string(event_id) + "\nevent: change\ndata: " +
                              nlohmann::json{{"kind", kind}, {"id", id}}.dump() + "\n\n";
    std::erase_if(m_writers, [&](std::shared_ptr<HttpStreamWriter> const& writer) {
        return !writer->is_open() || !writer->write(frame);
    });
}

HttpResponse LiveEvents::subscribe() {
    std::erase_if(m_writers, [](auto const& writer) { return !writer->is_open(); });
    if (m_writers.size() >= max_subscribers) {
        spdlog::warn("live events: {} streams open; refusing another", m_writers.size());
        auto busy = HttpResponse::error(503, "too many open event streams; try again later");
        busy.headers.emplace_back("Retry-After", "30");
        return busy;
    }
    HttpResponse response;
    response.status = 200;
    response.content_type = "text/event-stream";
    response.headers.emplace_back("Cache-Control", "no-store");
    // nginx buffers responses by default, which would hold events back until the buffer fills.
    response.headers.emplace_back("X-Accel-Buffering", "no");
    // The browser reconnects by itself after 3 s when the stream breaks.
    response.body = "retry: 3000\n\n";
    response.stream = [this](std::shared_ptr<HttpStreamWriter> writer) {
        if (writer && writer->is_open())
            m_writers.push_back(std::move(writer));
    };
    return response;
}

void LiveEvents::heartbeat() {
    std::erase_if(m_writers, [](std::shared_ptr<HttpStreamWriter> const& writer) {
        return !writer->is_open() || !writer->write(": keep-alive\n\n");
    });
}

std::size_t LiveEvents::subscribers() const {
    return static_cast<std::size_t>(std::count_if(
        m_writers.begin(), m_writers.end(), [](auto const& writer) { return writer->is_open(); }));
}

} // namespace sb
