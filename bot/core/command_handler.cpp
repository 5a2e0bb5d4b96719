// SPDX-License-Identifier: Apache-2.0
// Carries out chat commands: parse with the shared grammar, find the person and the item, act.
#include "bot/core/command_handler.hpp"

#include "bot/commands/command.hpp"
#include "bot/commands/help.hpp"
#include "bot/core/cards.hpp"
#include "bot/core/inbound_action.hpp"

#include <spdlog/spdlog.h>

namespace sb {
namespace {

using namespace sb::commands;

std::string answer(Result<std::string> const& result) {
    if (result)
        return *result;
    return "Sorry: " + result.error().message;
}

} // namespace

CommandHandler::CommandHandler(ItemService& items) : m_items(items), m_context(items.context()) {
    for (std::string_view verb :
         {Claim::verb, Release::verb, Resolve::verb, Snooze::verb, Dismiss::verb, Handoff::verb,
          Note::verb, ListItems::verb, ShowItem::verb, Who::verb, OnCall::verb, TestPage::verb,
          Help::verb})
        m_table.set(verb, [this](CommandRequest const& request) { return item_verb(request); });
    m_table.set(Rota::verb, [](CommandRequest const&) {
        return std::string("The rota view is not available here.");
    });
    m_table.set(Gaps::verb, [](CommandRequest const&) {
        return std::string("The gap view is not available here.");
    });
}

std::optional<std::string> CommandHandler::known_person(ChatOrigin const& origin,
                                                        std::string& refusal) const {
    auto person = m_context.person_for(origin.adapter, origin.user);
    if (!person) {
        spdlog::warn("command from unknown {} user '{}' refused", origin.adapter, origin.user);
        refusal = "Sorry, I don't know you yet, so I can't act on your commands. Ask a rota "
                  "manager to add your " +
                  origin.adapter + " identity to switchboard's config.";
    }
    return person;
}

std::string CommandHandler::default_team(ChatOrigin const& origin) const {
    for (auto const& [id, team] : m_context.config.teams)
        for (auto const& [adapter, room] : team.rooms)
            if (adapter == origin.adapter && room == origin.room)
                return id;
    return m_context.config.teams.empty() ? std::string{} : m_context.config.teams.begin()->first;
}

void CommandHandler::on_command(ChatOrigin const& origin, std::string const& text,
                                std::function<void(std::string)> reply) {
    reply(execute(origin, text));
}

void CommandHandler::on_action(InboundAction const& action,
                               std::function<void(std::string)> reply) {
    reply(execute(action));
}

std::string CommandHandler::execute(InboundAction const& action) {
    std::string refusal;
    auto person = known_person(action.origin, refusal);
    if (!person)
        return refusal;
    auto command = command_from_action(action);
    if (!command) {
        spdlog::warn("action from {} user '{}' refused: {}", action.origin.adapter,
                     action.origin.user, command.error().message);
        return "Sorry: " + command.error().message;
    }
    return run(action.origin, *person, *command);
}

std::string CommandHandler::execute(ChatOrigin const& origin, std::string const& text) {
    std::string refusal;
    auto person = known_person(origin, refusal);
    if (!person)
        return refusal;
    auto parsed = parse_command(text);
    if (!parsed)
        return parsed.error().message;
    return run(origin, *person, *parsed);
}

std::string CommandHandler::run(ChatOrigin const& origin, std::string const& person,
                                commands::Command const& command) {
    auto verb = verb_of(command);
    if (auto const* action = m_table.find(verb))
        return (*action)(CommandRequest{origin, person, command});
    return "'" + std::string(verb) +
           "' is not available in this version of switchboard yet; 'help' lists what is.";
}

std::string CommandHandler::item_verb(CommandRequest const& request) {
    auto const& origin = request.origin;
    auto const& command = request.command;
    auto const& person = request.person;
    // The adapter's type, never its name: "team-slack" is still Slack.
    Actor actor{person, origin.via};
    auto now = m_context.clock.now();

    // An id left out refers to the card the command answered, if any.
    auto item_id = [&](std::optional<ItemId> given) -> Result<ItemId> {
        if (given)
            return *given;
        if (!origin.card_ref.empty())
            if (auto id = SB_TRY(m_context.store.item_for_card(origin.adapter, origin.card_ref)))
                return *id;
        return unexpected(ErrorCode::invalid_argument, "which item? Give its number, e.g. '" +
                                                           std::string(verb_of(command)) +
                                                           " 42'; 'items' lists the open ones");
    };
    auto with_id = [&](std::optional<ItemId> given, auto&& action) -> std::string {
        auto id = item_id(given);
        if (!id)
            return "Sorry: " + id.error().message;
        return answer(action(*id));
    };

    return std::visit(
        Overloaded{
            [&](Claim const& c) {
                return with_id(c.id, [&](ItemId id) { return m_items.claim(id, actor); });
            },
            [&](Release const& c) {
                return with_id(c.id, [&](ItemId id) { return m_items.release(id, actor); });
            },
            [&](Resolve const& c) {
                return with_id(c.id, [&](ItemId id) { return m_items.resolve(id, actor, c.note); });
            },
            [&](Snooze const& c) {
                return with_id(c.id, [&](ItemId id) -> Result<std::string> {
                    auto item = m_context.store.item(id);
                    auto zone = item ? m_context.team_zone(item->team) : std::string("UTC");
                    auto until = c.wake_time(now, zone);
                    if (!until)
                        return unexpected(until.error());
                    return m_items.snooze(id, actor, *until);
                });
            },
            [&](Dismiss const& c) {
                return with_id(c.id,
                               [&](ItemId id) { return m_items.dismiss(id, actor, c.reason); });
            },
            [&](Handoff const& c) {
                return with_id(c.id,
                               [&](ItemId id) { return m_items.handoff(id, actor, c.person); });
            },
            [&](Note const& c) {
                return with_id(c.id, [&](ItemId id) { return m_items.note(id, actor, c.text); });
            },
            [&](ListItems const&) { return list_items(); },
            [&](ShowItem const& c) { return show_item(c.id); },
            [&](Who const& c) { return who(c.team.value_or(default_team(origin)), now); },
            [&](OnCall const& c) {
                auto team = c.team.value_or(default_team(origin));
                Instant at = now;
                if (c.at) {
                    auto resolved = c.at->resolve(m_context.team_zone(team));
                    if (!resolved)
                        return "Sorry: " + resolved.error().message;
                    at = *resolved;
                }
                return who(team, at);
            },
            [&](TestPage const&) {
                if (!m_context.test_page)
                    return std::string("Test pages are not available here.");
                return m_context.test_page(person);
            },
            [&](Help const& c) {
                return help_text(c.topic ? std::optional<std::string_view>(*c.topic)
                                         : std::nullopt);
            },
            [&](auto const& other) {
                return "'" + std::string(verb_of(Command{other})) +
                       "' is not available in this version of switchboard yet; 'help' lists "
                       "what is.";
            },
        },
        command);
}

std::string CommandHandler::list_items() {
    ItemFilter filter;
    filter.active_only = true;
    filter.limit = 50;
    auto items = m_context.store.items(filter);
    if (items.empty())
        return "No open items. Quiet times!";
    auto now = m_context.clock.now();
    std::string out = "Open items:";
    for (auto const& item : items) {
        out += "\n  " + item_summary(item, 60) + " · " + to_string(item.state);
        if (item.state == ItemState::claimed)
            out += " by " + m_context.display_name(item.claimed_by);
        out += " · " + format_duration(now - item.received_at) + " old";
    }
    return out;
}

std::string CommandHandler::show_item(ItemId id) {
    auto item = m_context.store.item(id);
    if (!item)
        return "Sorry: there is no item #" + std::to_string(id) + "; 'items' lists them";
    auto zone = m_context.team_zone(item->team);
    std::string out = item_summary(*item, 300) + "\n  " + item->mention.url + "\n  state " +
                      to_string(item->state) + ", team " + item->team;
    for (auto const& event : m_context.store.timeline(id))
        out += "\n  " + format_instant(event.at, zone) + "  " + event.kind + "  " + event.detail +
               " (" + to_string(event.via) + ")";
    return out;
}

std::string CommandHandler::who(std::string const& team, Instant at) {
    if (!m_context.config.teams.contains(team))
        return "Sorry: there is no team '" + team + "'";
    auto answer = m_context.rota.who(team, at);
    auto zone = m_context.team_zone(team);
    std::string out = "On call for " + team + " at " + format_instant(at, zone) + " (" +
                      answer.window.value_or("outside coverage") + "):";
    for (auto const& layer : answer.layers) {
        out += "\n  " + layer.layer + ": " +
               (layer.person ? m_context.display_name(*layer.person) : std::string("nobody (gap)"));
        if (layer.person && layer.reason != "rotation") {
            out += " (" + layer.reason;
            if (!layer.substitutes_for.empty())
                out += " for " + m_context.display_name(layer.substitutes_for);
            out += ")";
        }
    }
    if (answer.layers.empty())
        out += "\n  nobody is scheduled now";
    return out;
}

} // namespace sb
