// SPDX-License-Identifier: Apache-2.0
// Absences, overrides and swaps entered at run time, with their audit trail, in the store's file.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"
#include "schedules/model.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb {

enum class RotaEntryKind { absence, override, swap };
char const* to_string(RotaEntryKind kind);

// The life of an entry: absences and overrides are active until ended; a swap is requested,
// then active (accepted), declined or withdrawn.
enum class RotaEntryState { active, requested, declined, withdrawn, ended };
char const* to_string(RotaEntryState state);

// One row of rota_entries.
struct RotaEntry {
    std::int64_t id = 0;
    RotaEntryKind kind = RotaEntryKind::absence;
    std::string team;         // empty for absences: they apply to every team
    std::string layer;        // overrides and swaps
    std::string person;       // the absent person, the overriding person, or who gives a shift
    std::string other_person; // swaps: who is asked to take the shift
    std::string reason;       // absences: sick, vacation or other
    Instant starts_at{};
    std::optional<Instant> ends_at; // exclusive; nullopt: until the person is back
    RotaEntryState state = RotaEntryState::active;
    std::string created_by;
    std::string created_via;
    Instant created_at{};
    Instant updated_at{};
    int version = 1;
};

// Who changed the rota, when, through which interface, and in words for the audit log.
struct RotaChange {
    std::string actor; // person id
    std::string via;   // "console", "slack", "api" …
    Instant at{};
    std::string action; // "absence.create", "swap.accept" …
    std::string detail; // a sentence a person can read
};

// Messages to commit with a change; called inside its transaction with the entry's id, so a
// message can name the id it is about ("swap accept 7").
using ChangeMessages = std::function<std::vector<NewOutbox>(std::int64_t id)>;

// The entries list of the API: filters, newest first, paged by id.
struct RotaEntryQuery {
    std::optional<RotaEntryKind> kind;
    std::vector<RotaEntryState> states;    // empty: any
    std::string person;                    // for swaps either side: who gives or who is asked
    std::string team;                      // empty: any (absences have no team)
    std::optional<Instant> from;           // entries overlapping [from, to); open-ended absences
    std::optional<Instant> to;             // reach to the end of time
    std::optional<std::int64_t> before_id; // the cursor: entries with a smaller id
    int limit = 50;                        // capped to 1..500
};

struct RotaEntryPage {
    std::vector<RotaEntry> entries;
    std::optional<std::int64_t> next_before_id; // nullopt: this was the last page
};

// The active entries in the rota engine's shape, ready for ConfigRota::set_runtime_entries.
struct RuntimeEntries {
    std::vector<schedules::Absence> absences;
    std::map<std::string, std::vector<schedules::Override>> overrides; // by team
    std::map<std::string, std::vector<schedules::Swap>> swaps;         // by team
};

// The end the rota engine sees for an absence without one: far beyond any range it looks at.
Instant open_ended_absence_end();

// Converts active entries (in creation order, which is their rank) to the engine's shape.
RuntimeEntries to_runtime_entries(std::vector<RotaEntry> const& active);

class RotaRepository {
public:
    explicit RotaRepository(Store& store) : m_store(store) {}

    // Adds an entry (its created_* and updated_at come from the change), writes the audit row
    // and the messages in one transaction; returns the new id.
    Result<std::int64_t> create(RotaEntry entry, RotaChange const& change,
                                ChangeMessages const& messages = {});

    // Moves an entry from one state to another; a conflict when it is no longer in `from`.
    Result<void> set_state(std::int64_t id, RotaEntryState from, RotaEntryState to,
                           RotaChange const& change, ChangeMessages const& messages = {});
    // Changes an active entry to `updated` (its team, layer, person, other_person, reason, start
    // and end; id, kind, state and created_* stay), bumping version and updated_at. A conflict
    // when the stored version is not `expected_version` or the entry is no longer active.
    Result<RotaEntry> change_entry(std::int64_t id, int expected_version, RotaEntry const& updated,
                                   RotaChange const& change, ChangeMessages const& messages = {});

    // Swaps: the asked person accepts (active) or declines; the requester withdraws.
    Result<void> accept_swap(std::int64_t id, RotaChange const& change,
                             ChangeMessages const& messages = {});
    Result<void> decline_swap(std::int64_t id, RotaChange const& change,
                              ChangeMessages const& messages = {});
    Result<void> withdraw_swap(std::int64_t id, RotaChange const& change,
                               ChangeMessages const& messages = {});

    // Ends an active entry at change.at: an absence or override that already began keeps its
    // past and stops now; one that lies wholly ahead is ended without ever applying.
    // With `expected_version`, a stale version is a conflict.
    Result<void> end_entry(std::int64_t id, RotaChange const& change,
                           ChangeMessages const& messages = {},
                           std::optional<int> expected_version = std::nullopt);
    // Ends every absence of the person that covers change.at; returns how many were ended.
    Result<int> end_current_absences(std::string const& person, RotaChange const& change,
                                     ChangeMessages const& messages = {});

    Result<std::optional<RotaEntry>> entry(std::int64_t id);
    // Entries of one kind (or all), optionally of one state, in creation order.
    Result<std::vector<RotaEntry>> list(std::optional<RotaEntryKind> kind = std::nullopt,
                                        std::optional<RotaEntryState> state = std::nullopt);
    // Active entries in creation order: what the rota engine applies.
    Result<std::vector<RotaEntry>> active() { return list(std::nullopt, RotaEntryState::active); }

    // One page of entries matching the query, newest first.
    Result<RotaEntryPage> query(RotaEntryQuery const& query);

    // Records the config's static absences, overrides and swaps in the audit log (actor and via
    // "config") when they differ from what the previous start recorded; true when a row was
    // written. The fingerprint is kept in the cursors table.
    Result<bool> record_config_entries(config::Config const& config, Instant now);

private:
    Store& m_store;
};

} // namespace sb
