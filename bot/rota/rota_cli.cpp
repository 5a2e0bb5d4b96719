// SPDX-License-Identifier: Apache-2.0
// The rota commands' output: JSON shapes that scripts rely on, and tables for people.
#include "bot/rota/rota_cli.hpp"

#include "bot/rota/rota_inputs.hpp"
#include "schedules/fairness.hpp"
#include "schedules/holidays.hpp"
#include "schedules/ical_export.hpp"
#include "schedules/resolver.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <iomanip>
#include <sstream>

namespace sb::rota {
namespace {

using nlohmann::json;

json nullable(std::optional<std::string> const& value) {
    return value ? json(*value) : json(nullptr);
}

std::string zone_of(schedules::RotaInputs const& inputs) {
    return std::string(inputs.team.zone->name());
}

// The teams a command runs over, or invalid_argument naming the known ones.
Result<std::vector<std::string>> pick_teams(config::Config const& config,
                                            std::optional<std::string> const& team) {
    std::vector<std::string> teams;
    if (team) {
        if (!config.teams.count(*team)) {
            std::string known;
            for (auto const& [id, value] : config.teams)
                known += (known.empty() ? "" : ", ") + id;
            return unexpected(ErrorCode::invalid_argument,
                              "unknown team '" + *team + "'; known: " + known);
        }
        teams.push_back(*team);
        return teams;
    }
    for (auto const& [id, value] : config.teams)
        teams.push_back(id);
    return teams;
}

Result<void> check_range(Instant from, Instant to) {
    if (to <= from)
        return unexpected(ErrorCode::invalid_argument,
                          "the range is empty; --to must come after --from");
    return {};
}

// The effective inputs of a team; a team of the config without a rota is a bug of the caller.
Result<schedules::RotaInputs const*> team_inputs(ConfigRota const& rota, std::string const& team) {
    auto const* inputs = rota.inputs(team);
    if (inputs == nullptr)
        return unexpected(ErrorCode::internal, "there is no rota for team '" + team + "'");
    return inputs;
}

// Prints a rendering or its error; the exit code follows the error's kind.
int print(Result<std::string> const& text, std::ostream& out) {
    if (text) {
        out << *text;
        return 0;
    }
    out << "error: " << text.error().message << "\n";
    return text.error().code == ErrorCode::invalid_argument ? 2 : 1;
}

// The config's own rota, for the commands that answer from the config alone.
template <typename Command>
int with_config_rota(config::Config const& config, std::ostream& out, Command command) {
    auto rota = ConfigRota::create(config);
    if (!rota) {
        out << "error: " << rota.error().to_string() << "\n";
        return 1;
    }
    return command(*rota);
}

struct Table {
    std::vector<std::vector<std::string>> rows;

    void print(std::ostream& out) const {
        std::vector<std::size_t> widths;
        for (auto const& row : rows)
            for (std::size_t i = 0; i < row.size(); ++i) {
                widths.resize(std::max(widths.size(), row.size()));
                widths[i] = std::max(widths[i], row[i].size());
            }
        for (auto const& row : rows) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                line += row[i];
                if (i + 1 < row.size())
                    line += std::string(widths[i] - row[i].size() + 2, ' ');
            }
            out << line << "\n";
        }
    }
};

std::string describe(schedules::Assignment const& layer) {
    std::string text = layer.person.value_or("-");
    if (layer.reason == schedules::Reason::substitute)
        text += " (substitute for " + layer.substitutes_for + ")";
    else if (layer.reason == schedules::Reason::swap)
        text += " (swap with " + layer.substitutes_for + ")";
    else if (layer.reason == schedules::Reason::override)
        text += " (override)";
    else if (layer.reason == schedules::Reason::gap)
        text = "nobody: " + layer.why;
    else if (layer.reason == schedules::Reason::off)
        text = "- (not covered)";
    return text;
}

} // namespace

