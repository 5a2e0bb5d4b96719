// SPDX-License-Identifier: Apache-2.0
// Rota changes from chat: who may change what, the stored entry, and the gaps it opens.
#include "bot/core/rota_commands.hpp"

#include "bot/rota/rota_cli.hpp"
#include "schedules/resolver.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <tuple>

namespace sb {
namespace {

using namespace sb::commands;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// "Sat 28 Nov 09:00" in the zone.
std::string local_text(Instant at, std::string const& zone) {
    return date::format("%a %d %b %H:%M", date::make_zoned(date::locate_zone(zone), at));
}

// "Sat 28 Nov 09:00–21:00", or with the end's date when it falls on another day.
std::string span_text(Instant start, Instant end, std::string const& zone) {
    auto const* tz = date::locate_zone(zone);
    auto start_day = date::floor<date::days>(date::make_zoned(tz, start).get_local_time());
    auto end_local = date::make_zoned(tz, end);
    auto end_day = date::floor<date::days>(end_local.get_local_time());
    auto end_text = start_day == end_day ? date::format("%H:%M", end_local)
                                         : date::format("%a %d %b %H:%M", end_local);
    return local_text(start, zone) + "–" + end_text;
}

std::string sorry(std::string const& message) {
    return "Sorry: " + message;
}

std::string plural(std::size_t count, std::string const& word) {
    return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

} // namespace

RotaCommands::RotaCommands(CoreContext& context, RotaStore& store, rota::ConfigRota& rota)
    : m_context(context), m_store(store), m_rota(rota) {}

void RotaCommands::load() {
    apply_to_rota();
}

void RotaCommands::attach(CommandHandler& handler) {
    handler.extra_commands = [this](ChatOrigin const& origin, std::string const& person,
                                    std::string const& text) {
        return handle(origin, person, text);
    };
    handler.rota_text = [this](std::string const& team, int days, bool gaps) {
        return rota_text(team, days, gaps);
    };
}

void RotaCommands::apply_to_rota() {
    auto entries = m_store.load_active();
    m_rota.set_runtime_entries(std::move(entries.absences), std::move(entries.overrides),
                               std::move(entries.swaps));
}

rota::ConfigRota RotaCommands::with_entries(std::vector<RotaEntry> const& active) const {
    auto rota = m_rota;
    auto entries = to_runtime_entries(active);
    rota.set_runtime_entries(std::move(entries.absences), std::move(entries.overrides),
                             std::move(entries.swaps));
    return rota;
}

std::string RotaCommands::team_of(ChatOrigin const& origin) const {
    for (auto const& [id, team] : m_context.config.teams)
        for (auto const& [adapter, room] : team.rooms)
            if (adapter == origin.adapter && room == origin.room)
                return id;
    return m_context.config.teams.empty() ? std::string{} : m_context.config.teams.begin()->first;
}

std::optional<std::string> RotaCommands::find_person(std::string const& name) const {
    auto const& people = m_context.config.people;
    if (people.contains(name))
        return name;
    auto wanted = lower(name);
    for (auto const& [id, person] : people)
        if (lower(id) == wanted || (!person.name.empty() && lower(person.name) == wanted))
            return id;
    // Chat adapters write a mention as the user's id there ("<@U024BE7LH>" becomes "U024BE7LH").
    for (auto const& [id, person] : people)
        for (auto const& chat : person.chat)
            if (chat.address == name)
                return id;
    return std::nullopt;
}

std::optional<std::string> RotaCommands::refusal(Sender const& sender, std::string const& person,
                                                 std::string const& what) const {
    if (person == sender.person || sender.manager)
        return std::nullopt;
    return "only a rota manager can change " + what + " of " + m_context.display_name(person) +
           "; you can change your own";
}

std::vector<std::string> RotaCommands::teams_of(std::string const& person) const {
    std::vector<std::string> out;
    for (auto const& [id, team] : m_context.config.teams) {
        auto members = m_context.team_members(id);
        if (std::find(members.begin(), members.end(), person) != members.end())
            out.push_back(id);
    }
    return out;
}

std::string RotaCommands::with_names(std::string const& text) const {
    std::string out;
    std::string word;
    auto flush = [&] {
        out += m_context.config.people.contains(word) ? m_context.display_name(word) : word;
        word.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '(' || c == ')' || c == ',') {
            flush();
            out += c;
        } else {
            word += c;
        }
    }
    flush();
    return out;
}

std::vector<NewOutbox> RotaCommands::gap_warnings(std::vector<std::string> const& teams,
                                                  rota::ConfigRota const& after) const {
    auto now = m_context.clock.now();
    auto horizon = now + date::days{gap_horizon_days};
    using Key = std::tuple<std::string, std::string, Instant, Instant>;
    std::vector<NewOutbox> out;
    for (auto const& team : teams) {
        auto const* before_inputs = m_rota.inputs(team);
        auto const* after_inputs = after.inputs(team);
        auto found = m_context.config.teams.find(team);
        if (before_inputs == nullptr || after_inputs == nullptr ||
            found == m_context.config.teams.end())
            continue;
        std::set<Key> known;
        for (auto const& gap : schedules::find_gaps(*before_inputs, now, horizon))
            known.emplace(gap.layer, gap.window, gap.start, gap.end);
        auto zone = m_context.team_zone(team);
        for (auto const& gap : schedules::find_gaps(*after_inputs, now, horizon)) {
            if (known.contains(Key{gap.layer, gap.window, gap.start, gap.end}))
                continue;
            auto text = "Gap ahead: " + gap.layer + " has nobody " +
                        span_text(gap.start, gap.end, zone) + " (" + gap.window + ")";
            if (!gap.why.empty())
                text += " because " + with_names(gap.why);
            for (auto const& [adapter, room] : found->second.rooms)
                out.push_back({OutboxKind::room_message, adapter, room, "", "", text});
        }
        // One person on two layers at once is a gap in all but name: say so too.
        std::set<Key> doubled_before;
        for (auto const& gap : schedules::find_double_duty(*before_inputs, now, horizon))
            doubled_before.emplace(gap.layer, gap.window, gap.start, gap.end);
        for (auto const& gap : schedules::find_double_duty(*after_inputs, now, horizon)) {
            if (doubled_before.contains(Key{gap.layer, gap.window, gap.start, gap.end}))
                continue;
            auto text = "Gap ahead: " + with_names(gap.why) + " " +
                        span_text(gap.start, gap.end, zone) + " (" + gap.window + ")";
            for (auto const& [adapter, room] : found->second.rooms)
                out.push_back({OutboxKind::room_message, adapter, room, "", "", text});
        }
    }
    return out;
}

std::string RotaCommands::coverage_summary(std::vector<std::string> const& teams,
                                           rota::ConfigRota const& after, std::string const& person,
                                           Instant start, Instant end) const {
    std::vector<std::string> parts;
    auto add = [&](std::string part) {
        if (std::find(parts.begin(), parts.end(), part) == parts.end())
            parts.push_back(std::move(part));
    };
    for (auto const& team : teams) {
        auto const* inputs = after.inputs(team);
        if (inputs == nullptr)
            continue;
        auto zone = m_context.team_zone(team);
        for (auto const& span : schedules::resolve_rota(*inputs, start, end)) {
            if (span.reason == schedules::Reason::substitute && span.substitutes_for == person &&
                span.person)
                add(m_context.display_name(*span.person) + " covers " + span.layer +
                    " (substitute)");
            else if (span.reason == schedules::Reason::gap &&
                     span.why.rfind(person + " is absent", 0) == 0)
                add("nobody covers " + span.layer + " " + span_text(span.start, span.end, zone));
        }
    }
    std::string out;
    for (auto const& part : parts)
        out += (out.empty() ? "" : ", ") + part;
    return out;
}

std::optional<std::string> RotaCommands::handle(ChatOrigin const& origin, std::string const& person,
                                                std::string const& command_text) {
    auto parsed = parse_command(command_text);
    if (!parsed)
        return std::nullopt;
    auto team = team_of(origin);
    Sender sender{person, to_string(via_from_string(origin.adapter).value_or(Via::console)), team,
                  m_context.team_zone(team), false};
    if (auto found = m_context.config.people.find(person); found != m_context.config.people.end())
        sender.manager = found->second.role == config::Role::manager;
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
                return swap_answer(sender, c.id, true);
            },
            [&](SwapDecline const& c) -> std::optional<std::string> {
                return swap_answer(sender, c.id, false);
            },
            [](auto const&) -> std::optional<std::string> { return std::nullopt; },
        },
        *parsed);
}

