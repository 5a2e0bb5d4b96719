// SPDX-License-Identifier: Apache-2.0
// The rota's chat commands: parse, ask the rota service, answer in a sentence.
#pragma once

#include "bot/commands/command.hpp"
#include "bot/core/command_handler.hpp"
#include "bot/core/context.hpp"
#include "bot/core/rota_service.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/rota_repository.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

class RotaCommands {
public:
    // Every change goes through the service, which applies it to the rota at once, so the next
    // page already follows the change.
    explicit RotaCommands(RotaService& service);

    // Loads the stored active entries into the rota; call at start so a restart keeps them.
    void load();

    // Enters this object's verbs (absent, back, override, swap, rota, gaps) in the handler's
    // command table.
    void attach(CommandHandler& handler);

    // Handles absent, back, override and swap; nullopt for every other command.
    std::optional<std::string> handle(ChatOrigin const& origin, std::string const& person,
                                      std::string const& command_text);
    std::optional<std::string> handle(ChatOrigin const& origin, std::string const& person,
                                      commands::Command const& command);

    // The "rota" and "gaps" answers for [now, now + days], runtime entries included.
    std::string rota_text(std::string const& team, int days, bool gaps);

    // How far ahead a change is checked for new gaps.
    static constexpr int gap_horizon_days = RotaService::gap_horizon_days;

private:
    // Who sent a command, and the team of the room it came from (else the first team).
    struct Sender {
        RotaActor actor;
        std::string team;
        Language lang() const { return actor.language.value_or(Language::en); }
    };

    std::string absent(Sender const& sender, commands::Absent const& command);
    std::string back(Sender const& sender, commands::Back const& command);
    std::string override_shift(Sender const& sender, commands::Override const& command);
    std::string swap_request(Sender const& sender, commands::SwapRequest const& command);

    std::string team_of(ChatOrigin const& origin) const;

    RotaService& m_service;
    CoreContext& m_context;
};

} // namespace sb
