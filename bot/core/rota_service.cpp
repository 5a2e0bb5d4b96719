// SPDX-License-Identifier: Apache-2.0
// Rota changes as domain operations: permissions, validation, the stored entry, its audit row and
// the gap warnings it causes, shared by chat, the REST API and the web page.
#include "bot/core/rota_service.hpp"

#include "base/text.hpp"
#include "bot/core/effective_rota.hpp"
#include "schedules/resolver.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>
#include <tuple>

namespace sb {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string plural(std::size_t count, std::string const& word) {
    return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

Unexpected<Error> invalid(std::string message, std::string field) {
    return unexpected(ErrorCode::invalid_argument, std::move(message), std::move(field));
}

bool known_reason(std::string const& reason) {
    return reason == "sick" || reason == "vacation" || reason == "other";
}

std::string warned(std::size_t warnings) {
    return warnings == 0 ? std::string{}
                         : ". I warned the team room about " + plural(warnings, "new gap message");
}

// The entries the rota will hold: the active ones with `entry` replaced (or added when new),
// or without it when it is no longer active.
std::vector<RotaEntry> replaced(std::vector<RotaEntry> active, RotaEntry const& entry) {
    std::erase_if(active, [&](RotaEntry const& e) { return entry.id != 0 && e.id == entry.id; });
    if (entry.state == RotaEntryState::active) {
        active.push_back(entry);
        // Creation order is rank: a changed entry keeps its place among the others.
        std::stable_sort(active.begin(), active.end(), [](RotaEntry const& a, RotaEntry const& b) {
            auto rank = [](RotaEntry const& e) {
                return e.id == 0 ? std::numeric_limits<std::int64_t>::max() : e.id;
            };
            return rank(a) < rank(b);
        });
    }
    return active;
}

} // namespace

std::string rota_local_text(Instant at, std::string const& zone) {
    return date::format("%a %d %b %H:%M", date::make_zoned(date::locate_zone(zone), at));
}

std::string rota_span_text(Instant start, Instant end, std::string const& zone) {
    auto const* tz = date::locate_zone(zone);
    auto start_day = date::floor<date::days>(date::make_zoned(tz, start).get_local_time());
    auto end_local = date::make_zoned(tz, end);
    auto end_day = date::floor<date::days>(end_local.get_local_time());
    auto end_text = start_day == end_day ? date::format("%H:%M", end_local)
                                         : date::format("%a %d %b %H:%M", end_local);
    return rota_local_text(start, zone) + "–" + end_text;
}

RotaService::RotaService(CoreContext& context, RotaStore& store, rota::ConfigRota& rota)
    : m_context(context), m_store(store), m_rota(rota) {}

void RotaService::load() {
    apply_to_rota();
}

Result<bool> RotaService::record_config_entries() {
    return m_store.record_config_entries(m_context.config, m_context.clock.now());
}

void RotaService::apply_to_rota() {
    apply_runtime_entries(m_rota, m_store.active());
}

void RotaService::committed(std::int64_t id, bool changes_rota) {
    if (changes_rota)
        apply_to_rota();
    if (auto entry = m_store.entry(id))
        m_context.publish(RotaChanged{*entry});
    else
        m_context.publish(MessagesQueued{}); // gap warnings may still wait in the outbox
}

rota::ConfigRota RotaService::with_entries(std::vector<RotaEntry> const& active) const {
    auto rota = m_rota;
    apply_runtime_entries(rota, active);
    return rota;
}

// People and permissions.

std::optional<std::string> RotaService::find_person(std::string const& name) const {
    auto const& people = m_context.config.people;
    if (people.contains(name))
        return name;
    auto wanted = lower(name);
    for (auto const& [id, person] : people)
        if (lower(id) == wanted || (!person.name.empty() && lower(person.name) == wanted))
            return id;
    // Chat adapters write a mention as the user's id there ("<@U024BE7LH>" becomes "U024BE7LH").
    for (auto const& [id, person] : people)
        for (auto const& chat : person.chat)
            if (chat.address == name)
                return id;
    return std::nullopt;
}

Result<std::string> RotaService::known_person(std::string const& name, char const* field) const {
    if (name.empty())
        return invalid("say who: a person id such as @" +
                           (m_context.config.people.empty()
                                ? std::string("alice")
                                : m_context.config.people.begin()->first),
                       field);
    if (auto person = find_person(name))
        return *person;
    std::string message = "nobody called '" + name + "'";
    std::string guess;
    std::size_t best = 3; // more than two typos is a different name
    for (auto const& [id, person] : m_context.config.people) {
        auto distance = edit_distance(lower(name), lower(id));
        if (!person.name.empty())
            distance = std::min(distance, edit_distance(lower(name), lower(person.name)));
        if (distance < best) {
            best = distance;
            guess = id;
        }
    }
    if (!guess.empty())
        message += "; did you mean '" + guess + "'?";
    return invalid(message, field);
}

std::vector<std::string> RotaService::teams_of(std::string const& person) const {
    std::vector<std::string> out;
    for (auto const& [id, team] : m_context.config.teams) {
        auto members = m_context.team_members(id);
        if (std::find(members.begin(), members.end(), person) != members.end())
            out.push_back(id);
    }
    return out;
}

std::vector<std::string> RotaService::layer_teams(std::string const& person) const {
    auto teams = teams_of(person);
    if (!teams.empty())
        return teams;
    // A manager in no layer manages every team.
    for (auto const& [id, team] : m_context.config.teams)
        teams.push_back(id);
    return teams;
}

std::vector<std::string> RotaService::managed_teams(std::string const& person) const {
    auto found = m_context.config.people.find(person);
    if (found == m_context.config.people.end() || found->second.role != config::Role::manager)
        return {};
    return layer_teams(person);
}

bool RotaService::may_change_team(RotaActor const& actor, std::string const& team) const {
    if (!actor.manager)
        return false;
    auto teams = layer_teams(actor.person);
    return std::find(teams.begin(), teams.end(), team) != teams.end();
}

bool RotaService::may_change_person(RotaActor const& actor, std::string const& person) const {
    if (person == actor.person)
        return true;
    if (!actor.manager)
        return false;
    auto teams = teams_of(person);
    // Someone in no layer belongs to no team; any manager may record their absences.
    if (teams.empty())
        return true;
    return std::any_of(teams.begin(), teams.end(),
                       [&](std::string const& team) { return may_change_team(actor, team); });
}

// Sentences.

std::string RotaService::with_names(std::string const& text) const {
    std::string out;
    std::string word;
    auto flush = [&] {
        out += m_context.config.people.contains(word) ? m_context.display_name(word) : word;
        word.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '(' || c == ')' || c == ',') {
            flush();
            out += c;
        } else {
            word += c;
        }
    }
    flush();
    return out;
}

