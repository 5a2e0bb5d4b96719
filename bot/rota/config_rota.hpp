// SPDX-License-Identifier: Apache-2.0
// The daemon's RotaResolver: every team's rota from the config plus entries added at run time.
#pragma once

#include "bot/ports/rota.hpp"
#include "bot/rota/rota_inputs.hpp"
#include "schedules/model.hpp"
#include "schedules/on_call_index.hpp"
#include "schedules/resolver.hpp"
#include "schedules/rota_render.hpp"

#include <map>
#include <string>
#include <vector>

namespace sb::rota {

class ConfigRota : public RotaResolver {
public:
    // Fails with the first team whose rota cannot be built.
    static Result<ConfigRota> create(config::Config const& config, HolidayYears years = {},
                                     CalendarCopies const& calendars = {});

    // Rebuilds every team's config inputs with these calendar copies (a fresher fetch); the
    // run-time entries stay. On failure the rota is left as it was.
    Result<void> set_calendars(config::Config const& config, CalendarCopies const& calendars);

    OnCallAnswer who(std::string const& team, Instant at) const override;
    std::optional<Instant> next_covered(std::string const& team, Instant after) const override;

    // Replaces the entries added at run time (from chat commands or the store). Absences apply
    // to every team; overrides and swaps are keyed by team id. They rank as more recent than
    // the config's own entries.
    void set_runtime_entries(std::vector<schedules::Absence> absences,
                             std::map<std::string, std::vector<schedules::Override>> overrides = {},
                             std::map<std::string, std::vector<schedules::Swap>> swaps = {});

    // The effective inputs of a team (config plus run-time entries), or nullptr if unknown.
    schedules::RotaInputs const* inputs(std::string const& team) const;

private:
    void rebuild();

    HolidayYears m_years;
    std::map<std::string, schedules::RotaInputs> m_config_inputs;
    std::map<std::string, schedules::RotaInputs> m_effective;
    std::vector<schedules::Absence> m_absences;
    std::map<std::string, std::vector<schedules::Override>> m_overrides;
    std::map<std::string, std::vector<schedules::Swap>> m_swaps;
    // Answers of who() from the effective inputs resolved ahead; emptied by rebuild().
    mutable schedules::OnCallCache m_who;
};

// The port's answer shape for a schedules answer.
OnCallAnswer to_port_answer(schedules::OnCall const& answer);

// What the renderers answer from: every team of the config with its effective inputs, and the
// config's people. The view points into `rota`, which must outlive it.
schedules::RotaView rota_view(config::Config const& config, ConfigRota const& rota);

} // namespace sb::rota
