// SPDX-License-Identifier: Apache-2.0
// The chat command grammar shared by every chat adapter: a command line in, a Command value out.
#pragma once

#include "base/language.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/core/item.hpp"
#include "schedules/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace sb::commands {

// A time as the user typed it. It is absolute when it carries an offset or a zone
// ("2026-12-24T19:30+01:00", "2026-12-24T19:30 Europe/Berlin"); otherwise it is a wall time
// ("2026-12-24T19:30", "2026-12-24") that only the core can place, in the team's zone.
struct TimeArgument {
    std::string text;                // normalised: one space before a zone name
    std::optional<Instant> absolute; // set when the text names its own offset or zone
    bool date_only = false;          // "2026-12-24": a whole day rather than an instant

    // The instant meant, reading a wall time in zone (an IANA name such as "Europe/Berlin").
    // An error is worded in language, for the person who typed the time.
    Result<Instant> resolve(std::string_view zone, Language language = Language::en) const;
    // As resolve(), but a bare date as the end of a span covers that day: its following midnight.
    Result<Instant> resolve_end(std::string_view zone, Language language = Language::en) const;

    bool operator==(TimeArgument const&) const = default;
};

// The rota's own kinds of absence: a command names the same ones the rota keeps.
using schedules::AbsenceKind;

// Item commands. An id left out (std::nullopt) is for the adapter to fill from context, such
// as the card a reply or reaction refers to.
struct Claim {
    static constexpr std::string_view verb = "claim";
    std::optional<ItemId> id;
    bool operator==(Claim const&) const = default;
};
struct Release {
    static constexpr std::string_view verb = "release";
    std::optional<ItemId> id;
    bool operator==(Release const&) const = default;
};
struct Resolve {
    static constexpr std::string_view verb = "resolve";
    std::optional<ItemId> id;
    std::string note; // may be empty
    bool operator==(Resolve const&) const = default;
};
struct Snooze {
    static constexpr std::string_view verb = "snooze";
    std::optional<ItemId> id;
    std::variant<Seconds, TimeArgument> span; // for a duration from now, or until a time

    // When the item comes back, for a command received at now in a team working in zone.
    Result<Instant> wake_time(Instant now, std::string_view zone,
                              Language language = Language::en) const;
    bool operator==(Snooze const&) const = default;
};
struct Dismiss {
    static constexpr std::string_view verb = "dismiss";
    std::optional<ItemId> id;
    std::string reason; // may be empty
    bool operator==(Dismiss const&) const = default;
};
struct Handoff {
    static constexpr std::string_view verb = "handoff";
    std::optional<ItemId> id;
    std::string person; // without the '@'
    bool operator==(Handoff const&) const = default;
};
struct Note {
    static constexpr std::string_view verb = "note";
    std::optional<ItemId> id;
    std::string text; // never empty
    bool operator==(Note const&) const = default;
};
struct ListItems {
    static constexpr std::string_view verb = "items";
    bool operator==(ListItems const&) const = default;
};
struct ShowItem {
    static constexpr std::string_view verb = "item";
    ItemId id = 0;
    bool operator==(ShowItem const&) const = default;
};

// Rota commands. A team left out means the team of the room the command came from.
struct Who {
    static constexpr std::string_view verb = "who";
    std::optional<std::string> team;
    bool operator==(Who const&) const = default;
};
struct OnCall {
    static constexpr std::string_view verb = "oncall";
    std::optional<std::string> team;
    std::optional<TimeArgument> at; // nullopt: now
    bool operator==(OnCall const&) const = default;
};
struct Rota {
    static constexpr std::string_view verb = "rota";
    std::optional<std::string> team;
    std::optional<int> days; // 1 to 366; nullopt: the core's default
    bool operator==(Rota const&) const = default;
};
struct Absent {
    static constexpr std::string_view verb = "absent";
    std::string person;
    AbsenceKind kind = AbsenceKind::other;
    TimeArgument from;
    std::optional<TimeArgument> to; // nullopt: until 'back'; read with resolve_end()
    bool operator==(Absent const&) const = default;
};
struct Back {
    static constexpr std::string_view verb = "back";
    std::string person;
    bool operator==(Back const&) const = default;
};
struct Override {
    static constexpr std::string_view verb = "override";
    std::string person;
    TimeArgument from;
    TimeArgument to; // read with resolve_end()
    std::optional<std::string> layer;
    bool operator==(Override const&) const = default;
};
struct SwapRequest {
    static constexpr std::string_view verb = "swap";
    std::string person; // who is asked to take the shift
    TimeArgument shift; // a time inside the requester's shift
    bool operator==(SwapRequest const&) const = default;
};
struct SwapAccept {
    static constexpr std::string_view verb = "swap";
    std::int64_t id = 0; // the swap request
    bool operator==(SwapAccept const&) const = default;
};
struct SwapDecline {
    static constexpr std::string_view verb = "swap";
    std::int64_t id = 0;
    bool operator==(SwapDecline const&) const = default;
};
struct Gaps {
    static constexpr std::string_view verb = "gaps";
    std::optional<int> days; // 1 to 366; nullopt: the core's default
    bool operator==(Gaps const&) const = default;
};

// Other commands.
struct Help {
    static constexpr std::string_view verb = "help";
    std::optional<std::string> topic; // a known verb, lower case
    bool operator==(Help const&) const = default;
};
struct Web {
    static constexpr std::string_view verb = "web";
    bool operator==(Web const&) const = default;
};
struct TestPage {
    static constexpr std::string_view verb = "test-page";
    bool operator==(TestPage const&) const = default;
};
struct TokenCreate {
    static constexpr std::string_view verb = "token";
    std::optional<std::string> label;
    bool operator==(TokenCreate const&) const = default;
};
struct TokenRevoke {
    static constexpr std::string_view verb = "token";
    std::optional<std::string> label; // nullopt: every token of the sender
    bool operator==(TokenRevoke const&) const = default;
};

using Command =
    std::variant<Claim, Release, Resolve, Snooze, Dismiss, Handoff, Note, ListItems, ShowItem, Who,
                 OnCall, Rota, Absent, Back, Override, SwapRequest, SwapAccept, SwapDecline, Gaps,
                 Help, Web, TestPage, TokenCreate, TokenRevoke>;

// Lets a caller switch over a Command with one lambda per alternative:
// std::visit(Overloaded{[](Claim const& c) {…}, [](auto const&) {…}}, command).
template <typename... Callables> struct Overloaded : Callables... {
    using Callables::operator()...;
};
template <typename... Callables> Overloaded(Callables...) -> Overloaded<Callables...>;

// Inputs longer than this are refused before parsing; no command needs more.
inline constexpr std::size_t max_command_bytes = 8000;

// Parses a command without its prefix ("claim #42", not "!claim #42"). Verbs and keywords are
// case-insensitive; whitespace may be repeated. Errors carry a message for the sender: an
// unknown verb with a suggestion, or what was wrong and the command's usage with an example.
// Errors are written in `language`; the command words are the same in every language.
Result<Command> parse_command(std::string_view text, Language language = Language::en);

// The verb a command was written with ("claim", "swap", "test-page").
std::string_view verb_of(Command const& command);

} // namespace sb::commands
