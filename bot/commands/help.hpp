// SPDX-License-Identifier: Apache-2.0
// The table of chat commands, their usages and examples: one source for help, errors and docs.
#pragma once

#include "base/language.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sb::commands {

enum class CommandGroup { items, rota, other };
char const* to_string(CommandGroup group);

// One form of a command. A verb with several forms ("swap request", "swap accept") has one row
// per form, next to each other.
struct CommandHelp {
    std::string_view verb;    // lower case, as typed: "snooze"
    std::string_view usage;   // "snooze [id] <duration | until TIME>"
    std::string_view summary; // what it does, in a few words
    std::string_view example; // "snooze 42 1h"
    CommandGroup group = CommandGroup::other;
};

// Every command form, in the order help lists them.
std::span<CommandHelp const> command_table();

// The known verb closest to word (edit distance, or a unique prefix), if one is close enough to
// be what the sender meant.
std::optional<std::string_view> closest_verb(std::string_view word);

// Without a command: every command with one line each, grouped. With one: its usage, what it
// does and an example; an unknown name gives a did-you-mean line instead.
// In German, the summaries and the notes are German; usages and examples keep the command words.
std::string help_text(std::optional<std::string_view> command = std::nullopt,
                      Language language = Language::en);

} // namespace sb::commands
