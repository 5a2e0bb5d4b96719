// SPDX-License-Identifier: Apache-2.0
// Rota changes as domain operations: who may change what, the stored entry, the gaps it opens.
// Chat commands, the REST API and the web page all go through here, so they share one set of
// rules, one gap warning to the team's room and one audit log.
#pragma once

#include "base/language.hpp"
#include "bot/core/context.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/rota_repository.hpp"
#include "schedules/resolver.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sb {

// Who asks for a change, and through which interface ("console", "slack", "api", "web" …).
struct RotaActor {
    std::string person;
    std::string via;
    bool manager = false;
    // The zone the answer's sentences give times in; empty: the team's (for an absence, the
    // zone of the person's first team, else their own).
    std::string zone = {};
    // The language of the answer and its errors; unset: the person's (their first team's).
    // Chat sets it to the room's, so a reply reads like the others in that room.
    std::optional<Language> language = {};
};

// What a change did: the entry as stored now, the sentence to answer with, and how many gap
// warnings went to the rooms.
struct RotaOutcome {
    RotaEntry entry;
    std::string message;
    std::size_t gap_warnings = 0;
};

struct NewAbsence {
    std::string person;
    std::string reason = "sick"; // sick, vacation, other
    Instant start{};
    std::optional<Instant> end; // nullopt: until the person is back
};

struct NewOverride {
    std::string team;
    std::string layer; // empty: the team's first layer
    std::string person;
    Instant start{};
    Instant end{};
};

struct NewSwap {
    std::string team;
    std::string person;    // gives the shift away; must hold it by rotation at `shift_at`
    std::string to_person; // is asked to take it
    Instant shift_at{};    // any instant inside the shift
};

// A change of an absence or an override; unset fields stay as they are.
struct EntryChange {
    std::optional<std::string> reason;
    std::optional<Instant> start;
    std::optional<std::optional<Instant>> end; // set to nullopt: open-ended (absences only)
    std::optional<std::string> person;         // overrides: who covers
    std::optional<std::string> layer;          // overrides
};

// Errors are values: ErrorCode::invalid_argument (context names the field: "person", "start",
// "end", "reason", "layer", "team", "to_person", "shift_at"), not_found, forbidden, and
// conflict (a stale version, or a state that no longer allows the change).
class RotaService {
public:
    RotaService(CoreContext& context, RotaRepository& store, rota::ConfigRota& rota);
    ~RotaService();
    RotaService(RotaService const&) = delete;
    RotaService& operator=(RotaService const&) = delete;

    // Loads the stored active entries into the rota; call at start so a restart keeps them.
    void load();

    Result<RotaOutcome> add_absence(RotaActor const& actor, NewAbsence const& absence);
    Result<RotaOutcome> add_override(RotaActor const& actor, NewOverride const& override_shift);
    // Changes an active absence or override; `expected_version` guards against a stale write.
    Result<RotaOutcome> change_entry(RotaActor const& actor, std::int64_t id, int expected_version,
                                     EntryChange const& change);
    // Ends an active absence or override now (one wholly ahead never applies).
    Result<RotaOutcome> end_entry(RotaActor const& actor, std::int64_t id,
                                  std::optional<int> expected_version);
    // Ends every absence of the person running now ("back").
    Result<RotaOutcome> back(RotaActor const& actor, std::string const& person);

    Result<RotaOutcome> request_swap(RotaActor const& actor, NewSwap const& swap);
    Result<RotaOutcome> accept_swap(RotaActor const& actor, std::int64_t id);
    Result<RotaOutcome> decline_swap(RotaActor const& actor, std::int64_t id);
    Result<RotaOutcome> withdraw_swap(RotaActor const& actor, std::int64_t id);

    // May the actor change entries of this person (absences) or of this team (overrides)?
    // A member may change their own absences; a manager may change everything for their teams
    // (the teams whose layers list them; a manager in no layer manages every team).
    bool may_change_person(RotaActor const& actor, std::string const& person) const;
    bool may_change_team(RotaActor const& actor, std::string const& team) const;
    std::vector<std::string> managed_teams(std::string const& person) const;

    // The person id a name refers to (id, display name or chat address); nullopt when unknown.
    std::optional<std::string> find_person(std::string const& name) const;
    // Teams whose layers include the person.
    std::vector<std::string> teams_of(std::string const& person) const;

    // Writes one audit row (via "config") when the config's static absences, overrides and swaps
    // differ from those of the previous start; call once at start.
    Result<bool> record_config_entries();

    // How far ahead a change is checked for new gaps.
    static constexpr int gap_horizon_days = 14;

    CoreContext& context() { return m_context; }
    RotaRepository& store() { return m_store; }
    rota::ConfigRota const& rota() const { return m_rota; }

    // A gap's reason in German, as the end of a "weil …" clause (chat's gap table uses it too);
    // empty for a double duty, which needs a sentence of its own.
    std::string german_why(schedules::GapWhy const& why) const;

private:
    void apply_to_rota();
    // The rota as it will be with these active entries.
    rota::ConfigRota with_entries(std::vector<RotaEntry> const& active) const;
    // Room messages for every gap in `after` that the current rota does not have, from now
    // over the horizon.
    std::vector<NewOutbox> gap_warnings(std::vector<std::string> const& teams,
                                        rota::ConfigRota const& after) const;
    // Who covers the person's shifts in [start, end) with the change applied: "Carol covers
    // primary (substitute)"; empty when the person has no shift in it.
    std::string coverage_summary(Language lang, std::vector<std::string> const& teams,
                                 rota::ConfigRota const& after, std::string const& person,
                                 Instant start, Instant end) const;
    // Replaces person ids in the rota engine's explanations by their display names.
    std::string with_names(std::string const& text) const;
    // The zone sentences about an entry use.
    std::string zone_for(RotaActor const& actor, RotaEntry const& entry) const;
    // The person a field names, or invalid_argument with a suggestion.
    Result<std::string> known_person(Language lang, std::string const& name,
                                     char const* field) const;
    // The refusal for changing somebody else's absence, the same from every operation.
    std::string not_their_absence(Language lang, std::string const& person) const;
    // The language the actor is answered in.
    Language language_of(RotaActor const& actor) const;
    // Teams whose layers list the person, whatever their role.
    std::vector<std::string> layer_teams(std::string const& person) const;
    // The absence or override `id`, or not_found; `expected_version` checked when given.
    Result<RotaEntry> changeable_entry(RotaActor const& actor, std::int64_t id,
                                       std::optional<int> expected_version) const;
    // After a committed change: applies it to the rota and announces RotaChanged.
    void committed(std::int64_t id, bool changes_rota);
    // The entry as stored after a committed change (its new version), or `fallback` when the
    // store cannot read it back: the change itself is already kept.
    RotaEntry stored_or(std::int64_t id, RotaEntry const& fallback) const;

    CoreContext& m_context;
    RotaRepository& m_store;
    rota::ConfigRota& m_rota;
    TimerId m_reapply = 0; // a retry of apply_to_rota after a failed read
};

// How sentences about the rota write times: "Sat 28 Nov 09:00" in the zone, in German
// "Sa 28.11. 09:00".
std::string rota_local_text(Instant at, std::string const& zone, Language language);
// "Sat 28 Nov 09:00–21:00", or with the end's date when it falls on another day.
std::string rota_span_text(Instant start, Instant end, std::string const& zone, Language language);

} // namespace sb
