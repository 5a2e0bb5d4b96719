// SPDX-License-Identifier: Apache-2.0
// Carries out chat commands from any adapter: who sent it, which item, and the answer to give.
#pragma once

#include "bot/commands/command.hpp"
#include "bot/core/item_service.hpp"
#include "bot/ports/chat_adapter.hpp"

#include <functional>
#include <optional>
#include <string>

namespace sb {

class CommandHandler : public ChatInbound {
public:
    explicit CommandHandler(ItemService& items);

    void on_command(ChatOrigin const& origin, std::string const& text,
                    std::function<void(std::string)> reply) override;

    // The same, returning the answer; for the CLI's simulation and for tests.
    std::string execute(ChatOrigin const& origin, std::string const& text);

    // Commands handled outside the item service (rota changes); nullopt passes them on.
    std::function<std::optional<std::string>(ChatOrigin const& origin, std::string const& person,
                                             std::string const& command_text)>
        extra_commands;

    // The sender's own account: "web" (a sign-in link by DM) and "token create|revoke"; set by
    // the daemon once the web page's routes exist. nullopt passes the command on.
    std::function<std::optional<std::string>(ChatOrigin const& origin, std::string const& person,
                                             commands::Command const& command)>
        account_commands;

    // Answers to rota questions that the rota engine renders ("rota", "gaps"); set by the daemon.
    std::function<std::string(std::string const& team, int days, bool gaps)> rota_text;

private:
    Via via_of(ChatOrigin const& origin) const;
    std::string list_items();
    std::string show_item(ItemId id);
    std::string who(std::string const& team, Instant at);
    std::string default_team(ChatOrigin const& origin) const;

    ItemService& m_items;
    CoreContext& m_context;
};

} // namespace sb