std::string RotaService::zone_for(RotaActor const& actor, RotaEntry const& entry) const {
    if (!actor.zone.empty())
        return actor.zone;
    if (!entry.team.empty())
        return m_context.team_zone(entry.team);
    auto teams = teams_of(entry.person);
    if (!teams.empty())
        return m_context.team_zone(teams.front());
    auto person = m_context.config.people.find(entry.person);
    if (person != m_context.config.people.end() && !person->second.timezone.empty())
        return person->second.timezone;
    return "UTC";
}

std::vector<NewOutbox> RotaService::gap_warnings(std::vector<std::string> const& teams,
                                                 rota::ConfigRota const& after) const {
    auto now = m_context.clock.now();
    auto horizon = now + date::days{gap_horizon_days};
    using Key = std::tuple<std::string, std::string, Instant, Instant>;
    std::vector<NewOutbox> out;
    for (auto const& team : teams) {
        auto const* before_inputs = m_rota.inputs(team);
        auto const* after_inputs = after.inputs(team);
        auto found = m_context.config.teams.find(team);
        if (before_inputs == nullptr || after_inputs == nullptr ||
            found == m_context.config.teams.end())
            continue;
        std::set<Key> known;
        for (auto const& gap : schedules::find_gaps(*before_inputs, now, horizon))
            known.emplace(gap.layer, gap.window, gap.start, gap.end);
        auto zone = m_context.team_zone(team);
        for (auto const& gap : schedules::find_gaps(*after_inputs, now, horizon)) {
            if (known.contains(Key{gap.layer, gap.window, gap.start, gap.end}))
                continue;
            auto text = "Gap ahead: " + gap.layer + " has nobody " +
                        rota_span_text(gap.start, gap.end, zone) + " (" + gap.window + ")";
            if (!gap.why.empty())
                text += " because " + with_names(gap.why);
            for (auto const& [adapter, room] : found->second.rooms)
                out.push_back({OutboxKind::room_message, adapter, room, "", "", text});
        }
        // One person on two layers at once is a gap in all but name: say so too.
        std::set<Key> doubled_before;
        for (auto const& gap : schedules::find_double_duty(*before_inputs, now, horizon))
            doubled_before.emplace(gap.layer, gap.window, gap.start, gap.end);
        for (auto const& gap : schedules::find_double_duty(*after_inputs, now, horizon)) {
            if (doubled_before.contains(Key{gap.layer, gap.window, gap.start, gap.end}))
                continue;
            auto text = "Gap ahead: " + with_names(gap.why) + " " +
                        rota_span_text(gap.start, gap.end, zone) + " (" + gap.window + ")";
            for (auto const& [adapter, room] : found->second.rooms)
                out.push_back({OutboxKind::room_message, adapter, room, "", "", text});
        }
    }
    return out;
}

