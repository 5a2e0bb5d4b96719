// SPDX-License-Identifier: Apache-2.0
// Builds the chat adapters that the config names from the list of chat adapter plug-ins.
#pragma once

#include "base/result.hpp"
#include "bot/ports/chat_adapter.hpp"
#include "bot/ports/notifier.hpp"
#include "config/config.hpp"
#include "config/settings_reader.hpp"

#include <memory>
#include <string>
#include <string_view>
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

// The one shape of a chat adapter plug-in: its type name, its typed settings parser (run by
// check for its problems only) and the factory that parses again, reading secrets, and builds.
struct ChatAdapterEntry {
    std::string_view type; // matches "type": "slack" in the config
    std::vector<std::string> (*check)(config::ChatAdapterConfig const& chat,
                                      std::vector<config::SettingsIssue>& issues);
    Result<std::unique_ptr<ChatAdapter>> (*make)(config::ChatAdapterConfig const& chat,
                                                 AdapterDeps& deps);
};

// Every chat adapter type this build knows.
std::vector<ChatAdapterEntry> const& chat_adapter_entries();

// An error names the adapter and what is wrong with its settings or secrets.
Result<std::unique_ptr<ChatAdapter>> make_chat_adapter(config::ChatAdapterConfig const& chat,
                                                       AdapterDeps& deps);

} // namespace sb
