// SPDX-License-Identifier: Apache-2.0
// Server-sent events for the web page: every committed change is announced to every open page,
// so a view follows changes made in chat, through the API or in another browser.
#pragma once

#include "bot/ports/http.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sb {

class LiveEvents {
public:
    // "item", "rota", "page"; id is the item or entry id.
    void publish(std::string const& kind, std::int64_t id);
    // Answers a GET /api/v1/events request with an open text/event-stream.
    HttpResponse subscribe();
    // A comment line to every stream, so proxies keep them open and gone clients are dropped.
    void heartbeat();
    std::size_t subscribers() const;

private:
    std::vector<std::shared_ptr<HttpStreamWriter>> m_writers;
    std::int64_t m_next_event_id = 1;
};

} // namespace sb
