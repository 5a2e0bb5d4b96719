// SPDX-License-Identifier: Apache-2.0
// Turns a team's config (strings and plain structs) into the rota engine's model.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/rota/calendar_copies.hpp"
#include "config/config.hpp"
#include "schedules/model.hpp"

#include <string>

namespace sb::rota {

// Public holidays are expanded for these years (inclusive); outside them no day is a holiday.
struct HolidayYears {
    int first = 2015;
    int last = 2045;
};

// Builds the rota inputs of one team: windows, layers, built-in holidays of the team's region,
// and the config's static absences, overrides and swaps. Times in absences, overrides and
// swaps are read in the person's zone (absences) or the team's zone; a bare date as "to" is
// inclusive, so "from 2026-07-06 to 2026-07-10" covers the whole of 10 July. Calendars named
// by URL are read from `copies`; one without a copy adds nothing yet.
Result<schedules::RotaInputs> build_rota_inputs(config::Config const& config,
                                                std::string const& team_id, HolidayYears years = {},
                                                CalendarCopies const& copies = {});

// Parses a span as build_rota_inputs does; exposed for chat commands that add absences.
Result<std::pair<Instant, Instant>> parse_span(std::string const& from, std::string const& to,
                                               std::string const& zone, std::string const& context);

} // namespace sb::rota