std::string RotaCommands::absent(Sender const& sender, Absent const& command) {
    auto person = find_person(command.person);
    if (!person)
        return sorry("nobody called '" + command.person + "'");
    if (auto why = refusal(sender, *person, "the absences"))
        return sorry(*why);
    auto start = command.from.resolve(sender.zone);
    if (!start)
        return sorry(start.error().message);
    std::optional<Instant> end;
    if (command.to) {
        auto resolved = command.to->resolve_end(sender.zone);
        if (!resolved)
            return sorry(resolved.error().message);
        end = *resolved;
        if (*end <= *start)
            return sorry("the absence must end after it starts");
        if (*end <= m_context.clock.now())
            return sorry("that absence is already over; nothing to record");
    }
    auto now = m_context.clock.now();
    RotaEntry entry;
    entry.kind = RotaEntryKind::absence;
    entry.person = *person;
    entry.reason = to_string(command.kind);
    entry.starts_at = *start;
    entry.ends_at = end;

    auto name = m_context.display_name(*person);
    auto span =
        "from " + local_text(*start, sender.zone) +
        (end ? " to " + local_text(*end, sender.zone) : std::string(" until they are back"));
    auto active = m_store.active();
    active.push_back(entry);
    auto after = with_entries(active);
    auto teams = teams_of(*person);
    auto warnings = gap_warnings(teams, after);
    RotaChange change{sender.person, sender.via, now, "absence.create",
                      name + " is absent (" + entry.reason + ") " + span};
    auto id = m_store.create(entry, change, [&](std::int64_t) { return warnings; });
    if (!id)
        return sorry(id.error().message);
    apply_to_rota();
    m_context.wake_outbox();

    auto summary_end = std::min(end.value_or(open_ended_absence_end()),
                                std::max(*start, now) + date::days{gap_horizon_days});
    auto summary = coverage_summary(teams, after, *person, std::max(*start, now), summary_end);
    auto answer = "Noted: " + name + " is absent (" + entry.reason + ") " + span;
    if (!summary.empty())
        answer += "; " + summary;
    if (!warnings.empty())
        answer += ". I warned the team room about " + plural(warnings.size(), "new gap message");
    return answer;
}

