// SPDX-License-Identifier: Apache-2.0
// The `backup` and `restore` commands: what they print and their exit codes.
#pragma once

#include <ostream>
#include <string>

namespace sb {

// Exit 0 with a one-line summary on `out` (a JSON object with `json`), 1 with the reason on
// `err`.
int cli_backup(std::string const& state_dir, std::string const& to, bool json, std::ostream& out,
               std::ostream& err);
int cli_restore(std::string const& from, std::string const& state_dir, bool json, std::ostream& out,
                std::ostream& err);

} // namespace sb
