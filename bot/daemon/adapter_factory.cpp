// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/adapter_factory.hpp"

#include "adapters/chat/console/console_adapter.hpp"
#include "adapters/chat/matrix/matrix_adapter.hpp"
#include "adapters/chat/slack/slack_adapter.hpp"
#include "bot/daemon/daemon.hpp"
#include "bot/metrics/metrics_registry.hpp"
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

// Settings of a "matrix" adapter: homeserver_url or server_name, and either access_token or
// user + password (secrets as {"env": …} or {"file": …}).
Result<std::unique_ptr<ChatAdapter>> make_matrix_adapter(config::ChatAdapterConfig const& chat,
                                                         AdapterDeps& deps) {
    auto const& settings = chat.settings;
    auto where = "chat adapter '" + chat.name + "'";
    auto text = [&](char const* key) {
        auto it = settings.find(key);
        return it != settings.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    auto secret = [&](char const* key) -> Result<std::string> {
        auto it = settings.find(key);
        if (it == settings.end())
            return std::string{};
        auto ref = config::parse_secret_ref(*it);
        if (!ref)
            return unexpected(ErrorCode::invalid_argument,
                              where + ": \"" + key + "\" must be {\"env\": …} or {\"file\": …}");
        std::string why;
        auto value = config::read_secret(*ref, deps.config.path, &why);
        if (!value)
            return unexpected(ErrorCode::invalid_argument, where + ": \"" + key + "\": " + why);
        return *value;
    };
    MatrixOptions options;
    options.name = chat.name;
    options.homeserver_url = text("homeserver_url");
    options.server_name = text("server_name");
    options.user = text("user");
    if (options.homeserver_url.empty() && options.server_name.empty())
        return unexpected(ErrorCode::invalid_argument,
                          where + " needs \"homeserver_url\" or \"server_name\"");
    auto token = secret("access_token");
    if (!token)
        return unexpected(token.error());
    auto password = secret("password");
    if (!password)
        return unexpected(password.error());
    options.access_token = *token;
    options.password = *password;
    if (options.access_token.empty() && (options.user.empty() || options.password.empty()))
        return unexpected(ErrorCode::invalid_argument,
                          where + " needs \"access_token\", or \"user\" and \"password\"");
    if (auto it = settings.find("sync_timeout_ms"); it != settings.end() && it->is_number_integer())
        options.sync_timeout = std::chrono::milliseconds(it->get<std::int64_t>());
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
    state.load = [store](std::string const& key) { return store->cursor(key); };
    state.save = [store, clock](std::string const& key, std::string const& value) {
        if (auto saved = store->set_cursor(key, value, clock->now()); !saved)
            spdlog::error("matrix: cannot save {}: {}", key.substr(0, key.rfind(':')),
                          saved.error().message);
    };
    return std::unique_ptr<ChatAdapter>(std::make_unique<MatrixAdapter>(
        std::move(options), deps.http, deps.clock, deps.timers, std::move(state)));
}

// A secret setting, read now; absent settings are empty, unreadable ones an error.
Result<std::string> slack_secret(config::ChatAdapterConfig const& chat, std::string const& key,
                                 config::Config const& config) {
    auto it = chat.settings.find(key);
    if (it == chat.settings.end())
        return std::string{};
    auto ref = config::parse_secret_ref(*it);
    std::string why = "name it as {\"env\": \"NAME\"} or {\"file\": \"path\"}";
    std::optional<std::string> secret;
    if (ref)
        secret = config::read_secret(*ref, config.path, &why);
    if (!secret)
        return unexpected(ErrorCode::invalid_argument,
                          "chat adapter '" + chat.name + "': " + key + ": " + why);
    return *secret;
}

Result<std::unique_ptr<ChatAdapter>> make_slack_adapter(config::ChatAdapterConfig const& chat,
                                                        AdapterDeps& deps) {
    SlackOptions options;
    options.name = chat.name;
    options.bot_token = SB_TRY(slack_secret(chat, "bot_token", deps.config));
    options.app_token = SB_TRY(slack_secret(chat, "app_token", deps.config));
    options.signing_secret = SB_TRY(slack_secret(chat, "signing_secret", deps.config));
    if (auto url = chat.settings.find("api_base_url");
        url != chat.settings.end() && url->is_string())
        options.api_base_url = url->get<std::string>();
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

} // namespace

Result<std::unique_ptr<ChatAdapter>> make_chat_adapter(config::ChatAdapterConfig const& chat,
                                                       AdapterDeps& deps) {
    if (chat.type == "console") {
        ConsoleOptions options;
        options.name = chat.name;
        options.user = deps.options.as_user.empty() ? default_console_user(deps.config, chat.name)
                                                    : deps.options.as_user;
        options.room = console_room(deps.config, chat.name);
        return std::unique_ptr<ChatAdapter>(
            std::make_unique<ConsoleAdapter>(options, std::cout, deps.clock));
    }
    if (chat.type == "matrix")
        return make_matrix_adapter(chat, deps);
    if (chat.type == "slack")
        return make_slack_adapter(chat, deps);
    return unexpected(
        ErrorCode::invalid_argument,
        "chat adapter '" + chat.name + "' has type '" + chat.type +
            "', which this build does not support (supported: console, matrix, slack)");
}

} // namespace sb
