// SPDX-License-Identifier: Apache-2.0
// Rota changes as domain operations: permissions, validation, the stored entry, its audit row and
// the gap warnings it causes, shared by chat, the REST API and the web page.
#include "bot/core/rota_service.hpp"

#include "base/say.hpp"
#include "base/text.hpp"
#include "bot/core/effective_rota.hpp"
#include "schedules/resolver.hpp"

#include <date/tz.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
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

// German needs its own plural as much as English does, so both forms are whole messages.
std::string plural(Language lang, std::size_t count, std::string_view one, std::string_view many) {
    return say(lang, count == 1 ? one : many, count);
}

std::string gap_messages(Language lang, std::size_t count) {
    return plural(lang, count, "{0} new gap message", "{0} new gap messages");
}

Unexpected<Error> invalid(std::string message, std::string field) {
    return unexpected(ErrorCode::invalid_argument, std::move(message), std::move(field));
}

bool known_reason(std::string const& reason) {
    return reason == "sick" || reason == "vacation" || reason == "other";
}

std::string warned(Language lang, std::size_t warnings) {
    return warnings == 0
               ? std::string{}
               : ". " + say(lang, "I warned the team room about {0}", gap_messages(lang, warnings));
}

// The reason as the reader's language says it; the stored and typed word stays English.
std::string reason_words(Language lang, std::string const& reason) {
    return std::string(words(lang, reason));
}

std::string state_words(Language lang, RotaEntryState state) {
    return std::string(words(lang, to_string(state)));
}

Unexpected<Error> bad_reason(Language lang, std::string const& reason) {
    return invalid(say(lang, "the reason must be sick, vacation or other, not '{0}'", reason),
                   "reason");
}

std::string no_layer(Language lang, std::string const& team, std::string const& layer,
                     std::vector<config::Layer> const* layers) {
    std::string names;
    if (layers != nullptr)
        for (auto const& known : *layers)
            names += (names.empty() ? "" : ", ") + known.name;
    return say(lang, "team {0} has no layer '{1}'; its layers: {2}", team, layer, names);
}

// "from Sat 28 Nov 00:00 to Sun 29 Nov 00:00", or open-ended "… until they are back".
std::string absence_span(Language lang, Instant start, std::optional<Instant> end,
                         std::string const& zone) {
    if (end)
        return say(lang, "from {0} to {1}", rota_local_text(start, zone, lang),
                   rota_local_text(*end, zone, lang));
    return say(lang, "from {0} until they are back", rota_local_text(start, zone, lang));
}

