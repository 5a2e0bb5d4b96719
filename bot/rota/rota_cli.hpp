// SPDX-License-Identifier: Apache-2.0
// Bodies of the rota commands (who, rota, gaps, holidays, ical): render text, print, exit codes.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/rota/config_rota.hpp"
#include "config/config.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace sb::rota {

// The renderers answer from an effective rota (the config's, or the daemon's with the entries
// added at run time) and take the instants they reason about. Their errors are values:
// invalid_argument for an unknown team or person or an empty range, internal for a team
// without a rota. The chat commands and the command line share them.
Result<std::string> render_who(config::Config const& config, ConfigRota const& rota,
                               std::optional<std::string> const& team, Instant at, bool json);
// With stats, JSON becomes {"rota": [...], "stats": [...]}; without, the plain array.
Result<std::string> render_rota(config::Config const& config, ConfigRota const& rota,
                                std::string const& team, Instant from, Instant to, bool json,
                                bool stats);
Result<std::string> render_gaps(config::Config const& config, ConfigRota const& rota,
                                std::optional<std::string> const& team, Instant from, Instant to,
                                bool json);
// An RFC 5545 calendar of the shifts of one person (across teams) or one team, or of every
// team when neither is given.
Result<std::string> render_ical(config::Config const& config, ConfigRota const& rota,
                                std::optional<std::string> const& person,
                                std::optional<std::string> const& team, Instant from, Instant to);

// Exit codes: 0 done, 1 the rota cannot be built, 2 a bad argument (unknown team, person or
// region, an empty range). Errors are printed to `out` as "error: <message>".
int cli_who(config::Config const& config, ConfigRota const& rota,
            std::optional<std::string> const& team, Instant at, bool json, std::ostream& out);
int cli_rota(config::Config const& config, ConfigRota const& rota, std::string const& team,
             Instant from, Instant to, bool json, bool stats, std::ostream& out);
int cli_gaps(config::Config const& config, ConfigRota const& rota,
             std::optional<std::string> const& team, Instant from, Instant to, bool json,
             std::ostream& out);
int cli_ical(config::Config const& config, ConfigRota const& rota,
             std::optional<std::string> const& person, std::optional<std::string> const& team,
             Instant from, Instant to, std::ostream& out);

// The same from the config alone.
int cli_who(config::Config const& config, std::optional<std::string> const& team, Instant at,
            bool json, std::ostream& out);
int cli_rota(config::Config const& config, std::string const& team, Instant from, Instant to,
             bool json, bool stats, std::ostream& out);
int cli_gaps(config::Config const& config, std::optional<std::string> const& team, Instant from,
             Instant to, bool json, std::ostream& out);
int cli_ical(config::Config const& config, std::optional<std::string> const& person,
             std::optional<std::string> const& team, Instant from, Instant to, std::ostream& out);

int cli_holidays(std::string const& region, int year, bool json, std::ostream& out);

} // namespace sb::rota
