// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/adapter_factory.hpp"

#include "adapters/chat/console/console_adapter.hpp"
#include "bot/daemon/daemon.hpp"

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
    return unexpected(ErrorCode::invalid_argument,
                      "chat adapter '" + chat.name + "' has type '" + chat.type +
                          "', which this build does not support (supported: console)");
}

} // namespace sb