// German weekdays by date's c_encoding (Sunday first); the C locale only knows English ones.
constexpr std::array<char const*, 7> german_weekdays{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"};

template <class Zoned> std::string local_text(Zoned const& zoned, Language lang) {
    if (lang == Language::en)
        return date::format("%a %d %b %H:%M", zoned);
    auto const day = date::floor<date::days>(zoned.get_local_time());
    date::year_month_day const ymd{day};
    return fmt::format("{} {:02}.{:02}. {}", german_weekdays[date::weekday{day}.c_encoding()],
                       static_cast<unsigned>(ymd.day()), static_cast<unsigned>(ymd.month()),
                       date::format("%H:%M", zoned));
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

std::string rota_local_text(Instant at, std::string const& zone, Language language) {
    return local_text(date::make_zoned(date::locate_zone(zone), at), language);
}

std::string rota_span_text(Instant start, Instant end, std::string const& zone, Language language) {
    auto const* tz = date::locate_zone(zone);
    auto start_day = date::floor<date::days>(date::make_zoned(tz, start).get_local_time());
    auto end_local = date::make_zoned(tz, end);
    auto end_day = date::floor<date::days>(end_local.get_local_time());
    auto end_text =
        start_day == end_day ? date::format("%H:%M", end_local) : local_text(end_local, language);
    return rota_local_text(start, zone, language) + "–" + end_text;
}

RotaService::RotaService(CoreContext& context, RotaRepository& store, rota::ConfigRota& rota)
    : m_context(context), m_store(store), m_rota(rota) {}

RotaService::~RotaService() {
    if (m_reapply != 0)
        m_context.timers.cancel(m_reapply);
}

void RotaService::load() {
    apply_to_rota();
}

Result<bool> RotaService::record_config_entries() {
    return m_store.record_config_entries(m_context.config, m_context.clock.now());
}

void RotaService::apply_to_rota() {
    if (m_reapply != 0)
        m_context.timers.cancel(std::exchange(m_reapply, 0));
    auto active = m_store.active();
    if (!active) {
        // Every change is stored; until the store reads again the rota answers as it was.
        constexpr Seconds retry{10};
        spdlog::error("rota: could not read the rota entries, trying again in {}: {}",
                      format_duration(retry), active.error().message);
        m_reapply = m_context.timers.schedule(m_context.clock.now() + retry, [this] {
            m_reapply = 0;
            apply_to_rota();
        });
        return;
    }
    apply_runtime_entries(m_rota, *active);
}

void RotaService::committed(std::int64_t id, bool changes_rota) {
    if (changes_rota)
        apply_to_rota();
    if (auto entry = m_store.entry(id); entry && *entry)
        m_context.publish(RotaChanged{**entry});
    else
        m_context.publish(MessagesQueued{}); // gap warnings may still wait in the outbox
}

RotaEntry RotaService::stored_or(std::int64_t id, RotaEntry const& fallback) const {
    auto entry = m_store.entry(id);
    return entry && *entry ? **entry : fallback;
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

Result<std::string> RotaService::known_person(Language lang, std::string const& name,
                                              char const* field) const {
    if (name.empty())
        return invalid(say(lang, "say who: a person id such as @{0}",
                           m_context.config.people.empty()
                               ? std::string("alice")
                               : m_context.config.people.begin()->first),
                       field);
    if (auto person = find_person(name))
        return *person;
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
        return invalid(say(lang, "nobody called '{0}'; did you mean '{1}'?", name, guess), field);
    return invalid(say(lang, "nobody called '{0}'", name), field);
}

Language RotaService::language_of(RotaActor const& actor) const {
    return actor.language.value_or(m_context.person_language(actor.person));
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
        auto const lang = m_context.team_language(team);
        for (auto const& gap : schedules::find_gaps(*after_inputs, now, horizon)) {
            if (known.contains(Key{gap.layer, gap.window, gap.start, gap.end}))
                continue;
            auto text = say(lang, "Gap ahead: {0} has nobody {1} ({2})", gap.layer,
                            rota_span_text(gap.start, gap.end, zone, lang), gap.window);
            // The resolver explains in English; German builds its own clause from the cause.
            auto why = lang == Language::en ? with_names(gap.why) : german_why(gap.cause);
            if (!why.empty())
                text += say(lang, " because {0}", why);
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
            auto span = rota_span_text(gap.start, gap.end, zone, lang);
            auto text =
                lang == Language::en
                    ? "Gap ahead: " + with_names(gap.why) + " " + span + " (" + gap.window + ")"
                    : say(lang, "Gap ahead: {0} is on {3} and {4} at once {1} ({2})",
                          m_context.display_name(gap.cause.person), span, gap.window,
                          gap.cause.other_layer, gap.layer);
            for (auto const& [adapter, room] : found->second.rooms)
                out.push_back({OutboxKind::room_message, adapter, room, "", "", text});
        }
    }
    return out;
}

std::string RotaService::german_why(schedules::GapWhy const& why) const {
    using schedules::GapCause;
    using schedules::SubstitutionKind;
    auto const de = Language::de;
    switch (why.cause) {
    case GapCause::none:
    case GapCause::double_duty: // told by a sentence of its own
        return {};
    case GapCause::no_members:
        return say(de, "the layer has no members");
    case GapCause::not_started:
        return say(de, "the rotation has not started yet");
    case GapCause::absent:
        break;
    }
    auto name = m_context.display_name(why.person);
    std::string text;
    switch (why.absence) {
    case schedules::AbsenceKind::sick:
        text = say(de, "{0} is absent (sick)", name);
        break;
    case schedules::AbsenceKind::vacation:
        text = say(de, "{0} is absent (vacation)", name);
        break;
    case schedules::AbsenceKind::other:
        text = say(de, "{0} is absent (other)", name);
        break;
    }
    switch (why.substitution) {
    case SubstitutionKind::next:
        return text + say(de, " and no other member of the rotation is available");
    case SubstitutionKind::deputy:
        return text +
               say(de, " and the deputy {0} is absent too", m_context.display_name(why.target));
    case SubstitutionKind::layer:
        return text + say(de, " and layer {0} has nobody to lend", why.target);
    case SubstitutionKind::none:
        break;
    }
    return text + say(de, " and the layer has no substitute");
}

std::string RotaService::coverage_summary(Language lang, std::vector<std::string> const& teams,
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
                add(say(lang, "{0} covers {1} (substitute)", m_context.display_name(*span.person),
                        span.layer));
            else if (span.reason == schedules::Reason::gap &&
                     span.cause.cause == schedules::GapCause::absent && span.cause.person == person)
                add(say(lang, "nobody covers {0} {1}", span.layer,
                        rota_span_text(span.start, span.end, zone, lang)));
        }
    }
    std::string out;
    for (auto const& part : parts)
        out += (out.empty() ? "" : ", ") + part;
    return out;
}