std::string RotaService::coverage_summary(std::vector<std::string> const& teams,
                                          rota::ConfigRota const& after, std::string const& person,
                                          Instant start, Instant end) const {
    std::vector<std::string> parts;
    auto add = [&](std::string part) {
        if (std::find(parts.begin(), parts.end(), part) == parts.end())
            parts.push_back(std::move(part));
    };
    for (auto const& team : teams) {
        auto const* inputs = after.inputs(team);
        if (inputs == nullptr)
            continue;
        auto zone = m_context.team_zone(team);
        for (auto const& span : schedules::resolve_rota(*inputs, start, end)) {
            if (span.reason == schedules::Reason::substitute && span.substitutes_for == person &&
                span.person)
                add(m_context.display_name(*span.person) + " covers " + span.layer +
                    " (substitute)");
            else if (span.reason == schedules::Reason::gap &&
                     span.why.rfind(person + " is absent", 0) == 0)
                add("nobody covers " + span.layer + " " +
                    rota_span_text(span.start, span.end, zone));
        }
    }
    std::string out;
    for (auto const& part : parts)
        out += (out.empty() ? "" : ", ") + part;
    return out;
}

// Absences.

Result<RotaOutcome> RotaService::add_absence(RotaActor const& actor, NewAbsence const& absence) {
    auto person = known_person(absence.person, "person");
    if (!person)
        return unexpected(person.error());
    if (!may_change_person(actor, *person))
        return unexpected(ErrorCode::forbidden,
                          "only a rota manager can change the absences of " +
                              m_context.display_name(*person) + "; you can change your own",
                          "person");
    if (!known_reason(absence.reason))
        return invalid("the reason must be sick, vacation or other, not '" + absence.reason + "'",
                       "reason");
    auto now = m_context.clock.now();
    if (absence.end) {
        if (*absence.end <= absence.start)
            return invalid("the absence must end after it starts", "end");
        if (*absence.end <= now)
            return invalid("that absence is already over; nothing to record", "end");
    }
    RotaEntry entry;
    entry.kind = RotaEntryKind::absence;
    entry.person = *person;
    entry.reason = absence.reason;
    entry.starts_at = absence.start;
    entry.ends_at = absence.end;

    auto zone = zone_for(actor, entry);
    auto name = m_context.display_name(*person);
    auto span = "from " + rota_local_text(absence.start, zone) +
                (absence.end ? " to " + rota_local_text(*absence.end, zone)
                             : std::string(" until they are back"));
    auto after = with_entries(replaced(m_store.active(), entry));
    auto teams = teams_of(*person);
    auto warnings = gap_warnings(teams, after);
    RotaChange change{actor.person, actor.via, now, "absence.create",
                      name + " is absent (" + entry.reason + ") " + span};
    auto id = m_store.create(entry, change, [&](std::int64_t) { return warnings; });
    if (!id)
        return unexpected(id.error());
    committed(*id, true);

    auto summary_end = std::min(absence.end.value_or(open_ended_absence_end()),
                                std::max(absence.start, now) + date::days{gap_horizon_days});
    auto summary =
        coverage_summary(teams, after, *person, std::max(absence.start, now), summary_end);
    auto message = "Noted: " + name + " is absent (" + entry.reason + ") " + span;
    if (!summary.empty())
        message += "; " + summary;
    message += warned(warnings.size());
    return RotaOutcome{m_store.entry(*id).value_or(entry), message, warnings.size()};
}

