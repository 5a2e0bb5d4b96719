// SPDX-License-Identifier: Apache-2.0
// Replays mentions and commands in simulated time and prints what the team would have seen.
#pragma once

#include "base/time.hpp"
#include "config/config.hpp"

#include <istream>
#include <ostream>

namespace sb {

struct SimulationOptions {
    Instant from{};
    Instant to{};
    bool json = false;
};

// Each input line is JSON: a mention in the webhook's shape (it arrives at its "at" field, or
// at its created_at), or a command {"at": TIME, "as": "bob", "command": "claim 1"}. Blank lines
// and lines starting with '#' are skipped. Returns the process exit code.
int run_simulation(config::Config const& config, std::istream& lines,
                   SimulationOptions const& options, std::ostream& out);

// The built-in weekend for newcomers: Friday 17:00 to Monday 09:00, no credentials needed.
int run_demo(std::ostream& out);

} // namespace sb