// Absences.

Result<RotaOutcome> RotaService::add_absence(RotaActor const& actor, NewAbsence const& absence) {
    auto const lang = language_of(actor);
    auto person = known_person(lang, absence.person, "person");
    if (!person)
        return unexpected(person.error());
    if (!may_change_person(actor, *person))
        return unexpected(ErrorCode::forbidden, not_their_absence(lang, *person), "person");
    if (!known_reason(absence.reason))
        return bad_reason(lang, absence.reason);
    auto now = m_context.clock.now();
    if (absence.end) {
        if (*absence.end <= absence.start)
            return invalid(say(lang, "the absence must end after it starts"), "end");
        if (*absence.end <= now)
            return invalid(say(lang, "that absence is already over; nothing to record"), "end");
    }
    RotaEntry entry;
    entry.kind = RotaEntryKind::absence;
    entry.person = *person;
    entry.reason = absence.reason;
    entry.starts_at = absence.start;
    entry.ends_at = absence.end;

    auto zone = zone_for(actor, entry);
    auto name = m_context.display_name(*person);
    // The audit trail stays English whoever asked: one log, read by the CLI and the API.
    auto what = [&](Language in) {
        return say(in, "{0} is absent ({1}) {2}", name, reason_words(in, entry.reason),
                   absence_span(in, absence.start, absence.end, zone));
    };
    auto after = with_entries(replaced(SB_TRY(m_store.active()), entry));
    auto teams = teams_of(*person);
    auto warnings = gap_warnings(teams, after);
    RotaChange change{actor.person, actor.via, now, "absence.create", what(Language::en)};
    auto id = m_store.create(entry, change, [&](std::int64_t) { return warnings; });
    if (!id)
        return unexpected(id.error());
    committed(*id, true);

    auto summary_end = std::min(absence.end.value_or(open_ended_absence_end()),
                                std::max(absence.start, now) + date::days{gap_horizon_days});
    auto summary =
        coverage_summary(lang, teams, after, *person, std::max(absence.start, now), summary_end);
    auto message = say(lang, "Noted: {0}", what(lang));
    if (!summary.empty())
        message += "; " + summary;
    message += warned(lang, warnings.size());
    return RotaOutcome{stored_or(*id, entry), message, warnings.size()};
}

std::string RotaService::not_their_absence(Language lang, std::string const& person) const {
    return say(lang, "only a rota manager can change the absences of {0}; you can change your own",
               m_context.display_name(person));
}

