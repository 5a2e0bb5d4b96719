// SPDX-License-Identifier: Apache-2.0
// The rota's answers: JSON shapes that scripts rely on, and tables for people.
#include "schedules/rota_render.hpp"

#include "base/safe_text.hpp"
#include "base/say.hpp"
#include "base/time.hpp"
#include "schedules/fairness.hpp"
#include "schedules/holidays.hpp"
#include "schedules/ical_export.hpp"
#include "schedules/resolver.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <iomanip>
#include <sstream>
#include <vector>

namespace sb::schedules {
namespace {

using nlohmann::json;

json nullable(std::optional<std::string> const& value) {
    return value ? json(*value) : json(nullptr);
}

std::string zone_of(RotaInputs const& inputs) {
    return std::string(inputs.team.zone->name());
}

// Names come from the config and from chat; on a terminal a raw ESC could rewrite the screen.
// terminal_safe lets the newline through, which inside a table cell would fake a row, so the
// newline is shown as an escape too.
std::string one_line_safe(std::string_view text) {
    auto safe = terminal_safe(text);
    std::string out;
    out.reserve(safe.size());
    for (char c : safe) {
        if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

// The teams a command runs over, or invalid_argument naming the known ones.
Result<std::vector<std::string>> pick_teams(RotaView const& view,
                                            std::optional<std::string> const& team) {
    std::vector<std::string> teams;
    if (team) {
        if (!view.teams.count(*team)) {
            std::string known;
            for (auto const& [id, inputs] : view.teams)
                known += (known.empty() ? "" : ", ") + id;
            return unexpected(ErrorCode::invalid_argument,
                              "unknown team '" + *team + "'; known: " + known);
        }
        teams.push_back(*team);
        return teams;
    }
    for (auto const& [id, inputs] : view.teams)
        teams.push_back(id);
    return teams;
}

Result<void> check_range(Instant from, Instant to) {
    if (to <= from)
        return unexpected(ErrorCode::invalid_argument,
                          "the range is empty; --to must come after --from");
    return {};
}

// The effective inputs of a team; a team without a rota is a bug of the caller.
Result<RotaInputs const*> team_inputs(RotaView const& view, std::string const& team) {
    auto found = view.teams.find(team);
    if (found == view.teams.end() || found->second == nullptr)
        return unexpected(ErrorCode::internal, "there is no rota for team '" + team + "'");
    return found->second;
}

struct Table {
    std::vector<std::vector<std::string>> rows;

    void add(std::vector<std::string> row) {
        for (auto& cell : row)
            cell = one_line_safe(cell);
        rows.push_back(std::move(row));
    }

    // Characters, not bytes: "Jürgen" and "Lücke" take as many columns as they have letters.
    static std::size_t width(std::string_view cell) {
        return static_cast<std::size_t>(std::count_if(cell.begin(), cell.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    }

    void print(std::ostream& out) const {
        std::vector<std::size_t> widths;
        for (auto const& row : rows)
            for (std::size_t i = 0; i < row.size(); ++i) {
                widths.resize(std::max(widths.size(), row.size()));
                widths[i] = std::max(widths[i], width(row[i]));
            }
        for (auto const& row : rows) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                line += row[i];
                if (i + 1 < row.size())
                    line += std::string(widths[i] - width(row[i]) + 2, ' ');
            }
            out << line << "\n";
        }
    }
};

std::string describe(Assignment const& layer, TableWords const& words = {}) {
    auto const lang = words.language;
    std::string text = layer.person.value_or("-");
    if (layer.reason == Reason::substitute)
        text += say(lang, " (substitute for {0})", layer.substitutes_for);
    else if (layer.reason == Reason::swap)
        text += say(lang, " (swap with {0})", layer.substitutes_for);
    else if (layer.reason == Reason::override)
        text += say(lang, " (override)");
    else if (layer.reason == Reason::gap)
        text = say(lang, "nobody: {0}", words.why ? words.why(layer.cause, layer.why) : layer.why);
    else if (layer.reason == Reason::off)
        text = say(lang, "- (not covered)");
    return text;
}

// A table's headings in the team's language.
std::vector<std::string> headings(Language lang, std::initializer_list<std::string_view> english) {
    std::vector<std::string> out;
    for (auto heading : english)
        out.emplace_back(sb::words(lang, heading));
    return out;
}

} // namespace

Result<std::string> render_who(RotaView const& view, std::optional<std::string> const& team,
                               Instant at, RenderFormat format) {
    auto teams = SB_TRY(pick_teams(view, team));
    std::ostringstream out;
    json all = json::array();
    for (auto const& id : teams) {
        auto const& inputs = *SB_TRY(team_inputs(view, id));
        auto zone = zone_of(inputs);
        auto answer = who_is_on_call(inputs, at);
        if (format == RenderFormat::json) {
            json layers = json::array();
            for (auto const& layer : answer.layers)
                layers.push_back(
                    {{"layer", layer.layer},
                     {"person", nullable(layer.person)},
                     {"reason", to_string(layer.reason)},
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
        out << "team " << one_line_safe(id) << " at " << format_instant(at, zone) << ": "
            << one_line_safe(answer.window.value_or("outside every window")) << "\n";
        Table table{{{"LAYER", "ON CALL", "FROM", "UNTIL"}}};
        for (auto const& layer : answer.layers)
            table.add({layer.layer, describe(layer), format_instant(layer.start, zone),
                       format_instant(layer.end, zone)});
        table.print(out);
    }
    if (format == RenderFormat::json)
        out << (team ? all.at(0) : all).dump(2) << "\n";
    return out.str();
}

Result<std::string> render_rota(RotaView const& view, std::string const& team, Instant from,
                                Instant to, RenderFormat format, RotaStats stats,
                                TableWords const& words) {
    SB_TRY(pick_teams(view, team));
    SB_TRY(check_range(from, to));
    auto const& inputs = *SB_TRY(team_inputs(view, team));
    std::ostringstream out;
    auto zone = zone_of(inputs);
    auto spans = resolve_rota(inputs, from, to);
    auto loads =
        stats == RotaStats::include ? fairness(inputs, from, to) : std::vector<PersonLoad>{};
    if (format == RenderFormat::json) {
        json shifts = json::array();
        for (auto const& span : spans)
            shifts.push_back({{"layer", span.layer},
                              {"person", nullable(span.person)},
                              {"window", nullable(span.window)},
                              {"start", format_instant(span.start, zone)},
                              {"end", format_instant(span.end, zone)},
                              {"reason", to_string(span.reason)}});
        if (stats == RotaStats::omit) {
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
    auto const lang = words.language;
    Table table{{headings(lang, {"FROM", "UNTIL", "LAYER", "WINDOW", "ON CALL"})}};
    for (auto const& span : spans)
        table.add({format_instant(span.start, zone), format_instant(span.end, zone), span.layer,
                   span.window.value_or("-"), describe(span, words)});
    table.print(out);
    if (stats == RotaStats::include) {
        out << "\n";
        Table figures{
            {headings(lang, {"PERSON", "HOURS", "SHIFTS", "EVENINGS", "WEEKENDS", "HOLIDAYS"})}};
        for (auto const& load : loads) {
            std::ostringstream hours;
            hours << std::fixed << std::setprecision(1)
                  << static_cast<double>(load.on_call.count()) / 3600.0;
            figures.add({load.person, hours.str(), std::to_string(load.shifts),
                         std::to_string(load.evening_shifts), std::to_string(load.weekend_shifts),
                         std::to_string(load.holiday_shifts)});
        }
        figures.print(out);
    }
    return out.str();
}

Result<std::string> render_gaps(RotaView const& view, std::optional<std::string> const& team,
                                Instant from, Instant to, RenderFormat format,
                                TableWords const& words) {
    auto teams = SB_TRY(pick_teams(view, team));
    SB_TRY(check_range(from, to));
    json all = json::array();
    Table table{{headings(words.language, {"TEAM", "LAYER", "WINDOW", "FROM", "UNTIL", "WHY"})}};
    for (auto const& id : teams) {
        auto const& inputs = *SB_TRY(team_inputs(view, id));
        auto zone = zone_of(inputs);
        auto gaps = find_gaps(inputs, from, to);
        auto doubled = find_double_duty(inputs, from, to);
        gaps.insert(gaps.end(), doubled.begin(), doubled.end());
        std::stable_sort(gaps.begin(), gaps.end(),
                         [](Gap const& a, Gap const& b) { return a.start < b.start; });
        for (auto const& gap : gaps) {
            all.push_back({{"team", id},
                           {"layer", gap.layer},
                           {"window", gap.window},
                           {"start", format_instant(gap.start, zone)},
                           {"end", format_instant(gap.end, zone)},
                           {"why", gap.why}});
            table.add({id, gap.layer, gap.window, format_instant(gap.start, zone),
                       format_instant(gap.end, zone),
                       words.why ? words.why(gap.cause, gap.why) : gap.why});
        }
    }
    std::ostringstream out;
    if (format == RenderFormat::json)
        out << all.dump(2) << "\n";
    else if (table.rows.size() == 1)
        out << say(words.language, "no gaps") << "\n";
    else
        table.print(out);
    return out.str();
}

Result<std::string> render_ical(RotaView const& view, std::optional<std::string> const& person,
                                std::optional<std::string> const& team, Instant from, Instant to) {
    auto teams = SB_TRY(pick_teams(view, team));
    if (person && !view.people.count(*person))
        return unexpected(ErrorCode::invalid_argument, "unknown person '" + *person + "'");
    SB_TRY(check_range(from, to));
    std::vector<CalendarShifts> calendars;
    for (auto const& id : teams) {
        auto const& inputs = *SB_TRY(team_inputs(view, id));
        CalendarShifts calendar{id, inputs.team.zone, {}};
        for (auto& span : resolve_rota(inputs, from, to))
            if (span.person && (!person || *span.person == *person))
                calendar.shifts.push_back(std::move(span));
        calendars.push_back(std::move(calendar));
    }
    auto name = person ? "switchboard shifts of " + *person
                : team ? "switchboard shifts of team " + *team
                       : std::string("switchboard shifts");
    return export_ical(calendars, name);
}

Result<std::string> render_holidays(std::string_view region, int year, RenderFormat format) {
    auto holidays = SB_TRY(public_holidays(region, year));
    json all = json::array();
    Table table;
    for (auto const& holiday : holidays) {
        auto text = date::format("%F", date::sys_days(holiday.date));
        all.push_back({{"date", text}, {"name", holiday.name}});
        table.add({date::format("%a %F", date::sys_days(holiday.date)), holiday.name});
    }
    std::ostringstream out;
    if (format == RenderFormat::json)
        out << all.dump(2) << "\n";
    else
        table.print(out);
    return out.str();
}

} // namespace sb::schedules
