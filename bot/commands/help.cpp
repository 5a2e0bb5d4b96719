// SPDX-License-Identifier: Apache-2.0
// The command table, help texts and the did-you-mean suggestion for mistyped verbs.
#include "bot/commands/help.hpp"
#include "base/say.hpp"
#include "base/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace sb::commands {
namespace {

constexpr std::array<CommandHelp, 23> table{{
    {"claim", "claim [id]", "take an item; the first claim wins", "claim 42", CommandGroup::items},
    {"release", "release [id]", "give an item back to the team", "release #42",
     CommandGroup::items},
    {"resolve", "resolve [id] [note…]", "close an item, with an optional note",
     "resolve 42 answered by DM", CommandGroup::items},
    {"snooze", "snooze [id] <duration | until TIME>", "hide an item until later", "snooze 42 1h",
     CommandGroup::items},
    {"dismiss", "dismiss [id] [reason…]", "close an item that needs no reply", "dismiss 42 spam",
     CommandGroup::items},
    {"handoff", "handoff [id] @person", "pass an item on to someone else", "handoff 42 @alice",
     CommandGroup::items},
    {"note", "note [id] <text…>", "add a note to an item's timeline",
     "note 42 customer called back", CommandGroup::items},
    {"items", "items", "list the items that still need somebody", "items", CommandGroup::items},
    {"item", "item <id>", "show one item and its timeline", "item 42", CommandGroup::items},
    {"who", "who [team]", "who is on call now", "who care", CommandGroup::rota},
    {"oncall", "oncall [team] [when]", "who is on call at a given time",
     "oncall care 2026-12-24T19:30 Europe/Berlin", CommandGroup::rota},
    {"rota", "rota [team] [days]", "the shifts of the coming days", "rota care 14",
     CommandGroup::rota},
    {"absent", "absent @person sick|vacation|other <from> [<to>]",
     "record an absence; without <to> it lasts until 'back'",
     "absent @bob vacation 2026-12-24 2026-12-31", CommandGroup::rota},
    {"back", "back @person", "end a person's absence now", "back @bob", CommandGroup::rota},
    {"override", "override @person <from> <to> [layer]", "have someone cover a span instead",
     "override @alice 2026-12-24T18:00+01:00 2026-12-25T08:00+01:00 primary", CommandGroup::rota},
    {"swap", "swap request @person <shift>", "ask someone to take your shift holding that time",
     "swap request @bob 2026-12-24T20:00+01:00", CommandGroup::rota},
    {"swap", "swap accept|decline <id>", "answer a swap request", "swap accept 7",
     CommandGroup::rota},
    {"gaps", "gaps [days]", "spans in the coming days with nobody on call", "gaps 30",
     CommandGroup::rota},
    {"help", "help [command]", "list the commands, or explain one", "help snooze",
     CommandGroup::other},
    {"web", "web", "a sign-in link to the web page, by DM; it works once, for 10 minutes", "web",
     CommandGroup::other},
    {"test-page", "test-page", "send yourself a test page", "test-page", CommandGroup::other},
    {"token", "token create [label]",
     "create a personal API token (only in a DM; it is shown once)", "token create laptop",
     CommandGroup::other},
    {"token", "token revoke [label]", "revoke your API token with that label, or all of them",
     "token revoke laptop", CommandGroup::other},
}};

constexpr std::span<CommandHelp const> rows{table};

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<CommandHelp const*> rows_for(std::string_view verb) {
    std::vector<CommandHelp const*> found;
    for (auto const& row : rows)
        if (row.verb == verb)
            found.push_back(&row);
    return found;
}

} // namespace

char const* to_string(CommandGroup group) {
    switch (group) {
    case CommandGroup::items:
        return "Items";
    case CommandGroup::rota:
        return "Rota";
    case CommandGroup::other:
        return "Other";
    }
    return "Other";
}

std::span<CommandHelp const> command_table() {
    return rows;
}

std::optional<std::string_view> closest_verb(std::string_view word_in) {
    // Longer words are no typo of a short verb, and bounding them keeps the distance table small
    // whatever the sender pasted.
    if (word_in.empty() || word_in.size() > 24)
        return std::nullopt;
    auto word = ascii_lower(word_in);
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (auto const& row : rows) {
        auto distance = edit_distance(word, row.verb);
        if (!best || distance < best_distance) {
            best = row.verb;
            best_distance = distance;
        }
    }
    std::size_t allowed = word.size() <= 4 ? 1 : 2;
    if (best && best_distance > 0 && best_distance <= allowed)
        return best;

    // A unique prefix ("snoo", "over") is most likely a verb cut short.
    if (word.size() >= 3) {
        std::optional<std::string_view> prefixed;
        for (auto const& row : rows) {
            if (row.verb.starts_with(word) && row.verb != word) {
                if (prefixed && *prefixed != row.verb)
                    return std::nullopt;
                prefixed = row.verb;
            }
        }
        return prefixed;
    }
    return std::nullopt;
}

std::string help_text(std::optional<std::string_view> command, Language lang) {
    if (!command) {
        std::size_t width = 0;
        for (auto const& row : rows)
            width = std::max(width, row.usage.size());
        std::string out = say(lang, "Commands (ids may be written 42 or #42; in a reply to a card "
                                    "the id may be left out):") +
                          "\n";
        for (auto group : {CommandGroup::items, CommandGroup::rota, CommandGroup::other}) {
            out += words(lang, to_string(group));
            out += ":\n";
            for (auto const& row : rows) {
                if (row.group != group)
                    continue;
                out += "  ";
                out += row.usage;
                // The ellipsis is three bytes but one column; pad by columns, not bytes.
                std::size_t columns = row.usage.size();
                for (std::size_t at = row.usage.find("…"); at != std::string_view::npos;
                     at = row.usage.find("…", at + 1))
                    columns -= 2;
                out.append(width - columns + 2, ' ');
                out += words(lang, row.summary);
                out += '\n';
            }
        }
        out += say(lang, "TIME is ISO 8601 with an offset or a zone (2026-12-24T19:30+01:00, "
                         "2026-12-24T19:30 Europe/Berlin); without one, or as a bare date, the "
                         "team's zone applies. Durations: 30m, 1h, 1h30m, 2d, 1w.") +
               "\n" + say(lang, "Type 'help <command>' for an example.");
        return out;
    }

    auto name = ascii_lower(*command);
    // "help swap request" and "help !claim" mean the same as "help swap" and "help claim".
    if (auto space = name.find(' '); space != std::string::npos)
        name.resize(space);
    if (!name.empty() && (name.front() == '!' || name.front() == '/'))
        name.erase(0, 1);
    auto found = rows_for(name);
    if (found.empty()) {
        std::string shown = name;
        if (shown.size() > 40) {
            // Cut on a character boundary so the reply stays valid UTF-8.
            std::size_t cut = 40;
            while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80)
                --cut;
            shown = shown.substr(0, cut) + "…";
        }
        if (auto suggestion = closest_verb(name))
            return say(lang,
                       "There is no command '{0}'; did you mean '{1}'? Type 'help' for the "
                       "list.",
                       shown, *suggestion);
        return say(lang, "There is no command '{0}'. Type 'help' for the list.", shown);
    }
    std::string out;
    for (auto const* row : found) {
        if (!out.empty())
            out += '\n';
        out += std::string(row->usage) + " — " + std::string(words(lang, row->summary)) + "\n  " +
               say(lang, "e.g. {0}", row->example);
    }
    return out;
}

} // namespace sb::commands