Result<RotaOutcome> RotaService::back(RotaActor const& actor, std::string const& person_name) {
    auto const lang = language_of(actor);
    auto person = known_person(lang, person_name, "person");
    if (!person)
        return unexpected(person.error());
    if (!may_change_person(actor, *person))
        return unexpected(ErrorCode::forbidden, not_their_absence(lang, *person), "person");
    auto now = m_context.clock.now();
    auto active = SB_TRY(m_store.active());
    std::vector<std::int64_t> running;
    std::erase_if(active, [&](RotaEntry const& entry) {
        bool ends = entry.kind == RotaEntryKind::absence && entry.person == *person &&
                    entry.starts_at <= now && (!entry.ends_at || *entry.ends_at > now);
        if (ends)
            running.push_back(entry.id);
        return ends;
    });
    auto name = m_context.display_name(*person);
    auto nothing = say(lang, "{0} has no absence running now, so nothing changed.", name);
    if (running.empty())
        return RotaOutcome{{}, nothing, 0};
    auto warnings = gap_warnings(teams_of(*person), with_entries(active));
    RotaChange change{actor.person, actor.via, now, "absence.end", name + " is back"};
    auto ended =
        m_store.end_current_absences(*person, change, [&](std::int64_t) { return warnings; });
    if (!ended)
        return unexpected(ended.error());
    if (*ended == 0)
        return RotaOutcome{{}, nothing, 0};
    apply_to_rota();
    m_context.publish(MessagesQueued{}); // the gap warnings
    RotaOutcome outcome;
    for (auto id : running)
        if (auto entry = m_store.entry(id); entry && *entry) {
            m_context.publish(RotaChanged{**entry});
            outcome.entry = **entry;
        }
    outcome.message =
        say(lang, "Welcome back, {0}: {1} ended now.", name,
            plural(lang, static_cast<std::size_t>(*ended), "{0} absence", "{0} absences"));
    outcome.gap_warnings = warnings.size();
    return outcome;
}

// Overrides.

Result<RotaOutcome> RotaService::add_override(RotaActor const& actor,
                                              NewOverride const& override_shift) {
    auto const lang = language_of(actor);
    auto team = m_context.config.teams.find(override_shift.team);
    if (team == m_context.config.teams.end())
        return invalid(say(lang, "there is no team '{0}'", override_shift.team), "team");
    auto person = known_person(lang, override_shift.person, "person");
    if (!person)
        return unexpected(person.error());
    if (!may_change_team(actor, override_shift.team))
        return unexpected(ErrorCode::forbidden,
                          say(lang, "only a rota manager of {0} can change the overrides of {1}",
                              override_shift.team, m_context.display_name(*person)),
                          "team");
    auto const& layers = team->second.layers;
    if (layers.empty())
        return invalid(say(lang, "team '{0}' has no layers to override", override_shift.team),
                       "team");
    auto layer = override_shift.layer.empty() ? layers.front().name : override_shift.layer;
    if (std::none_of(layers.begin(), layers.end(),
                     [&](config::Layer const& known) { return known.name == layer; }))
        return invalid(no_layer(lang, override_shift.team, layer, &layers), "layer");
    if (override_shift.end <= override_shift.start)
        return invalid(say(lang, "the override must end after it starts"), "end");
    auto now = m_context.clock.now();
    if (override_shift.end <= now)
        return invalid(say(lang, "that span is already over; nothing to override"), "end");

    RotaEntry entry;
    entry.kind = RotaEntryKind::override;
    entry.team = override_shift.team;
    entry.layer = layer;
    entry.person = *person;
    entry.starts_at = override_shift.start;
    entry.ends_at = override_shift.end;
    auto zone = zone_for(actor, entry);
    auto name = m_context.display_name(*person);
    auto warnings = gap_warnings({override_shift.team},
                                 with_entries(replaced(SB_TRY(m_store.active()), entry)));
    RotaChange change{
        actor.person, actor.via, now, "override.create",
        name + " covers " + layer + " of " + override_shift.team + " " +
            rota_span_text(override_shift.start, override_shift.end, zone, Language::en)};
    auto id = m_store.create(entry, change, [&](std::int64_t) { return warnings; });
    if (!id)
        return unexpected(id.error());
    committed(*id, true);
    auto message = say(lang, "Noted: {0} covers {1} {2} (override)", name, layer,
                       rota_span_text(override_shift.start, override_shift.end, zone, lang)) +
                   warned(lang, warnings.size());
    return RotaOutcome{stored_or(*id, entry), message, warnings.size()};
}

