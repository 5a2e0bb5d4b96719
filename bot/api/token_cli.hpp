// SPDX-License-Identifier: Apache-2.0
// "switchboard token create|list|revoke": personal API tokens from the command line.
#pragma once

#include "config/config.hpp"

#include <ostream>
#include <string>

namespace sb {

enum class TokenAction { create, list, revoke };

struct TokenCliOptions {
    TokenAction action = TokenAction::list;
    std::string state_dir; // where the daemon keeps switchboard.db
    std::string person;    // required for create and revoke; a filter for list
    std::string label;     // create: the token's name; revoke: only this one
    bool json = false;
};

// Returns the exit code: 0 on success, 1 with a message on err for an unknown person, a taken
// or unknown label, or a store that cannot be written.
int run_token_cli(config::Config const& config, TokenCliOptions const& options, std::ostream& out,
                  std::ostream& err);

} // namespace sb