Result<std::string> render_who(config::Config const& config, ConfigRota const& rota,
                               std::optional<std::string> const& team, Instant at,
                               bool json_output) {
    auto teams = SB_TRY(pick_teams(config, team));
    std::ostringstream out;
    json all = json::array();
    for (auto const& id : teams) {
        auto const& inputs = *SB_TRY(team_inputs(rota, id));
        auto zone = zone_of(inputs);
        auto answer = schedules::who_is_on_call(inputs, at);
        if (json_output) {
            json layers = json::array();
            for (auto const& layer : answer.layers)
                layers.push_back(
                    {{"layer", layer.layer},
                     {"person", nullable(layer.person)},
                     {"reason", schedules::to_string(layer.reason)},
                     {"substitutes_for",
                      layer.substitutes_for.empty() ? json(nullptr) : json(layer.substitutes_for)},
                     {"start", format_instant(layer.start, zone)},
                     {"end", format_instant(layer.end, zone)}});
            all.push_back({{"team", id},
                           {"at", format_instant(at, zone)},
                           {"window", nullable(answer.window)},
                           {"layers", layers}});
            continue;
        }
        out << "team " << id << " at " << format_instant(at, zone) << ": "
            << answer.window.value_or("outside every window") << "\n";
        Table table{{{"LAYER", "ON CALL", "FROM", "UNTIL"}}};
        for (auto const& layer : answer.layers)
            table.rows.push_back({layer.layer, describe(layer), format_instant(layer.start, zone),
                                  format_instant(layer.end, zone)});
        table.print(out);
    }
    if (json_output)
        out << (team ? all.at(0) : all).dump(2) << "\n";
    return out.str();
}

Result<std::string> render_rota(config::Config const& config, ConfigRota const& rota,
                                std::string const& team, Instant from, Instant to, bool json_output,
                                bool stats) {
    SB_TRY(pick_teams(config, team));
    SB_TRY(check_range(from, to));
    auto const& inputs = *SB_TRY(team_inputs(rota, team));
    std::ostringstream out;
    auto zone = zone_of(inputs);
    auto spans = schedules::resolve_rota(inputs, from, to);
    auto loads =
        stats ? schedules::fairness(inputs, from, to) : std::vector<schedules::PersonLoad>{};
    if (json_output) {
        json shifts = json::array();
        for (auto const& span : spans)
            shifts.push_back({{"layer", span.layer},
                              {"person", nullable(span.person)},
                              {"window", nullable(span.window)},
                              {"start", format_instant(span.start, zone)},
                              {"end", format_instant(span.end, zone)},
                              {"reason", schedules::to_string(span.reason)}});
        if (!stats) {
            out << shifts.dump(2) << "\n";
            return out.str();
        }
        json figures = json::array();
        for (auto const& load : loads)
            figures.push_back({{"person", load.person},
                               {"hours", static_cast<double>(load.on_call.count()) / 3600.0},
                               {"shifts", load.shifts},
                               {"evenings", load.evening_shifts},
                               {"weekends", load.weekend_shifts},
                               {"holidays", load.holiday_shifts}});
        out << json{{"rota", shifts}, {"stats", figures}}.dump(2) << "\n";
        return out.str();
    }
    Table table{{{"FROM", "UNTIL", "LAYER", "WINDOW", "ON CALL"}}};
    for (auto const& span : spans)
        table.rows.push_back({format_instant(span.start, zone), format_instant(span.end, zone),
                              span.layer, span.window.value_or("-"), describe(span)});
    table.print(out);
    if (stats) {
        out << "\n";
        Table figures{{{"PERSON", "HOURS", "SHIFTS", "EVENINGS", "WEEKENDS", "HOLIDAYS"}}};
        for (auto const& load : loads) {
            std::ostringstream hours;
            hours << std::fixed << std::setprecision(1)
                  << static_cast<double>(load.on_call.count()) / 3600.0;
            figures.rows.push_back({load.person, hours.str(), std::to_string(load.shifts),
                                    std::to_string(load.evening_shifts),
                                    std::to_string(load.weekend_shifts),
                                    std::to_string(load.holiday_shifts)});
        }
        figures.print(out);
    }
    return out.str();
}

