// SPDX-License-Identifier: Apache-2.0
// Carries out chat commands: parse with the shared grammar, find the person and the item, act.
#include "bot/core/command_handler.hpp"

#include "base/say.hpp"
#include "bot/commands/command.hpp"
#include "bot/commands/help.hpp"
#include "bot/core/cards.hpp"
#include "bot/core/inbound_action.hpp"

#include <spdlog/spdlog.h>

namespace sb {
namespace {

using namespace sb::commands;

std::string answer(Language lang, Result<std::string> const& result) {
    if (result)
        return *result;
    return say(lang, "Sorry: {0}", result.error().message);
}

std::string not_available(Language lang, std::string_view verb) {
    return say(lang,
               "'{0}' is not available in this version of switchboard yet; 'help' lists "
               "what is.",
               verb);
}

} // namespace

CommandHandler::CommandHandler(ItemService& items) : m_items(items), m_context(items.context()) {
    for (std::string_view verb :
         {Claim::verb, Release::verb, Resolve::verb, Snooze::verb, Dismiss::verb, Handoff::verb,
          Note::verb, ListItems::verb, ShowItem::verb, Who::verb, OnCall::verb, TestPage::verb,
          Help::verb})
        m_table.set(verb, [this](CommandRequest const& request) { return item_verb(request); });
    m_table.set(Rota::verb, [this](CommandRequest const& request) {
        return say(reply_language(request.origin, request.person),
                   "The rota view is not available here.");
    });
    m_table.set(Gaps::verb, [this](CommandRequest const& request) {
        return say(reply_language(request.origin, request.person),
                   "The gap view is not available here.");
    });
}

std::optional<std::string> CommandHandler::known_person(ChatOrigin const& origin,
                                                        std::string& refusal) const {
    auto person = m_context.person_for(origin.adapter, origin.user);
    if (!person) {
        spdlog::warn("command from unknown {} user '{}' refused", origin.adapter, origin.user);
        // Nobody is known, so the room says which language to refuse in.
        auto lang = Language::en;
        for (auto const& [id, team] : m_context.config.teams)
            for (auto const& [adapter, room] : team.rooms)
                if (adapter == origin.adapter && room == origin.room)
                    lang = team.language;
        refusal = say(lang,
                      "Sorry, I don't know you yet, so I can't act on your commands. Ask a rota "
                      "manager to add your {0} identity to switchboard's config.",
                      origin.adapter);
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

Language CommandHandler::reply_language(ChatOrigin const& origin, std::string const& person) const {
    for (auto const& [id, team] : m_context.config.teams)
        for (auto const& [adapter, room] : team.rooms)
            if (adapter == origin.adapter && room == origin.room)
                return team.language;
    return m_context.person_language(person);
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
        return say(reply_language(action.origin, *person), "Sorry: {0}", command.error().message);
    }
    return run(action.origin, *person, *command);
}

std::string CommandHandler::execute(ChatOrigin const& origin, std::string const& text) {
    std::string refusal;
    auto person = known_person(origin, refusal);
    if (!person)
        return refusal;
    auto parsed = parse_command(text, reply_language(origin, *person));
    if (!parsed)
        return parsed.error().message;
    return run(origin, *person, *parsed);
}

std::string CommandHandler::run(ChatOrigin const& origin, std::string const& person,
                                commands::Command const& command) {
    auto verb = verb_of(command);
    if (auto const* action = m_table.find(verb))
        return (*action)(CommandRequest{origin, person, command});
    return not_available(reply_language(origin, person), verb);
}

std::string CommandHandler::item_verb(CommandRequest const& request) {
    auto const& origin = request.origin;
    auto const& command = request.command;
    auto const& person = request.person;
    // The adapter's type, never its name: "team-slack" is still Slack.
    Actor actor{person, origin.via};
    auto now = m_context.clock.now();
    auto const lang = reply_language(origin, person);

    // An id left out refers to the card the command answered, if any.
    auto item_id = [&](std::optional<ItemId> given) -> Result<ItemId> {
        if (given)
            return *given;
        if (!origin.card_ref.empty())
            if (auto id =
                    SB_TRY(m_context.store.outbox().item_for_card(origin.adapter, origin.card_ref)))
                return *id;
        return unexpected(ErrorCode::invalid_argument,
                          say(lang,
                              "which item? Give its number, e.g. '{0} 42'; 'items' lists the "
                              "open ones",
                              verb_of(command)));
    };
    auto with_id = [&](std::optional<ItemId> given, auto&& action) -> std::string {
        auto id = item_id(given);
        if (!id)
            return say(lang, "Sorry: {0}", id.error().message);
        // The item's team speaks from here on; a missing item is told in the asker's language.
        auto item = m_context.store.items().get(*id);
        if (!item)
            return say(lang, "Sorry: {0}", item.error().message);
        if (!*item)
            return say(lang, "Sorry: there is no item #{0}; 'items' lists them", *id);
        return answer(m_context.team_language((*item)->team), action(*id));
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
                    auto item = SB_TRY(m_context.store.items().get(id));
                    auto zone = item ? m_context.team_zone(item->team) : std::string("UTC");
                    auto until =
                        c.wake_time(now, zone, item ? m_context.team_language(item->team) : lang);
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
            [&](ListItems const&) { return list_items(lang); },
            [&](ShowItem const& c) { return show_item(c.id, lang); },
            [&](Who const& c) { return who(c.team.value_or(default_team(origin)), now, lang); },
            [&](OnCall const& c) {
                auto team = c.team.value_or(default_team(origin));
                Instant at = now;
                if (c.at) {
                    auto resolved =
                        c.at->resolve(m_context.team_zone(team), m_context.team_language(team));
                    if (!resolved)
                        return say(lang, "Sorry: {0}", resolved.error().message);
                    at = *resolved;
                }
                return who(team, at, lang);
            },
            [&](TestPage const&) {
                if (!m_context.test_page)
                    return say(lang, "Test pages are not available here.");
                return m_context.test_page(person);
            },
            [&](Help const& c) {
                return help_text(c.topic ? std::optional<std::string_view>(*c.topic) : std::nullopt,
                                 lang);
            },
            [&](auto const& other) { return not_available(lang, verb_of(Command{other})); },
        },
        command);
}

std::string CommandHandler::list_items(Language lang) {
    ItemFilter filter;
    filter.active_only = true;
    filter.limit = 50;
    auto listed = m_context.store.items().list(filter);
    if (!listed)
        return say(lang, "Sorry: {0}", listed.error().message);
    auto const& items = *listed;
    if (items.empty())
        return say(lang, "No open items. Quiet times!");
    auto now = m_context.clock.now();
    std::string out = say(lang, "Open items:");
    for (auto const& item : items) {
        out += "\n  " + item_summary(item, lang, 60) + " · " +
               std::string(words(lang, to_string(item.state)));
        if (item.state == ItemState::claimed)
            out += " " + say(lang, "by {0}", m_context.display_name(item.claimed_by));
        out += " · " + say(lang, "{0} old", duration_words(lang, now - item.received_at));
    }
    return out;
}

std::string CommandHandler::show_item(ItemId id, Language lang) {
    auto read = m_context.store.items().get(id);
    if (!read)
        return say(lang, "Sorry: {0}", read.error().message);
    auto const& item = *read;
    if (!item)
        return say(lang, "Sorry: there is no item #{0}; 'items' lists them", id);
    auto timeline = m_context.store.items().timeline(id);
    if (!timeline)
        return say(lang, "Sorry: {0}", timeline.error().message);
    lang = m_context.team_language(item->team);
    auto zone = m_context.team_zone(item->team);
    std::string out =
        item_summary(*item, lang, 300) + "\n  " + item->mention.url + "\n  " +
        say(lang, "state {0}, team {1}", words(lang, to_string(item->state)), item->team);
    // Each event's detail was written in the team's language; its kind and channel are named
    // here, so an older English timeline still reads with German labels.
    for (auto const& event : *timeline)
        out += "\n  " + format_instant(event.at, zone) + "  " +
               std::string(words(lang, event.kind)) + "  " + event.detail + " (" +
               std::string(words(lang, to_string(event.via))) + ")";
    return out;
}

std::string CommandHandler::who(std::string const& team, Instant at, Language lang) {
    if (!m_context.config.teams.contains(team))
        return say(lang, "Sorry: there is no team '{0}'", team);
    lang = m_context.team_language(team);
    auto answer = m_context.rota.who(team, at);
    auto zone = m_context.team_zone(team);
    std::string out =
        say(lang, "On call for {0} at {1} ({2}):", team, format_instant(at, zone),
            answer.window ? *answer.window : std::string(words(lang, "outside coverage")));
    for (auto const& layer : answer.layers) {
        out += "\n  " + layer.layer + ": " +
               (layer.person ? m_context.display_name(*layer.person)
                             : std::string(words(lang, "nobody (gap)")));
        if (layer.person && layer.reason != "rotation") {
            out += " (" + std::string(words(lang, layer.reason));
            if (!layer.substitutes_for.empty())
                out += " " + say(lang, "for {0}", m_context.display_name(layer.substitutes_for));
            out += ")";
        }
    }
    if (answer.layers.empty())
        out += "\n  " + say(lang, "nobody is scheduled now");
    return out;
}

} // namespace sb
