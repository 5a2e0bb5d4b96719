// SPDX-License-Identifier: Apache-2.0
// The check-config command: validates a config file and prints every problem found.
#pragma once

#include <ostream>
#include <string>

namespace sb::config {

struct PluginCatalog;

// Prints "config OK: N people, N teams, N sources" or one "file:line: /path: message" line per
// error (with json, one JSON object {"ok", "errors": [...]}); returns the process exit code 0 or 1.
int check_config_main(std::string const& path, bool json, std::ostream& out);
// The same with every plug-in type's settings parser run as well (what the binary does).
int check_config_main(std::string const& path, bool json, std::ostream& out,
                      PluginCatalog const& catalog);

} // namespace sb::config