std::string RotaCommands::back(Sender const& sender, Back const& command) {
    auto person = find_person(command.person);
    if (!person)
        return sorry("nobody called '" + command.person + "'");
    if (auto why = refusal(sender, *person, "the absences"))
        return sorry(*why);
    auto now = m_context.clock.now();
    auto active = m_store.active();
    std::erase_if(active, [&](RotaEntry const& entry) {
        return entry.kind == RotaEntryKind::absence && entry.person == *person &&
               entry.starts_at <= now && (!entry.ends_at || *entry.ends_at > now);
    });
    auto warnings = gap_warnings(teams_of(*person), with_entries(active));
    auto name = m_context.display_name(*person);
    RotaChange change{sender.person, sender.via, now, "absence.end", name + " is back"};
    auto ended =
        m_store.end_current_absences(*person, change, [&](std::int64_t) { return warnings; });
    if (!ended)
        return sorry(ended.error().message);
    if (*ended == 0)
        return name + " has no absence running now, so nothing changed.";
    apply_to_rota();
    m_context.wake_outbox();
    return "Welcome back, " + name + ": " + plural(static_cast<std::size_t>(*ended), "absence") +
           " ended now.";
}

std::string RotaCommands::override_shift(Sender const& sender, Override const& command) {
    auto person = find_person(command.person);
    if (!person)
        return sorry("nobody called '" + command.person + "'");
    if (auto why = refusal(sender, *person, "the overrides"))
        return sorry(*why);
    auto team = m_context.config.teams.find(sender.team);
    if (team == m_context.config.teams.end() || team->second.layers.empty())
        return sorry("team '" + sender.team + "' has no layers to override");
    std::string layer = command.layer.value_or(team->second.layers.front().name);
    auto const& layers = team->second.layers;
    if (std::none_of(layers.begin(), layers.end(),
                     [&](config::Layer const& known) { return known.name == layer; })) {
        std::string names;
        for (auto const& known : layers)
            names += (names.empty() ? "" : ", ") + known.name;
        return sorry("team " + sender.team + " has no layer '" + layer + "'; its layers: " + names);
    }
    auto start = command.from.resolve(sender.zone);
    if (!start)
        return sorry(start.error().message);
    auto end = command.to.resolve_end(sender.zone);
    if (!end)
        return sorry(end.error().message);
    if (*end <= *start)
        return sorry("the override must end after it starts");
    auto now = m_context.clock.now();
    if (*end <= now)
        return sorry("that span is already over; nothing to override");

    RotaEntry entry;
    entry.kind = RotaEntryKind::override;
    entry.team = sender.team;
    entry.layer = layer;
    entry.person = *person;
    entry.starts_at = *start;
    entry.ends_at = *end;
    auto name = m_context.display_name(*person);
    auto span = span_text(*start, *end, sender.zone);
    auto active = m_store.active();
    active.push_back(entry);
    auto warnings = gap_warnings({sender.team}, with_entries(active));
    RotaChange change{sender.person, sender.via, now, "override.create",
                      name + " covers " + layer + " of " + sender.team + " " + span};
    auto id = m_store.create(entry, change, [&](std::int64_t) { return warnings; });
    if (!id)
        return sorry(id.error().message);
    apply_to_rota();
    m_context.wake_outbox();
    auto answer = "Noted: " + name + " covers " + layer + " " + span + " (override)";
    if (!warnings.empty())
        answer += ". I warned the team room about " + plural(warnings.size(), "new gap message");
    return answer;
}

