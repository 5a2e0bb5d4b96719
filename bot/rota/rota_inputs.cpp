// SPDX-License-Identifier: Apache-2.0
// Conversion of config structs into rota inputs, with errors that name the field at fault.
#include "bot/rota/rota_inputs.hpp"

#include "base/time.hpp"
#include "bot/rota/calendar_copies.hpp"
#include "schedules/holidays.hpp"
#include "schedules/ical_import.hpp"
#include "schedules/resolver.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace sb::rota {
namespace {

std::vector<date::weekday> weekdays(std::vector<unsigned> const& days) {
    std::vector<date::weekday> out;
    for (auto day : days)
        out.emplace_back(day % 7);
    return out;
}

bool is_bare_date(std::string const& text) {
    return text.size() == 10 && text[4] == '-' && text[7] == '-';
}

Result<date::local_days> parse_date(std::string const& text, std::string const& context) {
    std::istringstream in(text);
    date::local_days day;
    in >> date::parse("%Y-%m-%d", day);
    if (in.fail() || !is_bare_date(text))
        return unexpected(ErrorCode::invalid_argument,
                          "'" + text + "' is not a date; use YYYY-MM-DD", context);
    return day;
}

Result<schedules::Substitution> parse_substitution(std::string const& text,
                                                   std::string const& context) {
    using schedules::SubstitutionKind;
    if (text.empty() || text == "next")
        return schedules::Substitution{SubstitutionKind::next, {}};
    if (text == "none")
        return schedules::Substitution{SubstitutionKind::none, {}};
    if (text.rfind("deputy:", 0) == 0 && text.size() > 7)
        return schedules::Substitution{SubstitutionKind::deputy, text.substr(7)};
    if (text.rfind("layer:", 0) == 0 && text.size() > 6)
        return schedules::Substitution{SubstitutionKind::layer, text.substr(6)};
    return unexpected(ErrorCode::invalid_argument,
                      "substitution '" + text +
                          "' is not one of next, none, deputy:<person>, layer:<layer>",
                      context);
}

Result<schedules::ShiftUnit> parse_unit(std::string const& text, std::string const& context) {
    using schedules::ShiftUnit;
    if (text == "hours")
        return ShiftUnit::hours;
    if (text == "days")
        return ShiftUnit::days;
    if (text == "weeks")
        return ShiftUnit::weeks;
    if (text == "spans")
        return ShiftUnit::spans;
    return unexpected(ErrorCode::invalid_argument,
                      "shift unit '" + text + "' is not one of hours, days, weeks, spans", context);
}

// Reads a calendar, a file beside the config or the copy of a URL, and expands its events over
// the years asked. A URL without a copy yet has no events: the daemon's /readyz says so.
Result<std::vector<schedules::CalendarEvent>>
read_calendar(config::Config const& config, CalendarCopies const& copies, std::string const& name,
              std::string const& what, date::time_zone const* zone, HolidayYears years,
              std::string const& context) {
    std::stringstream text;
    std::string source = name;
    if (is_calendar_url(name)) {
        auto copy = copies.find(name);
        if (copy == copies.end())
            return std::vector<schedules::CalendarEvent>{};
        text << copy->second.body;
    } else {
        std::filesystem::path path(name);
        if (path.is_relative() && !config.path.empty())
            path = std::filesystem::path(config.path).parent_path() / path;
        std::ifstream file(path);
        if (!file)
            return unexpected(ErrorCode::invalid_argument,
                              "cannot read " + what + " '" + path.string() + "'", context);
        text << file.rdbuf();
        source = path.string();
    }
    auto from = zone->to_sys(
        date::local_seconds(date::local_days(date::year{years.first} / date::January / 1)),
        date::choose::earliest);
    auto to = zone->to_sys(
        date::local_seconds(date::local_days(date::year{years.last + 1} / date::January / 1)),
        date::choose::earliest);
    auto events = schedules::import_ical(text.str(), from, to, zone);
    if (!events)
        return unexpected(ErrorCode::invalid_argument, source + ": " + events.error().message,
                          context);
    return *events;
}

// Reads the team's own holiday calendar (an .ics file beside the config) for the years asked.
Result<std::vector<schedules::Holiday>>
read_holiday_calendar(config::Config const& config, CalendarCopies const& copies,
                      config::Team const& team, date::time_zone const* zone, HolidayYears years,
                      std::string const& context) {
    auto events = SB_TRY(read_calendar(config, copies, team.holidays_ical, "holiday calendar", zone,
                                       years, context));
    return schedules::holidays_from_events(events);
}

} // namespace

Result<std::pair<Instant, Instant>> parse_span(std::string const& from, std::string const& to,
                                               std::string const& zone,
                                               std::string const& context) {
    auto start = parse_instant(from, zone);
    if (!start)
        return unexpected(ErrorCode::invalid_argument, start.error().message, context + "/from");
    auto end = parse_instant(to, zone);
    if (!end)
        return unexpected(ErrorCode::invalid_argument, end.error().message, context + "/to");
    Instant end_at = *end;
    if (is_bare_date(to)) {
        // A bare end date means the whole day; its end is the next local midnight.
        auto day = SB_TRY(parse_date(to, context + "/to"));
        end_at = date::locate_zone(zone)->to_sys(date::local_seconds(day + date::days{1}),
                                                 date::choose::earliest);
    }
    if (end_at <= *start)
        return unexpected(ErrorCode::invalid_argument, "'to' must come after 'from'", context);
    return std::pair{*start, end_at};
}