// Changing and ending absences and overrides.

Result<RotaEntry> RotaService::changeable_entry(RotaActor const& actor, std::int64_t id,
                                                std::optional<int> expected_version) const {
    auto const lang = language_of(actor);
    auto entry = SB_TRY(m_store.entry(id));
    if (!entry || entry->kind == RotaEntryKind::swap)
        return unexpected(ErrorCode::not_found,
                          say(lang, "there is no absence or override {0}", id));
    bool absence = entry->kind == RotaEntryKind::absence;
    bool allowed =
        absence ? may_change_person(actor, entry->person) : may_change_team(actor, entry->team);
    if (!allowed)
        return unexpected(ErrorCode::forbidden,
                          absence ? not_their_absence(lang, entry->person)
                                  : say(lang, "only a rota manager of {0} can change its overrides",
                                        entry->team));
    if (entry->state != RotaEntryState::active)
        return unexpected(ErrorCode::conflict,
                          say(lang,
                              absence ? "the absence {0} is {1}; it can no longer be changed"
                                      : "the override {0} is {1}; it can no longer be changed",
                              id, state_words(lang, entry->state)));
    if (expected_version && *expected_version != entry->version)
        return unexpected(
            ErrorCode::conflict,
            say(lang,
                absence
                    ? "the absence was changed meanwhile (version {0} now); reload and try again"
                    : "the override was changed meanwhile (version {0} now); reload and try again",
                entry->version));
    return *entry;
}

Result<RotaOutcome> RotaService::change_entry(RotaActor const& actor, std::int64_t id,
                                              int expected_version, EntryChange const& change) {
    auto const lang = language_of(actor);
    auto found = changeable_entry(actor, id, expected_version);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    bool absence = entry.kind == RotaEntryKind::absence;
    if (change.reason) {
        if (!absence)
            return invalid(say(lang, "an override has no reason"), "reason");
        if (!known_reason(*change.reason))
            return bad_reason(lang, *change.reason);
        entry.reason = *change.reason;
    }
    if (change.person) {
        if (absence)
            return invalid(
                say(lang, "an absence stays with its person; end it and record a new one"),
                "person");
        auto person = known_person(lang, *change.person, "person");
        if (!person)
            return unexpected(person.error());
        entry.person = *person;
    }
    if (change.layer) {
        if (absence)
            return invalid(say(lang, "an absence applies to every layer"), "layer");
        auto team = m_context.config.teams.find(entry.team);
        auto const* layers = team == m_context.config.teams.end() ? nullptr : &team->second.layers;
        if (layers == nullptr ||
            std::none_of(layers->begin(), layers->end(),
                         [&](config::Layer const& known) { return known.name == *change.layer; }))
            return invalid(no_layer(lang, entry.team, *change.layer, layers), "layer");
        entry.layer = *change.layer;
    }
    if (change.start)
        entry.starts_at = *change.start;
    if (change.end) {
        if (!*change.end && !absence)
            return invalid(say(lang, "an override needs an end"), "end");
        entry.ends_at = *change.end;
    }
    auto noun = std::string(to_string(entry.kind));
    auto now = m_context.clock.now();
    if (entry.ends_at) {
        if (*entry.ends_at <= entry.starts_at)
            return invalid(say(lang, absence ? "the absence must end after it starts"
                                             : "the override must end after it starts"),
                           "end");
        if (*entry.ends_at <= now)
            return invalid(say(lang, absence
                                         ? "that absence would be over already; end it instead"
                                         : "that override would be over already; end it instead"),
                           "end");
    }

    auto zone = zone_for(actor, entry);
    auto name = m_context.display_name(entry.person);
    auto teams = absence ? teams_of(entry.person) : std::vector<std::string>{entry.team};
    auto after = with_entries(replaced(SB_TRY(m_store.active()), entry));
    auto warnings = gap_warnings(teams, after);
    auto what = [&](Language in) {
        if (absence)
            return say(in, "{0} is absent ({1}) {2}", name, reason_words(in, entry.reason),
                       absence_span(in, entry.starts_at, entry.ends_at, zone));
        return say(
            in, "{0} covers {1} of {2} {3}", name, entry.layer, entry.team,
            rota_span_text(entry.starts_at, entry.ends_at.value_or(entry.starts_at), zone, in));
    };
    RotaChange record{actor.person, actor.via, now, noun + ".change",
                      "changed " + noun + " " + std::to_string(id) + ": " + what(Language::en)};
    auto stored = m_store.change_entry(id, expected_version, entry, record,
                                       [&](std::int64_t) { return warnings; });
    if (!stored)
        return unexpected(stored.error());
    committed(id, true);
    return RotaOutcome{*stored,
                       say(lang, "Changed: {0}", what(lang)) + warned(lang, warnings.size()),
                       warnings.size()};
}

