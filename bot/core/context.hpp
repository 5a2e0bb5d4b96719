// SPDX-License-Identifier: Apache-2.0
// What the core's parts share: config, store, time, rota and the notifiers, passed by reference.
#pragma once

#include "bot/core/domain_events.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/notifier.hpp"
#include "bot/ports/rota.hpp"
#include "bot/ports/timer_service.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sb {

struct CoreContext {
    config::Config const& config;
    Store& store;
    Clock const& clock;
    TimerService& timers;
    RotaResolver const& rota;
    // Where the core announces what changed: the outbox, live views and metrics listen.
    EventBus& events;
    std::vector<Notifier*> notifiers;
    // Plans a person's phone pages about an item by their contact rules; set by the engine.
    // An error (the store refused the pages) undoes the caller's unit of work.
    std::function<Result<void>(Item const& item, std::string const& person, std::string const& why,
                               Urgency urgency)>
        page_phone = [](Item const&, std::string const&, std::string const&,
                        Urgency) -> Result<void> { return {}; };
    // Pages the person through each of their methods now and answers what was sent.
    std::function<std::string(std::string const& person)> test_page = {};
    // Identities a chat adapter found itself, beyond the config's; set by the engine.
    std::function<std::optional<std::string>(std::string const& adapter,
                                             std::string const& address)>
        learned_person = [](std::string const&, std::string const&) { return std::nullopt; };
    std::function<std::optional<std::string>(std::string const& person, std::string const& adapter)>
        learned_address = [](std::string const&, std::string const&) { return std::nullopt; };
    // Where people reach this daemon from outside ("https://sb.example.com"); for links.
    std::string base_url = {};

    std::string display_name(std::string const& person) const;
    // The person behind a chat identity, if the config knows one.
    std::optional<std::string> person_for(std::string const& adapter,
                                          std::string const& address) const;
    // The person's identity on a chat adapter, if any.
    std::optional<std::string> address_of(std::string const& person,
                                          std::string const& adapter) const;
    // One direct message to the person on each chat adapter where they have an identity.
    std::vector<NewOutbox> direct_messages(std::string const& person,
                                           std::string const& text) const;
    // People who appear in a team's layers.
    std::vector<std::string> team_members(std::string const& team) const;
    std::string team_zone(std::string const& team) const;
    // The language of the team's cards and messages; English for a team the config lacks.
    Language team_language(std::string const& team) const;
    // The language a person is spoken to in: their team's, the first team that has them in a
    // layer; English for someone in no team.
    Language person_language(std::string const& person) const;
    // The language every team speaks, where they agree; English otherwise. For answers that
    // belong to no team yet, such as a claim link that is not valid.
    Language common_language() const;

    // Announces the event once the open unit of work committed, never when it rolls back, so
    // nobody acts on writes that vanish; at once when no unit is open.
    template <class Event> void publish(Event event) {
        store.after_commit([bus = &events, event = std::move(event)] { bus->publish(event); });
    }
};

} // namespace sb
