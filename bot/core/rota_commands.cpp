// SPDX-License-Identifier: Apache-2.0
// Rota changes from chat: the command's words become a call to the rota service, and its outcome
// or error becomes the answer.
#include "bot/core/rota_commands.hpp"

#include "base/say.hpp"
#include "schedules/rota_render.hpp"

namespace sb {
namespace {

using namespace sb::commands;

std::string sorry(Language lang, std::string const& message) {
    return say(lang, "Sorry: {0}", message);
}

std::string answer(Language lang, Result<RotaOutcome> const& outcome) {
    return outcome ? outcome->message : sorry(lang, outcome.error().message);
}

} // namespace

RotaCommands::RotaCommands(RotaService& service)
    : m_service(service), m_context(service.context()) {}

void RotaCommands::load() {
    m_service.load();
}

void RotaCommands::attach(CommandHandler& handler) {
    auto changes = [this](CommandRequest const& request) {
        return handle(request.origin, request.person, request.command).value_or(std::string());
    };
    for (std::string_view verb : {Absent::verb, Back::verb, Override::verb, SwapRequest::verb})
        handler.table().set(verb, changes);
    handler.table().set(Rota::verb, [this](CommandRequest const& request) {
        auto const& rota = std::get<Rota>(request.command);
        return rota_text(rota.team.value_or(team_of(request.origin)), rota.days.value_or(7), false);
    });
    handler.table().set(Gaps::verb, [this](CommandRequest const& request) {
        auto const& gaps = std::get<Gaps>(request.command);
        return rota_text(team_of(request.origin), gaps.days.value_or(14), true);
    });
}

std::string RotaCommands::team_of(ChatOrigin const& origin) const {
    for (auto const& [id, team] : m_context.config.teams)
        for (auto const& [adapter, room] : team.rooms)
            if (adapter == origin.adapter && room == origin.room)
                return id;
    return m_context.config.teams.empty() ? std::string{} : m_context.config.teams.begin()->first;
}

std::optional<std::string> RotaCommands::handle(ChatOrigin const& origin, std::string const& person,
                                                std::string const& command_text) {
    auto parsed = parse_command(command_text);
    if (!parsed)
        return std::nullopt;
    return handle(origin, person, *parsed);
}

std::optional<std::string> RotaCommands::handle(ChatOrigin const& origin, std::string const& person,
                                                Command const& command) {
    auto team = team_of(origin);
    Sender sender{{person, to_string(origin.via), false, m_context.team_zone(team)}, team};
    if (auto found = m_context.config.people.find(person); found != m_context.config.people.end())
        sender.actor.manager = found->second.role == config::Role::manager;
    // As every other chat reply: the room's team speaks, else the person's.
    sender.actor.language = m_context.person_language(person);
    for (auto const& [id, known] : m_context.config.teams)
        for (auto const& [adapter, room] : known.rooms)
            if (adapter == origin.adapter && room == origin.room)
                sender.actor.language = known.language;
    auto const lang = *sender.actor.language;
    return std::visit(
        Overloaded{
            [&](Absent const& c) -> std::optional<std::string> { return absent(sender, c); },
            [&](Back const& c) -> std::optional<std::string> { return back(sender, c); },
            [&](Override const& c) -> std::optional<std::string> {
                return override_shift(sender, c);
            },
            [&](SwapRequest const& c) -> std::optional<std::string> {
                return swap_request(sender, c);
            },
            [&](SwapAccept const& c) -> std::optional<std::string> {
                return answer(lang, m_service.accept_swap(sender.actor, c.id));
            },
            [&](SwapDecline const& c) -> std::optional<std::string> {
                return answer(lang, m_service.decline_swap(sender.actor, c.id));
            },
            [](auto const&) -> std::optional<std::string> { return std::nullopt; },
        },
        command);
}

std::string RotaCommands::absent(Sender const& sender, Absent const& command) {
    auto const lang = sender.lang();
    // An unknown name is the likelier mistake; say so before complaining about a time.
    if (!m_service.find_person(command.person))
        return answer(lang, m_service.add_absence(sender.actor, {command.person, "sick", {}, {}}));
    auto start = command.from.resolve(sender.actor.zone, lang);
    if (!start)
        return sorry(lang, start.error().message);
    std::optional<Instant> end;
    if (command.to) {
        auto resolved = command.to->resolve_end(sender.actor.zone, lang);
        if (!resolved)
            return sorry(lang, resolved.error().message);
        end = *resolved;
    }
    return answer(lang, m_service.add_absence(
                            sender.actor, {command.person, to_string(command.kind), *start, end}));
}

std::string RotaCommands::back(Sender const& sender, Back const& command) {
    auto const lang = sender.lang();
    return answer(lang, m_service.back(sender.actor, command.person));
}

std::string RotaCommands::override_shift(Sender const& sender, Override const& command) {
    auto const lang = sender.lang();
    auto start = command.from.resolve(sender.actor.zone, lang);
    if (!start)
        return sorry(lang, start.error().message);
    auto end = command.to.resolve_end(sender.actor.zone, lang);
    if (!end)
        return sorry(lang, end.error().message);
    return answer(lang,
                  m_service.add_override(sender.actor, {sender.team, command.layer.value_or(""),
                                                        command.person, *start, *end}));
}

std::string RotaCommands::swap_request(Sender const& sender, SwapRequest const& command) {
    auto const lang = sender.lang();
    auto at = command.shift.resolve(sender.actor.zone, lang);
    if (!at)
        return sorry(lang, at.error().message);
    return answer(lang, m_service.request_swap(
                            sender.actor, {sender.team, sender.actor.person, command.person, *at}));
}

std::string RotaCommands::rota_text(std::string const& team, int days, bool gaps) {
    auto const lang = m_context.team_language(team);
    if (!m_context.config.teams.contains(team))
        return sorry(lang, say(lang, "there is no team '{0}'", team));
    auto now = m_context.clock.now();
    auto until = now + date::days{days};
    auto zone = m_context.team_zone(team);
    auto const& config = m_context.config;
    // The daemon's rota already holds every run-time entry: the service applies each change.
    auto const view = rota::rota_view(config, m_service.rota());
    schedules::TableWords words{lang, {}};
    // The resolver explains in English; German says why from the cause, as the gap warnings do.
    if (lang != Language::en)
        words.why = [this, lang](schedules::GapWhy const& cause, std::string const& english) {
            if (cause.cause == schedules::GapCause::double_duty)
                return say(lang, "{0} is also on {1}", m_context.display_name(cause.person),
                           cause.other_layer);
            auto why = m_service.german_why(cause);
            return why.empty() ? english : say(lang, "because {0}", why);
        };
    using schedules::RenderFormat;
    auto text = gaps ? schedules::render_gaps(view, team, now, until, RenderFormat::text, words)
                     : schedules::render_rota(view, team, now, until, RenderFormat::text,
                                              schedules::RotaStats::omit, words);
    if (!text)
        return sorry(lang, text.error().message);
    if (!text->empty() && text->back() == '\n')
        text->pop_back();
    auto const span = rota_span_text(now, until, zone, lang);
    return (gaps ? say(lang, "Gaps in {0}, {1}:", team, span)
                 : say(lang, "Rota of {0}, {1}:", team, span)) +
           "\n" + *text;
}

} // namespace sb
