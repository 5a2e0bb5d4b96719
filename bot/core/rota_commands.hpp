// SPDX-License-Identifier: Apache-2.0
// The rota's chat commands: absences, back, overrides and swaps, with gap warnings to the rooms.
#pragma once

#include "bot/commands/command.hpp"
#include "bot/core/command_handler.hpp"
#include "bot/core/context.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/rota_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

class RotaCommands {
public:
    // The rota is the engine's resolver: every change is applied to it at once, so the next
    // page already follows the change.
    RotaCommands(CoreContext& context, RotaStore& store, rota::ConfigRota& rota);

    // Loads the stored active entries into the rota; call at start so a restart keeps them.
    void load();

    // Sets the handler's extra_commands and rota_text hooks to this object.
    void attach(CommandHandler& handler);

    // Handles absent, back, override and swap; nullopt for every other command.
    std::optional<std::string> handle(ChatOrigin const& origin, std::string const& person,
                                      std::string const& command_text);

    // The "rota" and "gaps" answers for [now, now + days], runtime entries included.
    std::string rota_text(std::string const& team, int days, bool gaps);

    // How far ahead a change is checked for new gaps.
    static constexpr int gap_horizon_days = 14;

private:
    struct Sender {
        std::string person;
        std::string via;
        std::string team; // the team of the room the command came from, else the first team
        std::string zone;
        bool manager = false;
    };

    std::string absent(Sender const& sender, commands::Absent const& command);
    std::string back(Sender const& sender, commands::Back const& command);
    std::string override_shift(Sender const& sender, commands::Override const& command);
    std::string swap_request(Sender const& sender, commands::SwapRequest const& command);
    std::string swap_answer(Sender const& sender, std::int64_t id, bool accept);

    std::string team_of(ChatOrigin const& origin) const;
    // The person id a command names (id, display name or chat address); nullopt when unknown.
    std::optional<std::string> find_person(std::string const& name) const;
    // Why the sender may not change this person's entries; nullopt when they may.
    std::optional<std::string> refusal(Sender const& sender, std::string const& person,
                                       std::string const& what) const;
    // Teams whose layers include the person.
    std::vector<std::string> teams_of(std::string const& person) const;
    // The rota as it will be with these active entries.
    rota::ConfigRota with_entries(std::vector<RotaEntry> const& active) const;
    // Room messages for every gap in `after` that the current rota does not have, from now
    // over the horizon.
    std::vector<NewOutbox> gap_warnings(std::vector<std::string> const& teams,
                                        rota::ConfigRota const& after) const;
    // Who covers the person's shifts in [start, end) with the change applied: "Carol covers
    // primary (substitute)"; empty when the person has no shift in it.
    std::string coverage_summary(std::vector<std::string> const& teams,
                                 rota::ConfigRota const& after, std::string const& person,
                                 Instant start, Instant end) const;
    // Replaces person ids in the rota engine's explanations by their display names.
    std::string with_names(std::string const& text) const;
    void apply_to_rota();

    CoreContext& m_context;
    RotaStore& m_store;
    rota::ConfigRota& m_rota;
};

} // namespace sb