Result<RotaOutcome> RotaService::back(RotaActor const& actor, std::string const& person_name) {
    auto person = known_person(person_name, "person");
    if (!person)
        return unexpected(person.error());
    if (!may_change_person(actor, *person))
        return unexpected(ErrorCode::forbidden,
                          "only a rota manager can change the absences of " +
                              m_context.display_name(*person) + "; you can change your own",
                          "person");
    auto now = m_context.clock.now();
    auto active = m_store.active();
    std::vector<std::int64_t> running;
    std::erase_if(active, [&](RotaEntry const& entry) {
        bool ends = entry.kind == RotaEntryKind::absence && entry.person == *person &&
                    entry.starts_at <= now && (!entry.ends_at || *entry.ends_at > now);
        if (ends)
            running.push_back(entry.id);
        return ends;
    });
    auto name = m_context.display_name(*person);
    if (running.empty())
        return RotaOutcome{{}, name + " has no absence running now, so nothing changed.", 0};
    auto warnings = gap_warnings(teams_of(*person), with_entries(active));
    RotaChange change{actor.person, actor.via, now, "absence.end", name + " is back"};
    auto ended =
        m_store.end_current_absences(*person, change, [&](std::int64_t) { return warnings; });
    if (!ended)
        return unexpected(ended.error());
    if (*ended == 0)
        return RotaOutcome{{}, name + " has no absence running now, so nothing changed.", 0};
    apply_to_rota();
    m_context.publish(MessagesQueued{}); // the gap warnings
    RotaOutcome outcome;
    for (auto id : running)
        if (auto entry = m_store.entry(id)) {
            m_context.publish(RotaChanged{*entry});
            outcome.entry = *entry;
        }
    outcome.message = "Welcome back, " + name + ": " +
                      plural(static_cast<std::size_t>(*ended), "absence") + " ended now.";
    outcome.gap_warnings = warnings.size();
    return outcome;
}

// Overrides.

Result<RotaOutcome> RotaService::add_override(RotaActor const& actor,
                                              NewOverride const& override_shift) {
    auto team = m_context.config.teams.find(override_shift.team);
    if (team == m_context.config.teams.end())
        return invalid("there is no team '" + override_shift.team + "'", "team");
    auto person = known_person(override_shift.person, "person");
    if (!person)
        return unexpected(person.error());
    if (!may_change_team(actor, override_shift.team))
        return unexpected(ErrorCode::forbidden,
                          "only a rota manager of " + override_shift.team +
                              " can change the overrides of " + m_context.display_name(*person),
                          "team");
    auto const& layers = team->second.layers;
    if (layers.empty())
        return invalid("team '" + override_shift.team + "' has no layers to override", "team");
    auto layer = override_shift.layer.empty() ? layers.front().name : override_shift.layer;
    if (std::none_of(layers.begin(), layers.end(),
                     [&](config::Layer const& known) { return known.name == layer; })) {
        std::string names;
        for (auto const& known : layers)
            names += (names.empty() ? "" : ", ") + known.name;
        return invalid("team " + override_shift.team + " has no layer '" + layer +
                           "'; its layers: " + names,
                       "layer");
    }
    if (override_shift.end <= override_shift.start)
        return invalid("the override must end after it starts", "end");
    auto now = m_context.clock.now();
    if (override_shift.end <= now)
        return invalid("that span is already over; nothing to override", "end");

    RotaEntry entry;
    entry.kind = RotaEntryKind::override;
    entry.team = override_shift.team;
    entry.layer = layer;
    entry.person = *person;
    entry.starts_at = override_shift.start;
    entry.ends_at = override_shift.end;
    auto zone = zone_for(actor, entry);
    auto name = m_context.display_name(*person);
    auto span = rota_span_text(override_shift.start, override_shift.end, zone);
    auto warnings =
        gap_warnings({override_shift.team}, with_entries(replaced(m_store.active(), entry)));
    RotaChange change{actor.person, actor.via, now, "override.create",
                      name + " covers " + layer + " of " + override_shift.team + " " + span};
    auto id = m_store.create(entry, change, [&](std::int64_t) { return warnings; });
    if (!id)
        return unexpected(id.error());
    committed(*id, true);
    auto message = "Noted: " + name + " covers " + layer + " " + span + " (override)" +
                   warned(warnings.size());
    return RotaOutcome{m_store.entry(*id).value_or(entry), message, warnings.size()};
}

