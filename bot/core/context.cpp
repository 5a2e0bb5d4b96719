// SPDX-License-Identifier: Apache-2.0
// Look-ups over the config that several parts of the core need.
#include "bot/core/context.hpp"

#include <algorithm>

namespace sb {

std::string CoreContext::display_name(std::string const& person) const {
    auto it = config.people.find(person);
    if (it == config.people.end() || it->second.name.empty())
        return person;
    return it->second.name;
}

std::optional<std::string> CoreContext::person_for(std::string const& adapter,
                                                   std::string const& address) const {
    for (auto const& [id, person] : config.people)
        for (auto const& chat : person.chat)
            if (chat.adapter == adapter && chat.address == address)
                return id;
    return learned_person(adapter, address);
}

std::optional<std::string> CoreContext::address_of(std::string const& person,
                                                   std::string const& adapter) const {
    auto it = config.people.find(person);
    if (it == config.people.end())
        return std::nullopt;
    for (auto const& chat : it->second.chat)
        if (chat.adapter == adapter)
            return chat.address;
    return learned_address(person, adapter);
}

std::vector<NewOutbox> CoreContext::direct_messages(std::string const& person,
                                                    std::string const& text) const {
    std::vector<NewOutbox> out;
    for (auto const& adapter : config.chat) {
        auto address = address_of(person, adapter.name);
        if (!address)
            continue;
        NewOutbox dm;
        dm.kind = OutboxKind::direct_message;
        dm.adapter = adapter.name;
        dm.person = person;
        dm.person_address = *address;
        dm.text = text;
        out.push_back(std::move(dm));
    }
    return out;
}

std::vector<std::string> CoreContext::team_members(std::string const& team) const {
    std::vector<std::string> out;
    auto it = config.teams.find(team);
    if (it == config.teams.end())
        return out;
    for (auto const& layer : it->second.layers)
        for (auto const& member : layer.members)
            if (std::find(out.begin(), out.end(), member) == out.end())
                out.push_back(member);
    return out;
}

std::string CoreContext::team_zone(std::string const& team) const {
    auto it = config.teams.find(team);
    if (it == config.teams.end() || it->second.timezone.empty())
        return "UTC";
    return it->second.timezone;
}

Language CoreContext::team_language(std::string const& team) const {
    auto it = config.teams.find(team);
    return it == config.teams.end() ? Language::en : it->second.language;
}

Language CoreContext::person_language(std::string const& person) const {
    for (auto const& [id, team] : config.teams)
        for (auto const& layer : team.layers)
            if (std::find(layer.members.begin(), layer.members.end(), person) !=
                layer.members.end())
                return team.language;
    return Language::en;
}

Language CoreContext::common_language() const {
    if (config.teams.empty())
        return Language::en;
    auto const first = config.teams.begin()->second.language;
    for (auto const& [id, team] : config.teams)
        if (team.language != first)
            return Language::en;
    return first;
}

} // namespace sb