std::string RotaCommands::swap_request(Sender const& sender, SwapRequest const& command) {
    auto other = find_person(command.person);
    if (!other)
        return sorry("nobody called '" + command.person + "'");
    if (*other == sender.person)
        return sorry("a swap needs someone else to take your shift");
    auto at = command.shift.resolve(sender.zone);
    if (!at)
        return sorry(at.error().message);
    auto const* inputs = m_rota.inputs(sender.team);
    if (inputs == nullptr)
        return sorry("there is no team '" + sender.team + "'");
    auto now = m_context.clock.now();
    std::optional<schedules::Assignment> shift;
    for (auto const& layer : schedules::who_is_on_call(*inputs, *at).layers)
        if (layer.person == sender.person && layer.reason == schedules::Reason::rotation) {
            shift = layer;
            break;
        }
    if (!shift)
        return sorry("you have no shift of your own in " + sender.team + " at " +
                     local_text(*at, sender.zone) + "; 'rota' shows who is on when");
    if (shift->end <= now)
        return sorry("that shift is already over");

    RotaEntry entry;
    entry.kind = RotaEntryKind::swap;
    entry.team = sender.team;
    entry.layer = shift->layer;
    entry.person = sender.person;
    entry.other_person = *other;
    entry.starts_at = shift->start;
    entry.ends_at = shift->end;
    entry.state = RotaEntryState::requested;
    auto span = span_text(shift->start, shift->end, sender.zone);
    auto requester = m_context.display_name(sender.person);
    auto asked = m_context.display_name(*other);
    bool reachable = false;
    RotaChange change{sender.person, sender.via, now, "swap.request",
                      requester + " asks " + asked + " to take their " + shift->layer + " shift " +
                          span};
    auto id = m_store.create(entry, change, [&](std::int64_t new_id) {
        auto number = std::to_string(new_id);
        auto messages = m_context.direct_messages(
            *other, requester + " asks you to take their " + shift->layer + " shift " + span +
                        "; answer 'swap accept " + number + "' or 'swap decline " + number + "'");
        reachable = !messages.empty();
        return messages;
    });
    if (!id)
        return sorry(id.error().message);
    m_context.wake_outbox();
    auto number = std::to_string(*id);
    auto answer = "Asked " + asked + " to take your " + shift->layer + " shift " + span +
                  " (swap request " + number + ")";
    if (reachable)
        return answer + "; I'll tell you their answer.";
    return answer + "; I can't reach " + asked + " in chat, so please ask them to answer 'swap " +
           "accept " + number + "'.";
}