// Changing and ending absences and overrides.

Result<RotaEntry> RotaService::changeable_entry(RotaActor const& actor, std::int64_t id,
                                                std::optional<int> expected_version) const {
    auto entry = m_store.entry(id);
    if (!entry || entry->kind == RotaEntryKind::swap)
        return unexpected(ErrorCode::not_found,
                          "there is no absence or override " + std::to_string(id));
    auto noun = std::string(to_string(entry->kind));
    bool allowed = entry->kind == RotaEntryKind::absence ? may_change_person(actor, entry->person)
                                                         : may_change_team(actor, entry->team);
    if (!allowed)
        return unexpected(
            ErrorCode::forbidden,
            entry->kind == RotaEntryKind::absence
                ? "only a rota manager can change the absences of " +
                      m_context.display_name(entry->person) + "; you can change your own"
                : "only a rota manager of " + entry->team + " can change its overrides");
    if (entry->state != RotaEntryState::active)
        return unexpected(ErrorCode::conflict, "the " + noun + " " + std::to_string(id) + " is " +
                                                   to_string(entry->state) +
                                                   "; it can no longer be changed");
    if (expected_version && *expected_version != entry->version)
        return unexpected(ErrorCode::conflict, "the " + noun + " was changed meanwhile (version " +
                                                   std::to_string(entry->version) +
                                                   " now); reload and try again");
    return *entry;
}

Result<RotaOutcome> RotaService::change_entry(RotaActor const& actor, std::int64_t id,
                                              int expected_version, EntryChange const& change) {
    auto found = changeable_entry(actor, id, expected_version);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    bool absence = entry.kind == RotaEntryKind::absence;
    if (change.reason) {
        if (!absence)
            return invalid("an override has no reason", "reason");
        if (!known_reason(*change.reason))
            return invalid("the reason must be sick, vacation or other, not '" + *change.reason +
                               "'",
                           "reason");
        entry.reason = *change.reason;
    }
    if (change.person) {
        if (absence)
            return invalid("an absence stays with its person; end it and record a new one",
                           "person");
        auto person = known_person(*change.person, "person");
        if (!person)
            return unexpected(person.error());
        entry.person = *person;
    }
    if (change.layer) {
        if (absence)
            return invalid("an absence applies to every layer", "layer");
        auto team = m_context.config.teams.find(entry.team);
        auto const* layers = team == m_context.config.teams.end() ? nullptr : &team->second.layers;
        if (layers == nullptr ||
            std::none_of(layers->begin(), layers->end(),
                         [&](config::Layer const& known) { return known.name == *change.layer; })) {
            std::string names;
            if (layers != nullptr)
                for (auto const& known : *layers)
                    names += (names.empty() ? "" : ", ") + known.name;
            return invalid("team " + entry.team + " has no layer '" + *change.layer +
                               "'; its layers: " + names,
                           "layer");
        }
        entry.layer = *change.layer;
    }
    if (change.start)
        entry.starts_at = *change.start;
    if (change.end) {
        if (!*change.end && !absence)
            return invalid("an override needs an end", "end");
        entry.ends_at = *change.end;
    }
    auto noun = std::string(to_string(entry.kind));
    auto now = m_context.clock.now();
    if (entry.ends_at) {
        if (*entry.ends_at <= entry.starts_at)
            return invalid("the " + noun + " must end after it starts", "end");
        if (*entry.ends_at <= now)
            return invalid("that " + noun + " would be over already; end it instead", "end");
    }

    auto zone = zone_for(actor, entry);
    auto name = m_context.display_name(entry.person);
    auto teams = absence ? teams_of(entry.person) : std::vector<std::string>{entry.team};
    auto after = with_entries(replaced(m_store.active(), entry));
    auto warnings = gap_warnings(teams, after);
    std::string what;
    if (absence)
        what = name + " is absent (" + entry.reason + ") from " +
               rota_local_text(entry.starts_at, zone) +
               (entry.ends_at ? " to " + rota_local_text(*entry.ends_at, zone)
                              : std::string(" until they are back"));
    else
        what = name + " covers " + entry.layer + " of " + entry.team + " " +
               rota_span_text(entry.starts_at, entry.ends_at.value_or(entry.starts_at), zone);
    RotaChange record{actor.person, actor.via, now, noun + ".change",
                      "changed " + noun + " " + std::to_string(id) + ": " + what};
    auto stored = m_store.change_entry(id, expected_version, entry, record,
                                       [&](std::int64_t) { return warnings; });
    if (!stored)
        return unexpected(stored.error());
    committed(id, true);
    return RotaOutcome{*stored, "Changed: " + what + warned(warnings.size()), warnings.size()};
}

