// SPDX-License-Identifier: Apache-2.0
// The REST catch-up: mention notifications newer than the stored cursor, one page per poll.
#pragma once

#include "adapters/sources/common/poll_loop.hpp"
#include "adapters/sources/mastodon/mastodon_wire.hpp"
#include "bot/ports/cursor_store.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/source.hpp"

#include <functional>
#include <memory>
#include <string>

namespace sb::mastodon {

struct CatchUpSettings {
    std::string base_url; // without a trailing slash
    std::string access_token;
    int page_size = 40;
};

class CatchUp {
public:
    // Hands each mention to deliver(), which returns false when the core could not store it.
    using Deliver = std::function<bool(Mention const&)>;

    CatchUp(CatchUpSettings settings, Origin origin, HttpClient& http, CursorStore& store,
            Clock const& clock, Deliver deliver);
    ~CatchUp();
    CatchUp(CatchUp const&) = delete;
    CatchUp& operator=(CatchUp const&) = delete;

    // One PollLoop step: reads the page after the cursor, ingests it oldest first, then moves
    // the cursor to the page's newest notification. Reports more=true while pages keep coming.
    void poll(PollLoop::Done done);

    // The store key of the cursor: the newest notification id already ingested.
    std::string const& cursor_key() const { return m_origin.source; }

private:
    void on_page(Result<OutboundResponse> const& response, bool baseline,
                 PollLoop::Done const& done);
    OutboundRequest request(std::string const& query) const;

    CatchUpSettings m_settings;
    Origin m_origin;
    HttpClient& m_http;
    CursorStore& m_store;
    Clock const& m_clock;
    Deliver m_deliver;
    // Whether this object is still alive when a response arrives.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb::mastodon