std::string RotaCommands::swap_answer(Sender const& sender, std::int64_t id, bool accept) {
    auto entry = m_store.entry(id);
    if (!entry || entry->kind != RotaEntryKind::swap)
        return sorry("there is no swap request " + std::to_string(id));
    auto requester = m_context.display_name(entry->person);
    auto asked = m_context.display_name(entry->other_person);
    if (entry->other_person != sender.person)
        return sorry("swap request " + std::to_string(id) + " asks " + asked +
                     ", so only they can answer it");
    if (entry->state != RotaEntryState::requested)
        return sorry("swap request " + std::to_string(id) + " is already " +
                     to_string(entry->state));
    auto now = m_context.clock.now();
    auto zone = m_context.team_zone(entry->team);
    auto end = entry->ends_at.value_or(entry->starts_at);
    auto span = span_text(entry->starts_at, end, zone);
    if (accept && end <= now)
        return sorry("that shift is already over");

    std::vector<NewOutbox> messages;
    RotaChange change{sender.person, sender.via, now, accept ? "swap.accept" : "swap.decline",
                      asked + (accept ? " takes " : " declines ") + requester + "'s " +
                          entry->layer + " shift " + span};
    if (accept) {
        auto active = m_store.active();
        auto accepted = *entry;
        accepted.state = RotaEntryState::active;
        active.push_back(accepted);
        messages = gap_warnings({entry->team}, with_entries(active));
    }
    auto warnings = messages.size();
    auto note = m_context.direct_messages(
        entry->person, asked + (accept ? " took" : " declined to take") + " your " + entry->layer +
                           " shift " + span + " (swap request " + std::to_string(id) + ")");
    messages.insert(messages.end(), note.begin(), note.end());
    auto write = [&](std::int64_t) { return messages; };
    auto done =
        accept ? m_store.accept_swap(id, change, write) : m_store.decline_swap(id, change, write);
    if (!done)
        return sorry(done.error().message);
    if (accept)
        apply_to_rota();
    m_context.wake_outbox();
    if (!accept)
        return "Declined: " + requester + " keeps their " + entry->layer + " shift " + span + ".";
    auto answer = "Done: you cover " + requester + "'s " + entry->layer + " shift " + span + ".";
    if (warnings > 0)
        answer += " I warned the team room about " + plural(warnings, "new gap message") + ".";
    return answer;
}

std::string RotaCommands::rota_text(std::string const& team, int days, bool gaps) {
    if (!m_context.config.teams.contains(team))
        return sorry("there is no team '" + team + "'");
    // The CLI renders from a config; the run-time entries join it as static ones with absolute
    // times, in the same order ConfigRota ranks them.
    auto config = m_context.config;
    for (auto const& entry : m_store.active()) {
        auto from = format_instant(entry.starts_at);
        auto to = format_instant(entry.ends_at.value_or(open_ended_absence_end()));
        switch (entry.kind) {
        case RotaEntryKind::absence:
            config.absences.push_back({entry.person, entry.reason, from, to});
            break;
        case RotaEntryKind::override:
            config.overrides.push_back({entry.team, entry.layer, entry.person, from, to});
            break;
        case RotaEntryKind::swap:
            config.swaps.push_back(
                {entry.team, entry.layer, entry.person, entry.other_person, from, to});
            break;
        }
    }
    auto now = m_context.clock.now();
    auto until = now + date::days{days};
    auto zone = m_context.team_zone(team);
    std::ostringstream out;
    int status = gaps ? rota::cli_gaps(config, team, now, until, false, out)
                      : rota::cli_rota(config, team, now, until, false, false, out);
    auto text = out.str();
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    if (status != 0)
        return sorry(text.rfind("error: ", 0) == 0 ? text.substr(7) : text);
    return (gaps ? "Gaps in " : "Rota of ") + team + ", " + span_text(now, until, zone) + ":\n" +
           text;
}

} // namespace sb