Result<RotaOutcome> RotaService::end_entry(RotaActor const& actor, std::int64_t id,
                                           std::optional<int> expected_version) {
    auto found = changeable_entry(actor, id, expected_version);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto now = m_context.clock.now();
    bool ahead = entry.starts_at > now;
    auto ended = entry;
    ended.state = RotaEntryState::ended;
    auto active = replaced(m_store.active(), ended);
    if (!ahead) {
        // What already happened stays; only the rest of the entry goes.
        ended.state = RotaEntryState::active;
        ended.ends_at = now;
        active = replaced(std::move(active), ended);
    }
    bool absence = entry.kind == RotaEntryKind::absence;
    auto teams = absence ? teams_of(entry.person) : std::vector<std::string>{entry.team};
    auto warnings = gap_warnings(teams, with_entries(active));
    auto zone = zone_for(actor, entry);
    auto name = m_context.display_name(entry.person);
    auto noun = std::string(to_string(entry.kind));
    std::string what = absence ? name + "'s absence (" + entry.reason + ")"
                               : name + "'s override of " + entry.layer + " " +
                                     rota_span_text(entry.starts_at,
                                                    entry.ends_at.value_or(entry.starts_at), zone);
    auto detail = ahead ? what + " is cancelled; it never applies"
                        : what + " ends now (" + rota_local_text(now, zone) + ")";
    RotaChange change{actor.person, actor.via, now, noun + ".end", detail};
    auto done = m_store.end_entry(
        id, change, [&](std::int64_t) { return warnings; }, expected_version);
    if (!done)
        return unexpected(done.error());
    committed(id, true);
    return RotaOutcome{m_store.entry(id).value_or(entry),
                       "Ended: " + detail + warned(warnings.size()), warnings.size()};
}

// Swaps.

