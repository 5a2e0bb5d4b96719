// SPDX-License-Identifier: Apache-2.0
// The rota commands on the command line (who, rota, gaps, holidays, ical): print, exit codes.
#pragma once

#include "base/time.hpp"
#include "bot/rota/config_rota.hpp"
#include "config/config.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace sb::rota {

// The text comes from the schedules renderers over an effective rota (the config's, or the
// daemon's with the entries added at run time), the same ones the chat commands use.
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