Result<schedules::RotaInputs> build_rota_inputs(config::Config const& config,
                                                std::string const& team_id, HolidayYears years,
                                                CalendarCopies const& copies) {
    auto found = config.teams.find(team_id);
    if (found == config.teams.end()) {
        std::string known;
        for (auto const& [id, team] : config.teams)
            known += (known.empty() ? "" : ", ") + id;
        return unexpected(ErrorCode::not_found, "unknown team '" + team_id + "'; known: " + known,
                          "teams");
    }
    auto const& team = found->second;
    auto const where = "/teams/" + team_id;
    if (!is_known_zone(team.timezone))
        return unexpected(ErrorCode::invalid_argument, "unknown time zone '" + team.timezone + "'",
                          where + "/timezone");

    schedules::RotaInputs inputs;
    inputs.team.id = team_id;
    inputs.team.zone = date::locate_zone(team.timezone);
    inputs.team.business_hours = {weekdays(team.business_hours.days), team.business_hours.start,
                                  team.business_hours.end};
    for (auto const& window : team.coverage)
        inputs.team.windows.push_back(
            {window.name, weekdays(window.days), window.holidays, window.start, window.end});

    for (std::size_t i = 0; i < team.layers.size(); ++i) {
        auto const& layer = team.layers[i];
        auto const context = where + "/layers/" + std::to_string(i);
        schedules::LayerModel model;
        model.name = layer.name;
        model.members = layer.members;
        for (std::size_t m = 0; m < layer.members.size(); ++m)
            if (!config.people.count(layer.members[m]))
                return unexpected(ErrorCode::invalid_argument,
                                  "unknown person '" + layer.members[m] + "'",
                                  context + "/members/" + std::to_string(m));
        model.unit = SB_TRY(parse_unit(layer.shift_unit, context + "/shift"));
        if (layer.shift_length < 1)
            return unexpected(ErrorCode::invalid_argument, "the shift length must be at least 1",
                              context + "/shift");
        model.length = layer.shift_length;
        model.handoff_day = date::weekday{layer.handoff_day % 7};
        model.handoff_time = layer.handoff_time;
        model.start_date = SB_TRY(parse_date(layer.start_date, context + "/start"));
        model.windows = layer.windows;
        model.substitution =
            SB_TRY(parse_substitution(layer.substitution, context + "/substitution"));
        if (model.substitution.kind == schedules::SubstitutionKind::deputy &&
            !config.people.count(model.substitution.target))
            return unexpected(ErrorCode::invalid_argument,
                              "unknown deputy '" + model.substitution.target + "'",
                              context + "/substitution");
        inputs.layers.push_back(std::move(model));
    }

    if (!team.holidays.empty()) {
        for (int year = years.first; year <= years.last; ++year) {
            auto holidays = schedules::public_holidays(team.holidays, year);
            if (!holidays)
                return unexpected(ErrorCode::invalid_argument, holidays.error().message,
                                  where + "/holidays");
            inputs.holidays.insert(inputs.holidays.end(), holidays->begin(), holidays->end());
        }
    }

    if (!team.holidays_ical.empty()) {
        auto extra = SB_TRY(read_holiday_calendar(config, copies, team, inputs.team.zone, years,
                                                  where + "/holidays_ical"));
        inputs.holidays.insert(inputs.holidays.end(), extra.begin(), extra.end());
    }

    // Absence calendars (HR vacation exports) of the people in this team, read in their zone.
    for (auto const& [id, person] : config.people) {
        if (person.absences_ical.empty())
            continue;
        auto const* zone = inputs.team.zone;
        if (is_known_zone(person.timezone))
            zone = date::locate_zone(person.timezone);
        auto events = SB_TRY(read_calendar(config, copies, person.absences_ical, "absence calendar",
                                           zone, years, "/people/" + id + "/absences_ical"));
        auto absences =
            schedules::absences_from_events(events, id, schedules::AbsenceKind::vacation);
        inputs.absences.insert(inputs.absences.end(), absences.begin(), absences.end());
    }

    for (std::size_t i = 0; i < config.absences.size(); ++i) {
        auto const& absence = config.absences[i];
        auto const context = "/absences/" + std::to_string(i);
        auto person = config.people.find(absence.person);
        auto zone = person != config.people.end() && is_known_zone(person->second.timezone)
                        ? person->second.timezone
                        : team.timezone;
        auto const kind = absence.kind.empty() ? std::optional(schedules::AbsenceKind::vacation)
                                               : schedules::absence_kind_from(absence.kind);
        if (!kind)
            return unexpected(ErrorCode::invalid_argument,
                              "absence kind '" + absence.kind +
                                  "' is not one of sick, vacation, other",
                              context + "/kind");
        auto span = SB_TRY(parse_span(absence.from, absence.to, zone, context));
        inputs.absences.push_back({absence.person, *kind, span.first, span.second});
    }
    for (std::size_t i = 0; i < config.overrides.size(); ++i) {
        auto const& entry = config.overrides[i];
        if (entry.team != team_id)
            continue;
        auto span = SB_TRY(
            parse_span(entry.from, entry.to, team.timezone, "/overrides/" + std::to_string(i)));
        inputs.overrides.push_back({entry.layer, entry.person, span.first, span.second});
    }
    for (std::size_t i = 0; i < config.swaps.size(); ++i) {
        auto const& entry = config.swaps[i];
        if (entry.team != team_id)
            continue;
        auto span =
            SB_TRY(parse_span(entry.from, entry.to, team.timezone, "/swaps/" + std::to_string(i)));
        inputs.swaps.push_back(
            {entry.layer, entry.from_person, entry.to_person, span.first, span.second});
    }

    auto valid = schedules::validate(inputs);
    if (!valid)
        return unexpected(valid.error().code, valid.error().message, where);
    return inputs;
}

} // namespace sb::rota