Result<std::string> render_gaps(config::Config const& config, ConfigRota const& rota,
                                std::optional<std::string> const& team, Instant from, Instant to,
                                bool json_output) {
    auto teams = SB_TRY(pick_teams(config, team));
    SB_TRY(check_range(from, to));
    json all = json::array();
    Table table{{{"TEAM", "LAYER", "WINDOW", "FROM", "UNTIL", "WHY"}}};
    for (auto const& id : teams) {
        auto const& inputs = *SB_TRY(team_inputs(rota, id));
        auto zone = zone_of(inputs);
        auto gaps = schedules::find_gaps(inputs, from, to);
        auto doubled = schedules::find_double_duty(inputs, from, to);
        gaps.insert(gaps.end(), doubled.begin(), doubled.end());
        std::stable_sort(
            gaps.begin(), gaps.end(),
            [](schedules::Gap const& a, schedules::Gap const& b) { return a.start < b.start; });
        for (auto const& gap : gaps) {
            all.push_back({{"team", id},
                           {"layer", gap.layer},
                           {"window", gap.window},
                           {"start", format_instant(gap.start, zone)},
                           {"end", format_instant(gap.end, zone)},
                           {"why", gap.why}});
            table.rows.push_back({id, gap.layer, gap.window, format_instant(gap.start, zone),
                                  format_instant(gap.end, zone), gap.why});
        }
    }
    std::ostringstream out;
    if (json_output)
        out << all.dump(2) << "\n";
    else if (table.rows.size() == 1)
        out << "no gaps\n";
    else
        table.print(out);
    return out.str();
}

Result<std::string> render_ical(config::Config const& config, ConfigRota const& rota,
                                std::optional<std::string> const& person,
                                std::optional<std::string> const& team, Instant from, Instant to) {
    auto teams = SB_TRY(pick_teams(config, team));
    if (person && !config.people.count(*person))
        return unexpected(ErrorCode::invalid_argument, "unknown person '" + *person + "'");
    SB_TRY(check_range(from, to));
    std::vector<schedules::CalendarShifts> calendars;
    for (auto const& id : teams) {
        auto const& inputs = *SB_TRY(team_inputs(rota, id));
        schedules::CalendarShifts calendar{id, inputs.team.zone, {}};
        for (auto& span : schedules::resolve_rota(inputs, from, to))
            if (span.person && (!person || *span.person == *person))
                calendar.shifts.push_back(std::move(span));
        calendars.push_back(std::move(calendar));
    }
    auto name = person ? "switchboard shifts of " + *person
                : team ? "switchboard shifts of team " + *team
                       : std::string("switchboard shifts");
    return schedules::export_ical(calendars, name);
}

int cli_who(config::Config const& config, ConfigRota const& rota,
            std::optional<std::string> const& team, Instant at, bool json, std::ostream& out) {
    return print(render_who(config, rota, team, at, json), out);
}

int cli_rota(config::Config const& config, ConfigRota const& rota, std::string const& team,
             Instant from, Instant to, bool json, bool stats, std::ostream& out) {
    return print(render_rota(config, rota, team, from, to, json, stats), out);
}

int cli_gaps(config::Config const& config, ConfigRota const& rota,
             std::optional<std::string> const& team, Instant from, Instant to, bool json,
             std::ostream& out) {
    return print(render_gaps(config, rota, team, from, to, json), out);
}

int cli_ical(config::Config const& config, ConfigRota const& rota,
             std::optional<std::string> const& person, std::optional<std::string> const& team,
             Instant from, Instant to, std::ostream& out) {
    return print(render_ical(config, rota, person, team, from, to), out);
}

int cli_who(config::Config const& config, std::optional<std::string> const& team, Instant at,
            bool json, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_who(config, rota, team, at, json, out);
    });
}

int cli_rota(config::Config const& config, std::string const& team, Instant from, Instant to,
             bool json, bool stats, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_rota(config, rota, team, from, to, json, stats, out);
    });
}

int cli_gaps(config::Config const& config, std::optional<std::string> const& team, Instant from,
             Instant to, bool json, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_gaps(config, rota, team, from, to, json, out);
    });
}

int cli_ical(config::Config const& config, std::optional<std::string> const& person,
             std::optional<std::string> const& team, Instant from, Instant to, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_ical(config, rota, person, team, from, to, out);
    });
}

int cli_holidays(std::string const& region, int year, bool json_output, std::ostream& out) {
    auto holidays = schedules::public_holidays(region, year);
    if (!holidays) {
        out << "error: " << holidays.error().message << "\n";
        return 2;
    }
    json all = json::array();
    Table table;
    for (auto const& holiday : *holidays) {
        auto text = date::format("%F", date::sys_days(holiday.date));
        all.push_back({{"date", text}, {"name", holiday.name}});
        table.rows.push_back({date::format("%a %F", date::sys_days(holiday.date)), holiday.name});
    }
    if (json_output)
        out << all.dump(2) << "\n";
    else
        table.print(out);
    return 0;
}

} // namespace sb::rota