Result<RotaOutcome> RotaService::request_swap(RotaActor const& actor, NewSwap const& swap) {
    auto const* inputs = m_rota.inputs(swap.team);
    if (inputs == nullptr || !m_context.config.teams.contains(swap.team))
        return invalid("there is no team '" + swap.team + "'", "team");
    auto giver = known_person(swap.person.empty() ? actor.person : swap.person, "person");
    if (!giver)
        return unexpected(giver.error());
    bool own = *giver == actor.person;
    if (!own && !may_change_team(actor, swap.team))
        return unexpected(ErrorCode::forbidden,
                          "only " + m_context.display_name(*giver) + " or a rota manager of " +
                              swap.team + " can give their shift away",
                          "person");
    auto other = known_person(swap.to_person, "to_person");
    if (!other)
        return unexpected(other.error());
    if (*other == *giver)
        return invalid(own ? "a swap needs someone else to take your shift"
                           : "a swap needs someone else to take the shift",
                       "to_person");
    RotaEntry probe;
    probe.team = swap.team;
    auto zone = zone_for(actor, probe);
    auto now = m_context.clock.now();
    std::optional<schedules::Assignment> shift;
    for (auto const& layer : schedules::who_is_on_call(*inputs, swap.shift_at).layers)
        if (layer.person == *giver && layer.reason == schedules::Reason::rotation) {
            shift = layer;
            break;
        }
    if (!shift)
        return invalid((own ? std::string("you have") : m_context.display_name(*giver) + " has") +
                           " no shift of " + (own ? "your" : "their") + " own in " + swap.team +
                           " at " + rota_local_text(swap.shift_at, zone) +
                           "; 'rota' shows who is on when",
                       "shift_at");
    if (shift->end <= now)
        return invalid("that shift is already over", "shift_at");

    RotaEntry entry;
    entry.kind = RotaEntryKind::swap;
    entry.team = swap.team;
    entry.layer = shift->layer;
    entry.person = *giver;
    entry.other_person = *other;
    entry.starts_at = shift->start;
    entry.ends_at = shift->end;
    entry.state = RotaEntryState::requested;
    auto span = rota_span_text(shift->start, shift->end, zone);
    auto requester = m_context.display_name(*giver);
    auto asked = m_context.display_name(*other);
    bool reachable = false;
    RotaChange change{actor.person, actor.via, now, "swap.request",
                      requester + " asks " + asked + " to take their " + shift->layer + " shift " +
                          span};
    auto id = m_store.create(entry, change, [&](std::int64_t new_id) {
        auto number = std::to_string(new_id);
        auto messages = m_context.direct_messages(
            *other, requester + " asks you to take their " + shift->layer + " shift " + span +
                        "; answer 'swap accept " + number + "' or 'swap decline " + number + "'");
        reachable = !messages.empty();
        return messages;
    });
    if (!id)
        return unexpected(id.error());
    committed(*id, false);
    auto number = std::to_string(*id);
    auto message = "Asked " + asked + " to take " + (own ? "your " : requester + "'s ") +
                   shift->layer + " shift " + span + " (swap request " + number + ")";
    if (reachable)
        message +=
            own ? "; I'll tell you their answer." : "; I'll tell " + requester + " the answer.";
    else
        message += "; I can't reach " + asked + " in chat, so please ask them to answer 'swap " +
                   "accept " + number + "'.";
    return RotaOutcome{m_store.entry(*id).value_or(entry), message, 0};
}

namespace {

// Loads swap `id` still waiting for an answer, or says why it cannot be answered.
Result<RotaEntry> open_swap(RotaStore& store, std::int64_t id) {
    auto entry = store.entry(id);
    if (!entry || entry->kind != RotaEntryKind::swap)
        return unexpected(ErrorCode::not_found, "there is no swap request " + std::to_string(id));
    return *entry;
}

// A swap request the actor may answer: only the person asked, and only while it is requested.
Result<RotaEntry> swap_to_answer(CoreContext const& context, RotaStore& store,
                                 RotaActor const& actor, std::int64_t id) {
    auto entry = open_swap(store, id);
    if (!entry)
        return entry;
    if (entry->other_person != actor.person)
        return unexpected(ErrorCode::forbidden, "swap request " + std::to_string(id) + " asks " +
                                                    context.display_name(entry->other_person) +
                                                    ", so only they can answer it");
    if (entry->state != RotaEntryState::requested)
        return unexpected(ErrorCode::conflict, "swap request " + std::to_string(id) +
                                                   " is already " + to_string(entry->state));
    return entry;
}

} // namespace

