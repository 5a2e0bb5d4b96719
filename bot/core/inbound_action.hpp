// SPDX-License-Identifier: Apache-2.0
// Buttons and reactions to the command they stand for, checked field by field, never re-parsed.
#pragma once

#include "base/result.hpp"
#include "bot/commands/command.hpp"
#include "bot/ports/chat_adapter.hpp"

#include <string>

namespace sb {

// The longest value a button may carry; Slack itself allows 2000 bytes, we need a few.
inline constexpr std::size_t max_action_value_bytes = 64;

// The typed command an action asks for, or why it is refused (unknown verb, bad value).
Result<commands::Command> command_from_action(InboundAction const& action);

} // namespace sb
