// SPDX-License-Identifier: Apache-2.0
// ConfigRota keeps each team's inputs ready so a lookup costs only the resolver's work.
#include "bot/rota/config_rota.hpp"

namespace sb::rota {

Result<ConfigRota> ConfigRota::create(config::Config const& config, HolidayYears years,
                                      CalendarCopies const& calendars) {
    ConfigRota rota;
    rota.m_years = years;
    for (auto const& [id, team] : config.teams)
        rota.m_config_inputs.emplace(id, SB_TRY(build_rota_inputs(config, id, years, calendars)));
    rota.rebuild();
    return rota;
}

Result<void> ConfigRota::set_calendars(config::Config const& config,
                                       CalendarCopies const& calendars) {
    std::map<std::string, schedules::RotaInputs> built;
    for (auto const& [id, team] : config.teams)
        built.emplace(id, SB_TRY(build_rota_inputs(config, id, m_years, calendars)));
    m_config_inputs = std::move(built);
    rebuild();
    return {};
}

void ConfigRota::rebuild() {
    m_who.clear();
    m_effective = m_config_inputs;
    for (auto& [id, inputs] : m_effective) {
        inputs.absences.insert(inputs.absences.end(), m_absences.begin(), m_absences.end());
        if (auto found = m_overrides.find(id); found != m_overrides.end())
            inputs.overrides.insert(inputs.overrides.end(), found->second.begin(),
                                    found->second.end());
        if (auto found = m_swaps.find(id); found != m_swaps.end())
            inputs.swaps.insert(inputs.swaps.end(), found->second.begin(), found->second.end());
    }
}

void ConfigRota::set_runtime_entries(
    std::vector<schedules::Absence> absences,
    std::map<std::string, std::vector<schedules::Override>> overrides,
    std::map<std::string, std::vector<schedules::Swap>> swaps) {
    m_absences = std::move(absences);
    m_overrides = std::move(overrides);
    m_swaps = std::move(swaps);
    rebuild();
}

schedules::RotaInputs const* ConfigRota::inputs(std::string const& team) const {
    auto found = m_effective.find(team);
    return found == m_effective.end() ? nullptr : &found->second;
}

OnCallAnswer to_port_answer(schedules::OnCall const& answer) {
    OnCallAnswer out;
    out.window = answer.window;
    for (auto const& layer : answer.layers)
        out.layers.push_back({layer.layer, layer.person, schedules::to_string(layer.reason),
                              layer.substitutes_for, layer.start, layer.end});
    return out;
}

OnCallAnswer ConfigRota::who(std::string const& team, Instant at) const {
    auto const* team_inputs = inputs(team);
    if (team_inputs == nullptr)
        return {};
    return to_port_answer(m_who.who(team, *team_inputs, at));
}

std::optional<Instant> ConfigRota::next_covered(std::string const& team, Instant after) const {
    auto const* team_inputs = inputs(team);
    if (team_inputs == nullptr)
        return std::nullopt;
    return schedules::next_covered(*team_inputs, after);
}

schedules::RotaView rota_view(config::Config const& config, ConfigRota const& rota) {
    schedules::RotaView view;
    for (auto const& [id, team] : config.teams)
        view.teams.emplace(id, rota.inputs(id));
    for (auto const& [id, person] : config.people)
        view.people.insert(id);
    return view;
}

} // namespace sb::rota