Result<RotaOutcome> RotaService::accept_swap(RotaActor const& actor, std::int64_t id) {
    auto found = swap_to_answer(m_context, m_store, actor, id);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto requester = m_context.display_name(entry.person);
    auto asked = m_context.display_name(entry.other_person);
    auto now = m_context.clock.now();
    auto zone = zone_for(actor, entry);
    auto end = entry.ends_at.value_or(entry.starts_at);
    auto span = rota_span_text(entry.starts_at, end, zone);
    if (end <= now)
        return unexpected(ErrorCode::conflict, "that shift is already over");

    auto accepted = entry;
    accepted.state = RotaEntryState::active;
    auto messages = gap_warnings({entry.team}, with_entries(replaced(m_store.active(), accepted)));
    auto warnings = messages.size();
    auto note = m_context.direct_messages(entry.person, asked + " took your " + entry.layer +
                                                            " shift " + span + " (swap request " +
                                                            std::to_string(id) + ")");
    messages.insert(messages.end(), note.begin(), note.end());
    RotaChange change{actor.person, actor.via, now, "swap.accept",
                      asked + " takes " + requester + "'s " + entry.layer + " shift " + span};
    auto done = m_store.accept_swap(id, change, [&](std::int64_t) { return messages; });
    if (!done)
        return unexpected(done.error());
    committed(id, true);
    auto message = "Done: you cover " + requester + "'s " + entry.layer + " shift " + span + ".";
    if (warnings > 0)
        message += " I warned the team room about " + plural(warnings, "new gap message") + ".";
    return RotaOutcome{m_store.entry(id).value_or(entry), message, warnings};
}

Result<RotaOutcome> RotaService::decline_swap(RotaActor const& actor, std::int64_t id) {
    auto found = swap_to_answer(m_context, m_store, actor, id);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto requester = m_context.display_name(entry.person);
    auto asked = m_context.display_name(entry.other_person);
    auto now = m_context.clock.now();
    auto zone = zone_for(actor, entry);
    auto span = rota_span_text(entry.starts_at, entry.ends_at.value_or(entry.starts_at), zone);
    auto messages = m_context.direct_messages(
        entry.person, asked + " declined to take your " + entry.layer + " shift " + span +
                          " (swap request " + std::to_string(id) + ")");
    RotaChange change{actor.person, actor.via, now, "swap.decline",
                      asked + " declines " + requester + "'s " + entry.layer + " shift " + span};
    auto done = m_store.decline_swap(id, change, [&](std::int64_t) { return messages; });
    if (!done)
        return unexpected(done.error());
    committed(id, false);
    return RotaOutcome{
        m_store.entry(id).value_or(entry),
        "Declined: " + requester + " keeps their " + entry.layer + " shift " + span + ".", 0};
}

Result<RotaOutcome> RotaService::withdraw_swap(RotaActor const& actor, std::int64_t id) {
    auto found = open_swap(m_store, id);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto requester = m_context.display_name(entry.person);
    auto asked = m_context.display_name(entry.other_person);
    if (entry.person != actor.person && !may_change_team(actor, entry.team))
        return unexpected(ErrorCode::forbidden, "swap request " + std::to_string(id) + " is " +
                                                    requester +
                                                    "'s, so only they or a rota manager of " +
                                                    entry.team + " can withdraw it");
    if (entry.state != RotaEntryState::requested)
        return unexpected(ErrorCode::conflict, "swap request " + std::to_string(id) +
                                                   " is already " + to_string(entry.state));
    auto now = m_context.clock.now();
    auto zone = zone_for(actor, entry);
    auto span = rota_span_text(entry.starts_at, entry.ends_at.value_or(entry.starts_at), zone);
    auto messages = m_context.direct_messages(entry.other_person,
                                              requester + " withdrew swap request " +
                                                  std::to_string(id) + " (their " + entry.layer +
                                                  " shift " + span + "); nothing to answer");
    RotaChange change{actor.person, actor.via, now, "swap.withdraw",
                      requester + " withdraws the request to " + asked + " for their " +
                          entry.layer + " shift " + span};
    auto done = m_store.withdraw_swap(id, change, [&](std::int64_t) { return messages; });
    if (!done)
        return unexpected(done.error());
    committed(id, false);
    return RotaOutcome{m_store.entry(id).value_or(entry),
                       "Withdrawn: swap request " + std::to_string(id) + "; " + requester +
                           " keeps their " + entry.layer + " shift " + span + ".",
                       0};
}

} // namespace sb
