// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/adapter_factory.hpp"

#include "adapters/chat/console/console_adapter.hpp"
#include "adapters/chat/matrix/matrix_adapter.hpp"
#include "adapters/chat/matrix/matrix_settings.hpp"
#include "adapters/chat/slack/slack_adapter.hpp"
#include "adapters/chat/slack/slack_settings.hpp"
#include "bot/daemon/daemon.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/store/cursor_repository.hpp"
#include "bot/store/store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

namespace sb {

namespace {

std::string default_console_user(config::Config const& config, std::string const& adapter) {
    for (auto const& [id, person] : config.people)
        for (auto const& chat : person.chat)
            if (chat.adapter == adapter)
                return chat.address;
    return "console";
}

std::string console_room(config::Config const& config, std::string const& adapter) {
    for (auto const& [id, team] : config.teams)
        if (auto it = team.rooms.find(adapter); it != team.rooms.end())
            return it->second;
    return "#console";
}

// The console has no settings of its own; its user and room come from the people and teams.
struct ConsoleSettings {};

Result<ConsoleSettings> parse_console_settings(config::SettingsReader const& settings) {
    SB_TRY(settings.only_keys({}));
    return ConsoleSettings{};
}

Result<std::unique_ptr<ChatAdapter>> create_console_adapter(config::ChatAdapterConfig const& chat,
                                                            ConsoleSettings, AdapterDeps& deps) {
    ConsoleOptions options;
    options.name = chat.name;
    options.user = deps.options.as_user.empty() ? default_console_user(deps.config, chat.name)
                                                : deps.options.as_user;
    options.room = console_room(deps.config, chat.name);
    return std::unique_ptr<ChatAdapter>(
        std::make_unique<ConsoleAdapter>(options, std::cout, deps.clock));
}

Result<std::unique_ptr<ChatAdapter>> create_matrix_adapter(config::ChatAdapterConfig const& chat,
                                                           MatrixSettings settings,
                                                           AdapterDeps& deps) {
    MatrixOptions options;
    options.name = chat.name;
    options.homeserver_url = std::move(settings.homeserver_url);
    options.server_name = std::move(settings.server_name);
    options.user = std::move(settings.user);
    options.access_token = std::move(settings.access_token);
    options.password = std::move(settings.password);
    options.sync_timeout = settings.sync_timeout;
    for (auto const& [id, person] : deps.config.people)
        for (auto const& address : person.chat)
            if (address.adapter == chat.name)
                options.known_users.insert(address.address);
    auto* metrics = &deps.metrics;
    options.on_api_error = [metrics, name = chat.name](std::string const& errcode) {
        metrics
            ->counter("switchboard_matrix_api_errors_total",
                      "Refusals and failures from the Matrix homeserver, by errcode",
                      {{"adapter", name}, {"errcode", errcode}})
            .inc();
    };
    auto* store = &deps.store;
    auto* clock = &deps.clock;
    MatrixStateStore state;
    state.load = [store](std::string const& key) -> std::optional<std::string> {
        auto loaded = store->cursors().cursor(key);
        if (loaded)
            return *loaded;
        // Without its saved position the adapter starts afresh, as on a first start.
        spdlog::error("matrix: cannot load {}: {}", key.substr(0, key.rfind(':')),
                      loaded.error().message);
        return std::nullopt;
    };
    state.save = [store, clock](std::string const& key, std::string const& value) {
        if (auto saved = store->cursors().set_cursor(key, value, clock->now()); !saved)
            spdlog::error("matrix: cannot save {}: {}", key.substr(0, key.rfind(':')),
                          saved.error().message);
    };
    return std::unique_ptr<ChatAdapter>(std::make_unique<MatrixAdapter>(
        std::move(options), deps.http, deps.clock, deps.timers, std::move(state)));
}

Result<std::unique_ptr<ChatAdapter>> create_slack_adapter(config::ChatAdapterConfig const& chat,
                                                          SlackSettings settings,
                                                          AdapterDeps& deps) {
    SlackOptions options;
    options.name = chat.name;
    options.bot_token = std::move(settings.bot_token);
    options.app_token = std::move(settings.app_token);
    options.signing_secret = std::move(settings.signing_secret);
    options.api_base_url = std::move(settings.api_base_url);
    for (auto const& [id, person] : deps.config.people) {
        bool has_id = std::any_of(person.chat.begin(), person.chat.end(),
                                  [&](auto const& c) { return c.adapter == chat.name; });
        if (!has_id && !person.email.empty())
            options.emails[id] = person.email;
    }
    auto adapter = SlackAdapter::create(std::move(options), deps.io, deps.http, deps.clock,
                                        deps.metrics, &deps.router);
    if (!adapter)
        return unexpected(adapter.error());
    return std::unique_ptr<ChatAdapter>(std::move(*adapter));
}

config::SettingsReader checking_reader(config::ChatAdapterConfig const& chat,
                                       std::vector<config::SettingsIssue>& issues) {
    return {
        chat.settings, chat.path, "a chat adapter of type " + chat.type, {"type", "name"}, issues};
}

// Builds an entry from a parser and a factory taking its typed settings, so the two can never
// disagree on what the settings are.
template <typename Settings, Result<Settings> (*Parse)(config::SettingsReader const&),
          Result<std::unique_ptr<ChatAdapter>> (*Create)(config::ChatAdapterConfig const&, Settings,
                                                         AdapterDeps&)>
ChatAdapterEntry make_chat_adapter_entry(std::string_view type) {
    return {type,
            [](config::ChatAdapterConfig const& chat, std::vector<config::SettingsIssue>& issues) {
                auto settings = checking_reader(chat, issues);
                if (auto parsed = Parse(settings); !parsed)
                    issues.push_back({parsed.error().context, parsed.error().message});
                return settings.accepted_keys();
            },
            [](config::ChatAdapterConfig const& chat,
               AdapterDeps& deps) -> Result<std::unique_ptr<ChatAdapter>> {
                config::SettingsReader settings(chat.settings, chat.path,
                                                "a chat adapter of type " + chat.type,
                                                {"type", "name"}, deps.config.path);
                auto parsed = Parse(settings);
                if (!parsed)
                    return unexpected(parsed.error());
                return Create(chat, std::move(parsed).value(), deps);
            }};
}

} // namespace

std::vector<ChatAdapterEntry> const& chat_adapter_entries() {
    // One line per chat adapter type.
    static std::vector<ChatAdapterEntry> const entries{
        make_chat_adapter_entry<ConsoleSettings, parse_console_settings, create_console_adapter>(
            "console"),
        make_chat_adapter_entry<SlackSettings, parse_slack_settings, create_slack_adapter>("slack"),
        make_chat_adapter_entry<MatrixSettings, parse_matrix_settings, create_matrix_adapter>(
            "matrix"),
    };
    return entries;
}

Result<std::unique_ptr<ChatAdapter>> make_chat_adapter(config::ChatAdapterConfig const& chat,
                                                       AdapterDeps& deps) {
    for (auto const& entry : chat_adapter_entries())
        if (entry.type == chat.type)
            return entry.make(chat, deps);
    std::string known;
    for (auto const& entry : chat_adapter_entries())
        known += (known.empty() ? "" : ", ") + std::string(entry.type);
    return unexpected(ErrorCode::invalid_argument,
                      "chat adapter '" + chat.name + "' has type '" + chat.type +
                          "', which this build does not support (supported: " + known + ")");
}

} // namespace sb