Result<RotaOutcome> RotaService::end_entry(RotaActor const& actor, std::int64_t id,
                                           std::optional<int> expected_version) {
    auto const lang = language_of(actor);
    auto found = changeable_entry(actor, id, expected_version);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto now = m_context.clock.now();
    bool ahead = entry.starts_at > now;
    auto ended = entry;
    ended.state = RotaEntryState::ended;
    auto active = replaced(SB_TRY(m_store.active()), ended);
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
    auto detail = [&](Language in) {
        auto what = absence
                        ? say(in, "{0}'s absence ({1})", name, reason_words(in, entry.reason))
                        : say(in, "{0}'s override of {1} {2}", name, entry.layer,
                              rota_span_text(entry.starts_at,
                                             entry.ends_at.value_or(entry.starts_at), zone, in));
        return ahead ? say(in, "{0} is cancelled; it never applies", what)
                     : say(in, "{0} ends now ({1})", what, rota_local_text(now, zone, in));
    };
    RotaChange change{actor.person, actor.via, now, noun + ".end", detail(Language::en)};
    auto done = m_store.end_entry(
        id, change, [&](std::int64_t) { return warnings; }, expected_version);
    if (!done)
        return unexpected(done.error());
    committed(id, true);
    return RotaOutcome{stored_or(id, entry),
                       say(lang, "Ended: {0}", detail(lang)) + warned(lang, warnings.size()),
                       warnings.size()};
}

// Swaps.

