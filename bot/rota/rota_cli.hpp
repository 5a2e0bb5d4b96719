// SPDX-License-Identifier: Apache-2.0
// Bodies of the rota commands (who, rota, gaps, holidays, ical): print, return an exit code.
#pragma once

#include "bot/util/time.hpp"
#include "config/config.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace sb::rota {

// Exit codes: 0 done, 1 the config's rota cannot be built, 2 a bad argument (unknown team,
// person or region, an empty range).
int cli_who(config::Config const& config, std::optional<std::string> const& team, Instant at,
            bool json, std::ostream& out);

// With stats, JSON becomes {"rota": [...], "stats": [...]}; without, the plain array.
int cli_rota(config::Config const& config, std::string const& team, Instant from, Instant to,
             bool json, bool stats, std::ostream& out);

int cli_gaps(config::Config const& config, std::optional<std::string> const& team, Instant from,
             Instant to, bool json, std::ostream& out);

int cli_holidays(std::string const& region, int year, bool json, std::ostream& out);

// An RFC 5545 calendar of the shifts of one person (across teams) or one team, or of every
// team when neither is given.
int cli_ical(config::Config const& config, std::optional<std::string> const& person,
             std::optional<std::string> const& team, Instant from, Instant to, std::ostream& out);

} // namespace sb::rota
