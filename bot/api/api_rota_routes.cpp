// SPDX-License-Identifier: Apache-2.0
// Reading the rota: teams, people, the resolved rota, who is on call, gaps and holidays.
#include "bot/api/api_json.hpp"
#include "bot/api/api_router.hpp"
#include "bot/api/problem.hpp"

#include <date/tz.h>

#include <algorithm>

namespace sb {
namespace {

using nlohmann::json;

// Ranges longer than this are refused: a year of spans is a large answer nobody reads.
constexpr auto longest_range = std::chrono::days(93);

struct TeamView {
    config::Team const* team = nullptr;
    schedules::RotaInputs const* inputs = nullptr;
    std::string zone;
};

std::optional<TeamView> find_team(ApiCall const& call) {
    auto const& id = call.param("team");
    auto it = call.api.core.config.teams.find(id);
    auto const* inputs = call.api.rota.rota().inputs(id);
    if (it == call.api.core.config.teams.end() || inputs == nullptr)
        return std::nullopt;
    return TeamView{&it->second, inputs, call.api.core.team_zone(id)};
}

HttpResponse no_team(ApiCall const& call) {
    return problem(404, "there is no team '" + call.param("team") + "'", "team");
}

// The range of a request: from (default now) to (default from + default_length), checked.
Result<std::pair<Instant, Instant>> range_of(ApiCall const& call, std::string const& zone,
                                             std::chrono::seconds default_length,
                                             std::chrono::seconds longest) {
    auto from = SB_TRY(query_time(call.request.query, "from", zone));
    auto to = SB_TRY(query_time(call.request.query, "to", zone));
    auto const start = from.value_or(call.now());
    auto const end = to.value_or(start + default_length);
    if (end <= start)
        return unexpected(ErrorCode::invalid_argument, "'to' must be after 'from'", "to");
    if (end - start > longest)
        return unexpected(
            ErrorCode::invalid_argument,
            "the range may be at most " +
                std::to_string(std::chrono::duration_cast<std::chrono::days>(longest).count()) +
                " days long",
            "to");
    return std::pair{start, end};
}

date::year_month_day local_date(Instant at, std::string const& zone) {
    auto const zoned = date::make_zoned(zone, at);
    return date::year_month_day{date::floor<date::days>(zoned.get_local_time())};
}

std::string date_text(date::year_month_day const& day) {
    return date::format("%F", day);
}

json holidays_json(schedules::RotaInputs const& inputs, std::string const& zone, Instant from,
                   Instant to) {
    auto const first = local_date(from, zone);
    auto const last = local_date(to - std::chrono::seconds(1), zone);
    json out = json::array();
    for (auto const& holiday : inputs.holidays)
        if (holiday.date >= first && holiday.date <= last)
            out.push_back({{"date", date_text(holiday.date)}, {"name", holiday.name}});
    return out;
}

json gaps_json(schedules::RotaInputs const& inputs, std::string const& zone, Instant from,
               Instant to) {
    json out = json::array();
    for (auto const& gap : schedules::find_gaps(inputs, from, to))
        out.push_back(gap_json(gap, zone));
    return out;
}

HttpResponse list_teams(ApiCall& call) {
    json items = json::array();
    for (auto const& [id, team] : call.api.core.config.teams)
        items.push_back(team_json(team));
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}});
}

HttpResponse get_team(ApiCall& call) {
    auto view = find_team(call);
    if (!view)
        return no_team(call);
    return json_response(200, team_json(*view->team));
}

HttpResponse list_people(ApiCall& call) {
    json items = json::array();
    for (auto const& [id, person] : call.api.core.config.people)
        items.push_back(person_json(person));
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}});
}

HttpResponse get_person(ApiCall& call) {
    auto const& people = call.api.core.config.people;
    auto it = people.find(call.param("person"));
    if (it == people.end())
        return problem(404, "there is no person '" + call.param("person") + "'", "person");
    return json_response(200, person_json(it->second));
}

