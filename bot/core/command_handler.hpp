// SPDX-License-Identifier: Apache-2.0
// Carries out chat commands from any adapter: who sent it, which item, and the answer to give.
#pragma once

#include "bot/commands/command.hpp"
#include "bot/core/command_table.hpp"
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

    // Buttons and reactions: the typed command is built from the action's fields directly.
    void on_action(InboundAction const& action, std::function<void(std::string)> reply) override;

    // The same, returning the answer; for the CLI's simulation and for tests.
    std::string execute(ChatOrigin const& origin, std::string const& text);
    std::string execute(InboundAction const& action);

    // Every verb the chat understands, in one place: the item verbs are set here, the rota's
    // and the account's by RotaCommands::attach and attach_account_commands.
    CommandTable& table() { return m_table; }

private:
    std::optional<std::string> known_person(ChatOrigin const& origin, std::string& refusal) const;
    std::string run(ChatOrigin const& origin, std::string const& person,
                    commands::Command const& command);
    std::string item_verb(CommandRequest const& request);
    std::string list_items(Language lang);
    std::string show_item(ItemId id, Language lang);
    std::string who(std::string const& team, Instant at, Language lang);
    std::string default_team(ChatOrigin const& origin) const;
    // The room's team's language; in a DM, the person's (their team's).
    Language reply_language(ChatOrigin const& origin, std::string const& person) const;

    ItemService& m_items;
    CoreContext& m_context;
    CommandTable m_table;
};

} // namespace sb
