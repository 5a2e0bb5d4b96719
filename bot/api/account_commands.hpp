// SPDX-License-Identifier: Apache-2.0
// The chat commands about the sender's own account: "web" and "token create|revoke".
#pragma once

#include "bot/api/api_context.hpp"
#include "bot/commands/command.hpp"
#include "bot/core/command_handler.hpp"

#include <optional>
#include <string>

namespace sb {

// Answers "web", "token create" and "token revoke"; nullopt for every other command.
std::optional<std::string> account_command(ApiContext& api, ChatOrigin const& origin,
                                           std::string const& person,
                                           commands::Command const& command);

// Lets the command handler answer them through account_command.
void attach_account_commands(CommandHandler& handler, ApiContext& api);

} // namespace sb
