// SPDX-License-Identifier: Apache-2.0
// Absences, overrides and swaps: listed from the store, changed only through the RotaService,
// so the API shares chat's rules, gap warnings and audit log. Changes of one entry are guarded
// by its ETag.
#include "bot/api/api_json.hpp"
#include "bot/api/api_router.hpp"
#include "bot/api/problem.hpp"

#include <algorithm>

namespace sb {
namespace {

using nlohmann::json;

char const* noun(RotaEntryKind kind) {
    return to_string(kind);
}

std::string collection(RotaEntryKind kind) {
    return std::string("/api/v1/") + to_string(kind) + "s";
}

std::string person_zone(ApiCall const& call, std::string const& person) {
    auto const& people = call.api.core.config.people;
    auto it = people.find(person);
    if (it == people.end() || it->second.timezone.empty())
        return "UTC";
    return it->second.timezone;
}

// The entry with its ETag, as every answer about one entry gives it.
HttpResponse entry_response(ApiCall const& call, int status, RotaEntry const& entry,
                            RotaOutcome const* outcome = nullptr) {
    auto body = entry_json(call.api.core, entry);
    if (outcome != nullptr) {
        body["message"] = outcome->message;
        body["gap_warnings"] = outcome->gap_warnings;
    }
    auto response = json_response(status, body);
    response.headers.emplace_back("ETag", entry_etag(entry));
    if (status == 201)
        response.headers.emplace_back("Location",
                                      collection(entry.kind) + "/" + std::to_string(entry.id));
    return response;
}

// The entry named by the path's {id}, of the route's kind.
Result<RotaEntry> load_entry(ApiCall const& call, RotaEntryKind kind) {
    auto const not_found = [&] {
        return unexpected(ErrorCode::not_found,
                          std::string("there is no ") + noun(kind) + " " + call.param("id"), "id");
    };
    auto id = id_parameter(call.param("id"), "id");
    if (!id)
        return not_found();
    auto entry = SB_TRY(call.api.rota.store().entry(*id));
    if (!entry || entry->kind != kind)
        return not_found();
    return *entry;
}

// The entry a PATCH or DELETE names, if the actor may `verb` it; else the 403 or 404 to answer.
// A member is refused the same way whether or not the entry exists, so a refusal reveals
// nothing; a manager, who may change entries of other people, learns that an id is unknown.
std::optional<RotaEntry> entry_to_change(ApiCall const& call, RotaEntryKind kind,
                                         RotaActor const& actor, std::string const& verb,
                                         HttpResponse& refusal) {
    auto refused = [&](std::string const& team) {
        refusal =
            problem(403, kind == RotaEntryKind::absence
                             ? "you may " + verb + " your own absences only; a manager " +
                                   "of the person's team may " + verb + " theirs"
                             : "only a manager of " + (team.empty() ? "the team" : "team " + team) +
                                   " may " + verb + " its overrides");
        return std::nullopt;
    };
    auto entry = load_entry(call, kind);
    if (!entry) {
        if (!actor.manager)
            return refused("");
        refusal = problem(entry.error());
        return std::nullopt;
    }
    bool const allowed = kind == RotaEntryKind::absence
                             ? call.api.rota.may_change_person(actor, entry->person)
                             : call.api.rota.may_change_team(actor, entry->team);
    if (!allowed)
        return refused(entry->team);
    return *entry;
}

// The version If-Match names: 428 without one, 412 when it is not the entry's current ETag.
Result<int> expected_version(ApiCall const& call, RotaEntry const& entry) {
    auto header = call.request.header("If-Match");
    if (header.empty())
        return unexpected(ErrorCode::invalid_argument,
                          "send If-Match with the ETag of the " + std::string(noun(entry.kind)) +
                              " you read, so a change made meanwhile is not overwritten",
                          "If-Match");
    if (header.rfind("W/", 0) == 0)
        header = header.substr(2);
    if (header != entry_etag(entry) && header != "*")
        return unexpected(ErrorCode::conflict,
                          std::string("the ") + noun(entry.kind) +
                              " changed since you read it (it is " + entry_etag(entry) +
                              " now); read it again and repeat the change",
                          "If-Match");
    return entry.version;
}

HttpResponse precondition_problem(Error const& error) {
    return problem(error.code == ErrorCode::invalid_argument ? 428 : 412, error.message,
                   error.context);
}

// A refusal of the service after If-Match passed: a conflict is a change that came in between
// (412) when the version moved, else a state that no longer allows it (409).
HttpResponse change_problem(ApiCall const& call, Error const& error, RotaEntry const& before) {
    if (error.code == ErrorCode::conflict) {
        auto now = call.api.rota.store().entry(before.id);
        if (now && *now && (*now)->version != before.version)
            return problem(412, error.message + " (it changed meanwhile; read it again and repeat)",
                           "If-Match");
    }
    return problem(error, 422);
}

// Entry states for ?state=; an unknown one is an error naming the parameter.
Result<std::vector<RotaEntryState>> states_param(ApiCall const& call,
                                                 std::vector<std::string> const& allowed) {
    std::vector<RotaEntryState> states;
    for (auto const& text : query_list(call.request.query, "state")) {
        std::optional<RotaEntryState> found;
        for (auto state :
             {RotaEntryState::active, RotaEntryState::requested, RotaEntryState::declined,
              RotaEntryState::withdrawn, RotaEntryState::ended})
            if (text == to_string(state))
                found = state;
        bool const listed = std::find(allowed.begin(), allowed.end(), text) != allowed.end();
        if (!found || !listed) {
            std::string names;
            for (auto const& name : allowed)
                names += (names.empty() ? "" : ", ") + name;
            return unexpected(ErrorCode::invalid_argument,
                              "unknown state '" + text + "'" + suggestion(text, allowed) +
                                  " (known: " + names + ")",
                              "state");
        }
        states.push_back(*found);
    }
    return states;
}

HttpResponse list_entries(ApiCall& call, RotaEntryKind kind) {
    std::vector<std::string> known{"state", "from", "to", "person", "cursor", "limit"};
    if (kind != RotaEntryKind::absence)
        known.push_back("team");
    if (auto ok = only_known_parameters(call.request.query, known); !ok)
        return problem(ok.error());
    auto const allowed =
        kind == RotaEntryKind::swap
            ? std::vector<std::string>{"requested", "active", "declined", "withdrawn", "ended"}
            : std::vector<std::string>{"active", "ended"};
    auto states = states_param(call, allowed);
    if (!states)
        return problem(states.error());
    auto page = list_page(call.request.query);
    if (!page)
        return problem(page.error());
    auto from = query_time(call.request.query, "from", "UTC");
    if (!from)
        return problem(from.error());
    auto to = query_time(call.request.query, "to", "UTC");
    if (!to)
        return problem(to.error());
    RotaEntryQuery query;
    query.kind = kind;
    query.states = *states;
    query.person = call.query("person").value_or("");
    query.team = call.query("team").value_or("");
    query.from = *from;
    query.to = *to;
    query.before_id = page->before_id;
    query.limit = page->limit;
    auto result = call.api.rota.store().query(query);
    if (!result)
        return problem(result.error());
    json items = json::array();
    for (auto const& entry : result->entries)
        items.push_back(entry_json(call.api.core, entry));
    return list_response(call, items, result->next_before_id);
}

HttpResponse get_entry(ApiCall& call, RotaEntryKind kind) {
    auto entry = load_entry(call, kind);
    if (!entry)
        return problem(entry.error());
    return entry_response(call, 200, *entry);
}

// PATCH: who may change it first, then the ETag, then the change itself.
HttpResponse patch_entry(ApiCall& call, RotaEntryKind kind) {
    std::vector<std::string> known =
        kind == RotaEntryKind::absence
            ? std::vector<std::string>{"reason", "start", "end"}
            : std::vector<std::string>{"person", "layer", "start", "end"};
    auto const actor = call.rota_actor();
    HttpResponse refusal;
    auto entry = entry_to_change(call, kind, actor, "change", refusal);
    if (!entry)
        return refusal;
    auto version = expected_version(call, *entry);
    if (!version)
        return precondition_problem(version.error());
    auto body = JsonBody::parse(call.request.body, known);
    if (!body)
        return problem(body.error());
    auto const zone = entry_zone(call.api.core, *entry);
    EntryChange change;
    auto start = body->time("start", zone);
    if (!start)
        return problem(start.error());
    change.start = *start;
    if (body->has("end")) {
        if (body->is_null("end")) {
            if (kind != RotaEntryKind::absence)
                return problem(400, "an override needs an end", "end");
            change.end = std::optional<Instant>{};
        } else {
            auto end = body->time("end", zone);
            if (!end)
                return problem(end.error());
            change.end = *end;
        }
    }
    for (auto const& [name, target] :
         {std::pair{"reason", &change.reason}, std::pair{"person", &change.person},
          std::pair{"layer", &change.layer}}) {
        auto value = body->text(name);
        if (!value)
            return problem(value.error());
        if (*value)
            *target = **value;
    }
    auto outcome = call.api.rota.change_entry(actor, entry->id, *version, change);
    if (!outcome)
        return change_problem(call, outcome.error(), *entry);
    return entry_response(call, 200, outcome->entry, &*outcome);
}

HttpResponse delete_entry(ApiCall& call, RotaEntryKind kind) {
    auto const actor = call.rota_actor();
    HttpResponse refusal;
    auto entry = entry_to_change(call, kind, actor, "end", refusal);
    if (!entry)
        return refusal;
    auto version = expected_version(call, *entry);
    if (!version)
        return precondition_problem(version.error());
    auto outcome = call.api.rota.end_entry(actor, entry->id, *version);
    if (!outcome)
        return change_problem(call, outcome.error(), *entry);
    HttpResponse response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

HttpResponse post_absence(ApiCall& call) {
    auto body = JsonBody::parse(call.request.body, {"person", "reason", "start", "end"});
    if (!body)
        return problem(body.error());
    auto person = body->text("person");
    if (!person)
        return problem(person.error());
    NewAbsence absence;
    absence.person = person->value_or(call.principal.person);
    auto const actor = call.rota_actor();
    // Permission before anything else: the answer must not tell whether the person exists.
    if (!call.api.rota.may_change_person(actor, absence.person))
        return problem(403,
                       "you may report your own absences only; a manager of the person's team "
                       "may report theirs",
                       "person");
    auto const zone = person_zone(call, absence.person);
    auto reason = body->text("reason");
    if (!reason)
        return problem(reason.error());
    if (*reason)
        absence.reason = **reason;
    auto start = body->time("start", zone);
    if (!start)
        return problem(start.error());
    absence.start = start->value_or(call.now());
    auto end = body->time("end", zone);
    if (!end)
        return problem(end.error());
    absence.end = *end;
    auto outcome = call.api.rota.add_absence(actor, absence);
    if (!outcome)
        return problem(outcome.error(), 422);
    return entry_response(call, 201, outcome->entry, &*outcome);
}

HttpResponse post_override(ApiCall& call) {
    auto body = JsonBody::parse(call.request.body, {"team", "layer", "person", "start", "end"});
    if (!body)
        return problem(body.error());
    auto team = body->required_text("team");
    if (!team)
        return problem(team.error());
    auto const actor = call.rota_actor();
    if (!call.api.rota.may_change_team(actor, *team))
        return problem(403, "only a manager of team " + *team + " may add overrides to it", "team");
    auto const zone = call.api.core.team_zone(*team);
    NewOverride override_shift;
    override_shift.team = *team;
    auto layer = body->text("layer");
    if (!layer)
        return problem(layer.error());
    override_shift.layer = layer->value_or("");
    auto person = body->required_text("person");
    if (!person)
        return problem(person.error());
    override_shift.person = *person;
    auto start = body->required_time("start", zone);
    if (!start)
        return problem(start.error());
    override_shift.start = *start;
    auto end = body->required_time("end", zone);
    if (!end)
        return problem(end.error());
    override_shift.end = *end;
    auto outcome = call.api.rota.add_override(actor, override_shift);
    if (!outcome)
        return problem(outcome.error(), 422);
    return entry_response(call, 201, outcome->entry, &*outcome);
}

HttpResponse post_swap(ApiCall& call) {
    auto body = JsonBody::parse(call.request.body, {"team", "person", "to_person", "shift_at"});
    if (!body)
        return problem(body.error());
    auto team = body->required_text("team");
    if (!team)
        return problem(team.error());
    auto person = body->text("person");
    if (!person)
        return problem(person.error());
    NewSwap swap;
    swap.team = *team;
    swap.person = person->value_or(call.principal.person);
    auto const actor = call.rota_actor();
    if (!call.api.rota.may_change_person(actor, swap.person) &&
        !call.api.rota.may_change_team(actor, swap.team))
        return problem(403,
                       "you may offer your own shifts only; a manager of the team may offer "
                       "anyone's",
                       "person");
    auto to_person = body->required_text("to_person");
    if (!to_person)
        return problem(to_person.error());
    swap.to_person = *to_person;
    auto shift_at = body->required_time("shift_at", call.api.core.team_zone(swap.team));
    if (!shift_at)
        return problem(shift_at.error());
    swap.shift_at = *shift_at;
    auto outcome = call.api.rota.request_swap(actor, swap);
    if (!outcome)
        return problem(outcome.error(), 422);
    return entry_response(call, 201, outcome->entry, &*outcome);
}

using SwapAnswer = Result<RotaOutcome> (RotaService::*)(RotaActor const&, std::int64_t);

ApiHandler answer_swap(SwapAnswer answer) {
    return [answer](ApiCall& call) {
        if (auto body = JsonBody::parse(call.request.body, {}); !body)
            return problem(body.error());
        auto entry = load_entry(call, RotaEntryKind::swap);
        if (!entry)
            return problem(entry.error());
        auto outcome = (call.api.rota.*answer)(call.rota_actor(), entry->id);
        if (!outcome)
            return problem(outcome.error(), 422);
        return entry_response(call, 200, outcome->entry, &*outcome);
    };
}

ApiHandler of_kind(HttpResponse (*handler)(ApiCall&, RotaEntryKind), RotaEntryKind kind) {
    return [handler, kind](ApiCall& call) { return handler(call, kind); };
}

} // namespace

void add_entry_routes(ApiRoutes& routes) {
    using enum RotaEntryKind;
    routes.add("GET", "/api/v1/absences", Access::read, of_kind(list_entries, absence));
    routes.add("POST", "/api/v1/absences", Access::change, post_absence);
    routes.add("GET", "/api/v1/absences/{id}", Access::read, of_kind(get_entry, absence));
    routes.add("PATCH", "/api/v1/absences/{id}", Access::change, of_kind(patch_entry, absence));
    routes.add("DELETE", "/api/v1/absences/{id}", Access::change, of_kind(delete_entry, absence));
    routes.add("GET", "/api/v1/overrides", Access::read, of_kind(list_entries, override));
    routes.add("POST", "/api/v1/overrides", Access::change, post_override);
    routes.add("GET", "/api/v1/overrides/{id}", Access::read, of_kind(get_entry, override));
    routes.add("PATCH", "/api/v1/overrides/{id}", Access::change, of_kind(patch_entry, override));
    routes.add("DELETE", "/api/v1/overrides/{id}", Access::change, of_kind(delete_entry, override));
    routes.add("GET", "/api/v1/swaps", Access::read, of_kind(list_entries, swap));
    routes.add("POST", "/api/v1/swaps", Access::change, post_swap);
    routes.add("GET", "/api/v1/swaps/{id}", Access::read, of_kind(get_entry, swap));
    routes.add("POST", "/api/v1/swaps/{id}/accept", Access::change,
               answer_swap(&RotaService::accept_swap));
    routes.add("POST", "/api/v1/swaps/{id}/decline", Access::change,
               answer_swap(&RotaService::decline_swap));
    routes.add("POST", "/api/v1/swaps/{id}/withdraw", Access::change,
               answer_swap(&RotaService::withdraw_swap));
}

} // namespace sb
