// SPDX-License-Identifier: Apache-2.0
#include "bot/commands/aliases.hpp"

#include <array>
#include <utility>

namespace sb::commands {
namespace {

using Alias = std::pair<std::string_view, std::string_view>;

// Each with its umlaut and its ae/oe/ue spelling, for keyboards without them.
constexpr std::array verb_aliases{
    Alias{"übernehmen", "claim"},
    Alias{"uebernehmen", "claim"},
    Alias{"freigeben", "release"},
    Alias{"erledigt", "resolve"},
    Alias{"erledigen", "resolve"},
    Alias{"zurückstellen", "snooze"},
    Alias{"zurueckstellen", "snooze"},
    Alias{"später", "snooze"},
    Alias{"spaeter", "snooze"},
    Alias{"verwerfen", "dismiss"},
    Alias{"übergeben", "handoff"},
    Alias{"uebergeben", "handoff"},
    Alias{"notiz", "note"},
    Alias{"offen", "items"},
    Alias{"zeigen", "item"},
    Alias{"wer", "who"},
    Alias{"bereitschaft", "oncall"},
    Alias{"dienstplan", "rota"},
    Alias{"abwesend", "absent"},
    Alias{"zurück", "back"},
    Alias{"zurueck", "back"},
    Alias{"vertretung", "override"},
    Alias{"tauschen", "swap"},
    Alias{"lücken", "gaps"},
    Alias{"luecken", "gaps"},
    Alias{"hilfe", "help"},
    Alias{"testseite", "test-page"},
};

constexpr std::array absence_aliases{
    Alias{"krank", "sick"},
    Alias{"urlaub", "vacation"},
    Alias{"sonstiges", "other"},
};

template <std::size_t N>
std::optional<std::string_view> find(std::array<Alias, N> const& table, std::string_view word) {
    for (auto const& [alias, meaning] : table)
        if (alias == word)
            return meaning;
    return std::nullopt;
}

} // namespace

std::optional<std::string_view> verb_for_alias(std::string_view word) {
    return find(verb_aliases, word);
}

std::optional<std::string_view> absence_kind_for_alias(std::string_view word) {
    return find(absence_aliases, word);
}

} // namespace sb::commands
