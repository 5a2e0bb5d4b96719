// SPDX-License-Identifier: Apache-2.0
// Builds the chat adapters and notifiers that the config names; one branch per type.
#pragma once

#include "bot/ports/chat_adapter.hpp"
#include "bot/ports/notifier.hpp"
#include "bot/util/result.hpp"
#include "config/config.hpp"

#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace sb {

class Clock;
class TimerService;
class HttpClient;
class HttpRouter;
class Store;
class MetricsRegistry;
struct DaemonOptions;

// What an adapter may use; all of it outlives the adapters.
struct AdapterDeps {
    boost::asio::io_context& io;
    config::Config const& config;
    DaemonOptions const& options;
    Clock& clock;
    TimerService& timers;
    HttpClient& http;
    Store& store;
    MetricsRegistry& metrics;
    HttpRouter& router; // the daemon's HTTP server, for adapters that receive callbacks
};

// An error names the adapter and what is wrong with its settings or secrets.
Result<std::unique_ptr<ChatAdapter>> make_chat_adapter(config::ChatAdapterConfig const& chat,
                                                       AdapterDeps& deps);

} // namespace sb