HttpResponse get_rota(ApiCall& call) {
    auto view = find_team(call);
    if (!view)
        return no_team(call);
    if (auto known = only_known_parameters(call.request.query, {"from", "to"}); !known)
        return problem(known.error());
    auto range = range_of(call, view->zone, std::chrono::days(7), longest_range);
    if (!range)
        return problem(range.error());
    auto const [from, to] = *range;
    auto const& inputs = *view->inputs;
    auto const& context = call.api.core;

    json layers = json::array();
    for (auto const& layer : inputs.layers)
        layers.push_back(layer.name);
    json spans = json::array();
    for (auto const& span : schedules::resolve_rota(inputs, from, to))
        spans.push_back(span_json(context, span, view->zone));
    json windows = json::array();
    for (auto const& window : schedules::window_occurrences(inputs, from, to))
        windows.push_back({{"window", window.window},
                           {"start", time_json(window.start, view->zone)},
                           {"end", time_json(window.end, view->zone)}});
    // The team's absences that touch the range, so a view can show why a substitute covers.
    auto const members = context.team_members(view->team->id);
    auto const listed = call.api.rota.store().list(RotaEntryKind::absence);
    if (!listed)
        return problem(listed.error());
    json absences = json::array();
    for (auto const& entry : *listed) {
        if (entry.state != RotaEntryState::active)
            continue;
        if (std::find(members.begin(), members.end(), entry.person) == members.end())
            continue;
        if (entry.starts_at >= to || (entry.ends_at && *entry.ends_at <= from))
            continue;
        absences.push_back(entry_json(context, entry));
    }
    return json_response(200, {{"team", view->team->id},
                               {"timezone", view->zone},
                               {"from", time_json(from, view->zone)},
                               {"to", time_json(to, view->zone)},
                               {"layers", layers},
                               {"spans", spans},
                               {"windows", windows},
                               {"holidays", holidays_json(inputs, view->zone, from, to)},
                               {"gaps", gaps_json(inputs, view->zone, from, to)},
                               {"absences", absences}});
}

HttpResponse get_oncall(ApiCall& call) {
    auto view = find_team(call);
    if (!view)
        return no_team(call);
    if (auto known = only_known_parameters(call.request.query, {"at"}); !known)
        return problem(known.error());
    auto at_param = query_time(call.request.query, "at", view->zone);
    if (!at_param)
        return problem(at_param.error());
    auto const at = at_param->value_or(call.now());
    auto const& inputs = *view->inputs;
    auto const& context = call.api.core;
    auto const now = schedules::who_is_on_call(inputs, at);
    json layers = json::array();
    json next = json::array();
    // What comes next per layer: the first covered span after the current one ends.
    auto const ahead = schedules::resolve_rota(inputs, at, at + std::chrono::days(31));
    for (auto const& current : now.layers) {
        layers.push_back(span_json(context, current, view->zone));
        auto const after = current.reason == schedules::Reason::off ? at : current.end;
        for (auto const& span : ahead) {
            if (span.layer != current.layer || span.start < after)
                continue;
            if (span.start == current.start && current.reason != schedules::Reason::off)
                continue;
            next.push_back(span_json(context, span, view->zone));
            break;
        }
    }
    return json_response(200, {{"team", view->team->id},
                               {"timezone", view->zone},
                               {"at", time_json(at, view->zone)},
                               {"window", now.window ? json(*now.window) : json(nullptr)},
                               {"layers", layers},
                               {"next", next}});
}

HttpResponse get_gaps(ApiCall& call) {
    auto view = find_team(call);
    if (!view)
        return no_team(call);
    if (auto known = only_known_parameters(call.request.query, {"from", "to"}); !known)
        return problem(known.error());
    auto range = range_of(call, view->zone, std::chrono::days(14), longest_range);
    if (!range)
        return problem(range.error());
    return json_response(
        200, {{"items", gaps_json(*view->inputs, view->zone, range->first, range->second)},
              {"next_cursor", nullptr}});
}

HttpResponse get_holidays(ApiCall& call) {
    auto view = find_team(call);
    if (!view)
        return no_team(call);
    if (auto known = only_known_parameters(call.request.query, {"from", "to"}); !known)
        return problem(known.error());
    auto range = range_of(call, view->zone, std::chrono::days(366), std::chrono::days(3 * 366));
    if (!range)
        return problem(range.error());
    return json_response(
        200, {{"items", holidays_json(*view->inputs, view->zone, range->first, range->second)},
              {"next_cursor", nullptr}});
}

} // namespace

void add_rota_routes(ApiRoutes& routes) {
    routes.add("GET", "/api/v1/teams", Access::read, list_teams);
    routes.add("GET", "/api/v1/teams/{team}", Access::read, get_team);
    routes.add("GET", "/api/v1/teams/{team}/rota", Access::read, get_rota);
    routes.add("GET", "/api/v1/teams/{team}/oncall", Access::read, get_oncall);
    routes.add("GET", "/api/v1/teams/{team}/gaps", Access::read, get_gaps);
    routes.add("GET", "/api/v1/teams/{team}/holidays", Access::read, get_holidays);
    routes.add("GET", "/api/v1/people", Access::read, list_people);
    routes.add("GET", "/api/v1/people/{person}", Access::read, get_person);
}

} // namespace sb