Result<RotaOutcome> RotaService::request_swap(RotaActor const& actor, NewSwap const& swap) {
    auto const lang = language_of(actor);
    auto const* inputs = m_rota.inputs(swap.team);
    if (inputs == nullptr || !m_context.config.teams.contains(swap.team))
        return invalid(say(lang, "there is no team '{0}'", swap.team), "team");
    auto giver = known_person(lang, swap.person.empty() ? actor.person : swap.person, "person");
    if (!giver)
        return unexpected(giver.error());
    bool own = *giver == actor.person;
    if (!own && !may_change_team(actor, swap.team))
        return unexpected(ErrorCode::forbidden,
                          say(lang, "only {0} or a rota manager of {1} can give their shift away",
                              m_context.display_name(*giver), swap.team),
                          "person");
    auto other = known_person(lang, swap.to_person, "to_person");
    if (!other)
        return unexpected(other.error());
    if (*other == *giver)
        return invalid(say(lang, own ? "a swap needs someone else to take your shift"
                                     : "a swap needs someone else to take the shift"),
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
    if (!shift) {
        auto when = rota_local_text(swap.shift_at, zone, lang);
        return invalid(
            own ? say(lang,
                      "you have no shift of your own in {0} at {1}; 'rota' shows who is on when",
                      swap.team, when)
                : say(lang,
                      "{0} has no shift of their own in {1} at {2}; 'rota' shows who is on when",
                      m_context.display_name(*giver), swap.team, when),
            "shift_at");
    }
    if (shift->end <= now)
        return invalid(say(lang, "that shift is already over"), "shift_at");

    RotaEntry entry;
    entry.kind = RotaEntryKind::swap;
    entry.team = swap.team;
    entry.layer = shift->layer;
    entry.person = *giver;
    entry.other_person = *other;
    entry.starts_at = shift->start;
    entry.ends_at = shift->end;
    entry.state = RotaEntryState::requested;
    auto span = rota_span_text(shift->start, shift->end, zone, lang);
    auto requester = m_context.display_name(*giver);
    auto asked = m_context.display_name(*other);
    bool reachable = false;
    RotaChange change{actor.person, actor.via, now, "swap.request",
                      requester + " asks " + asked + " to take their " + shift->layer + " shift " +
                          rota_span_text(shift->start, shift->end, zone, Language::en)};
    auto id = m_store.create(entry, change, [&](std::int64_t new_id) {
        auto const their = m_context.person_language(*other);
        auto messages = m_context.direct_messages(
            *other, say(their,
                        "{0} asks you to take their {1} shift {2}; answer 'swap accept {3}' or "
                        "'swap decline {3}'",
                        requester, shift->layer,
                        rota_span_text(shift->start, shift->end, zone, their), new_id));
        reachable = !messages.empty();
        return messages;
    });
    if (!id)
        return unexpected(id.error());
    committed(*id, false);
    auto message = own ? say(lang, "Asked {0} to take your {1} shift {2} (swap request {3})", asked,
                             shift->layer, span, *id)
                       : say(lang, "Asked {0} to take {1}'s {2} shift {3} (swap request {4})",
                             asked, requester, shift->layer, span, *id);
    if (reachable)
        message += own ? say(lang, "; I'll tell you their answer.")
                       : say(lang, "; I'll tell {0} the answer.", requester);
    else
        message += say(lang,
                       "; I can't reach {0} in chat, so please ask them to answer 'swap accept "
                       "{1}'.",
                       asked, *id);
    return RotaOutcome{stored_or(*id, entry), message, 0};
}

namespace {

// Loads swap `id` still waiting for an answer, or says why it cannot be answered.
Result<RotaEntry> open_swap(RotaRepository& store, Language lang, std::int64_t id) {
    auto entry = SB_TRY(store.entry(id));
    if (!entry || entry->kind != RotaEntryKind::swap)
        return unexpected(ErrorCode::not_found, say(lang, "there is no swap request {0}", id));
    return *entry;
}

Unexpected<Error> already_answered(Language lang, std::int64_t id, RotaEntryState state) {
    return unexpected(ErrorCode::conflict,
                      say(lang, "swap request {0} is already {1}", id, state_words(lang, state)));
}

// A swap request the actor may answer: only the person asked, and only while it is requested.
Result<RotaEntry> swap_to_answer(CoreContext const& context, RotaRepository& store, Language lang,
                                 RotaActor const& actor, std::int64_t id) {
    auto entry = open_swap(store, lang, id);
    if (!entry)
        return entry;
    if (entry->other_person != actor.person)
        return unexpected(ErrorCode::forbidden,
                          say(lang, "swap request {0} asks {1}, so only they can answer it", id,
                              context.display_name(entry->other_person)));
    if (entry->state != RotaEntryState::requested)
        return already_answered(lang, id, entry->state);
    return entry;
}

} // namespace

Result<RotaOutcome> RotaService::accept_swap(RotaActor const& actor, std::int64_t id) {
    auto const lang = language_of(actor);
    auto found = swap_to_answer(m_context, m_store, lang, actor, id);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto requester = m_context.display_name(entry.person);
    auto asked = m_context.display_name(entry.other_person);
    auto now = m_context.clock.now();
    auto zone = zone_for(actor, entry);
    auto end = entry.ends_at.value_or(entry.starts_at);
    auto span = [&](Language in) { return rota_span_text(entry.starts_at, end, zone, in); };
    if (end <= now)
        return unexpected(ErrorCode::conflict, say(lang, "that shift is already over"));

    auto accepted = entry;
    accepted.state = RotaEntryState::active;
    auto messages =
        gap_warnings({entry.team}, with_entries(replaced(SB_TRY(m_store.active()), accepted)));
    auto warnings = messages.size();
    auto const their = m_context.person_language(entry.person);
    auto note = m_context.direct_messages(
        entry.person, say(their, "{0} took your {1} shift {2} (swap request {3})", asked,
                          entry.layer, span(their), id));
    messages.insert(messages.end(), note.begin(), note.end());
    RotaChange change{actor.person, actor.via, now, "swap.accept",
                      asked + " takes " + requester + "'s " + entry.layer + " shift " +
                          span(Language::en)};
    auto done = m_store.accept_swap(id, change, [&](std::int64_t) { return messages; });
    if (!done)
        return unexpected(done.error());
    committed(id, true);
    auto message =
        say(lang, "Done: you cover {0}'s {1} shift {2}.", requester, entry.layer, span(lang));
    if (warnings > 0)
        message +=
            " " + say(lang, "I warned the team room about {0}", gap_messages(lang, warnings)) + ".";
    return RotaOutcome{stored_or(id, entry), message, warnings};
}

Result<RotaOutcome> RotaService::decline_swap(RotaActor const& actor, std::int64_t id) {
    auto const lang = language_of(actor);
    auto found = swap_to_answer(m_context, m_store, lang, actor, id);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto requester = m_context.display_name(entry.person);
    auto asked = m_context.display_name(entry.other_person);
    auto now = m_context.clock.now();
    auto zone = zone_for(actor, entry);
    auto span = [&](Language in) {
        return rota_span_text(entry.starts_at, entry.ends_at.value_or(entry.starts_at), zone, in);
    };
    auto const their = m_context.person_language(entry.person);
    auto messages = m_context.direct_messages(
        entry.person, say(their, "{0} declined to take your {1} shift {2} (swap request {3})",
                          asked, entry.layer, span(their), id));
    RotaChange change{actor.person, actor.via, now, "swap.decline",
                      asked + " declines " + requester + "'s " + entry.layer + " shift " +
                          span(Language::en)};
    auto done = m_store.decline_swap(id, change, [&](std::int64_t) { return messages; });
    if (!done)
        return unexpected(done.error());
    committed(id, false);
    return RotaOutcome{
        stored_or(id, entry),
        say(lang, "Declined: {0} keeps their {1} shift {2}.", requester, entry.layer, span(lang)),
        0};
}

Result<RotaOutcome> RotaService::withdraw_swap(RotaActor const& actor, std::int64_t id) {
    auto const lang = language_of(actor);
    auto found = open_swap(m_store, lang, id);
    if (!found)
        return unexpected(found.error());
    auto entry = *found;
    auto requester = m_context.display_name(entry.person);
    auto asked = m_context.display_name(entry.other_person);
    if (entry.person != actor.person && !may_change_team(actor, entry.team))
        return unexpected(
            ErrorCode::forbidden,
            say(lang,
                "swap request {0} is {1}'s, so only they or a rota manager of {2} can "
                "withdraw it",
                id, requester, entry.team));
    if (entry.state != RotaEntryState::requested)
        return already_answered(lang, id, entry.state);
    auto now = m_context.clock.now();
    auto zone = zone_for(actor, entry);
    auto span = [&](Language in) {
        return rota_span_text(entry.starts_at, entry.ends_at.value_or(entry.starts_at), zone, in);
    };
    auto const their = m_context.person_language(entry.other_person);
    auto messages = m_context.direct_messages(
        entry.other_person,
        say(their, "{0} withdrew swap request {1} (their {2} shift {3}); nothing to answer",
            requester, id, entry.layer, span(their)));
    RotaChange change{actor.person, actor.via, now, "swap.withdraw",
                      requester + " withdraws the request to " + asked + " for their " +
                          entry.layer + " shift " + span(Language::en)};
    auto done = m_store.withdraw_swap(id, change, [&](std::int64_t) { return messages; });
    if (!done)
        return unexpected(done.error());
    committed(id, false);
    return RotaOutcome{stored_or(id, entry),
                       say(lang, "Withdrawn: swap request {0}; {1} keeps their {2} shift {3}.", id,
                           requester, entry.layer, span(lang)),
                       0};
}

} // namespace sb
