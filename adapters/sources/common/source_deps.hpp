// SPDX-License-Identifier: Apache-2.0
// What a social source may use, and the one signature every source type's factory has.
#pragma once

#include "base/result.hpp"
#include "bot/ports/cursor_store.hpp"
#include "bot/ports/source.hpp"
#include "bot/ports/source_inbox.hpp"
#include "config/config.hpp"

#include <memory>

namespace boost::asio {
class io_context;
}

namespace sb {

class Clock;
class TimerService;
class HttpClient;
class HttpRouter;
class MetricsRegistry;

// All of it outlives the sources.
struct SourceDeps {
    boost::asio::io_context& io; // for sources with a connection of their own (websockets)
    config::Config const& config;
    Clock const& clock;
    TimerService& timers;
    HttpClient& http;
    CursorStore& cursors; // where each source keeps its place
    SourceInbox& inbox;   // payloads accepted but not processed yet (webhooks)
    MetricsRegistry& metrics;
    HttpRouter& router; // for sources that receive callbacks (webhooks)
    MentionSink& sink;
};

// Each type's factory: make_<type>_source(config::Source const&, SourceDeps&). An error names
// the setting at fault by its path, e.g. "/sources/meta/verify_token".
using SourceFactory = Result<std::unique_ptr<Source>> (*)(config::Source const& source,
                                                          SourceDeps& deps);

} // namespace sb
