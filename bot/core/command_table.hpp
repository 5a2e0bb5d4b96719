// SPDX-License-Identifier: Apache-2.0
// The one table from a command's verb to the code that carries it out: item, rota and account.
#pragma once

#include "bot/commands/command.hpp"
#include "bot/ports/chat_adapter.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace sb {

// A command from a known person, parsed from text or built from a button.
struct CommandRequest {
    ChatOrigin const& origin;
    std::string const& person;
    commands::Command const& command;
};

using CommandAction = std::function<std::string(CommandRequest const&)>;

class CommandTable {
public:
    // A later registration replaces an earlier one, so a service wired in at start (the rota,
    // accounts) takes over its verbs from the "not available here" answers.
    void set(std::string_view verb, CommandAction action) {
        m_actions.insert_or_assign(std::string(verb), std::move(action));
    }
    CommandAction const* find(std::string_view verb) const {
        auto found = m_actions.find(verb);
        return found == m_actions.end() ? nullptr : &found->second;
    }

private:
    std::map<std::string, CommandAction, std::less<>> m_actions;
};

} // namespace sb
