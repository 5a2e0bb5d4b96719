// SPDX-License-Identifier: Apache-2.0
// Tests of the chat command grammar: every command's forms, and every error a sender can meet.
#include "bot/commands/command.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sb::commands {
namespace {

using namespace std::chrono_literals;

Instant instant(std::string_view text) {
    auto parsed = parse_instant(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed ? *parsed : Instant{};
}

// The command text parsed as T; a test fails when it does not parse, or parses as another command.
template <typename T> T parsed_as(std::string_view text) {
    auto result = parse_command(text);
    if (!result) {
        ADD_FAILURE() << "'" << text << "' was refused: " << result.error().message;
        return T{};
    }
    auto const* command = std::get_if<T>(&*result);
    if (command == nullptr) {
        ADD_FAILURE() << "'" << text << "' parsed as '" << verb_of(*result) << "', not as '"
                      << T::verb << "'";
        return T{};
    }
    return *command;
}

std::string error_of(std::string_view text) {
    auto result = parse_command(text);
    if (result) {
        ADD_FAILURE() << "'" << text << "' was accepted as '" << verb_of(*result) << "'";
        return {};
    }
    EXPECT_EQ(result.error().code, ErrorCode::invalid_argument) << text;
    return result.error().message;
}

TEST(ItemCommands, ClaimTakesAnIdWithOrWithoutHash) {
    EXPECT_EQ(parsed_as<Claim>("claim 42").id, 42);
    EXPECT_EQ(parsed_as<Claim>("claim #42").id, 42);
    EXPECT_EQ(parsed_as<Claim>("claim").id, std::nullopt);
}

TEST(ItemCommands, ReleaseTakesAnOptionalId) {
    EXPECT_EQ(parsed_as<Release>("release #7").id, 7);
    EXPECT_EQ(parsed_as<Release>("release").id, std::nullopt);
}

TEST(ItemCommands, ResolveKeepsTheNoteWithItsSpacing) {
    auto resolve = parsed_as<Resolve>("resolve 42 answered  by DM\nand closed");
    EXPECT_EQ(resolve.id, 42);
    EXPECT_EQ(resolve.note, "answered  by DM\nand closed");
    auto without_id = parsed_as<Resolve>("resolve answered by DM");
    EXPECT_EQ(without_id.id, std::nullopt);
    EXPECT_EQ(without_id.note, "answered by DM");
    EXPECT_EQ(parsed_as<Resolve>("resolve"), (Resolve{std::nullopt, ""}));
}

TEST(ItemCommands, DismissTakesAnOptionalReason) {
    EXPECT_EQ(parsed_as<Dismiss>("dismiss #3 spam bot"), (Dismiss{3, "spam bot"}));
    EXPECT_EQ(parsed_as<Dismiss>("dismiss"), (Dismiss{std::nullopt, ""}));
}

TEST(ItemCommands, SnoozeForADuration) {
    EXPECT_EQ(parsed_as<Snooze>("snooze 42 1h"), (Snooze{42, Seconds{3600}}));
    EXPECT_EQ(parsed_as<Snooze>("snooze 30m"), (Snooze{std::nullopt, Seconds{1800}}));
    EXPECT_EQ(parsed_as<Snooze>("snooze #42 for 1h 30m"), (Snooze{42, Seconds{5400}}));
}

TEST(ItemCommands, SnoozeUntilATimeWithOffsetIsAbsolute) {
    auto snooze = parsed_as<Snooze>("snooze 42 until 2026-12-24T19:30+01:00");
    auto const* until = std::get_if<TimeArgument>(&snooze.span);
    ASSERT_NE(until, nullptr);
    EXPECT_EQ(until->absolute, instant("2026-12-24T18:30:00Z"));
    EXPECT_FALSE(until->date_only);
}

TEST(ItemCommands, SnoozeUntilATimeWithAZoneNameAfterASpace) {
    auto snooze = parsed_as<Snooze>("snooze UNTIL 2026-12-24T19:30 Europe/Berlin");
    auto const* until = std::get_if<TimeArgument>(&snooze.span);
    ASSERT_NE(until, nullptr);
    // The text is kept in one spelling, seconds written out.
    EXPECT_EQ(until->text, "2026-12-24T19:30:00 Europe/Berlin");
    EXPECT_EQ(until->absolute, instant("2026-12-24T18:30:00Z"));
}

TEST(ItemCommands, SnoozeUntilAWallTimeIsReadInTheTeamZone) {
    auto snooze = parsed_as<Snooze>("snooze 42 until 2026-12-24T19:30");
    auto const* until = std::get_if<TimeArgument>(&snooze.span);
    ASSERT_NE(until, nullptr);
    EXPECT_EQ(until->absolute, std::nullopt);
    auto now = instant("2026-12-24T12:00:00Z");
    EXPECT_EQ(snooze.wake_time(now, "Europe/Berlin").value(), instant("2026-12-24T18:30:00Z"));
    EXPECT_EQ(snooze.wake_time(now, "America/New_York").value(), instant("2026-12-25T00:30:00Z"));
}

TEST(ItemCommands, SnoozeWakeTimeAddsTheDurationToNow) {
    auto snooze = parsed_as<Snooze>("snooze 42 2h");
    EXPECT_EQ(snooze.wake_time(instant("2026-12-24T12:00:00Z"), "UTC").value(),
              instant("2026-12-24T14:00:00Z"));
}

TEST(ItemCommands, SnoozeUntilAPastTimeIsRefusedWhenApplied) {
    auto snooze = parsed_as<Snooze>("snooze 42 until 2026-12-24T10:00Z");
    auto wake = snooze.wake_time(instant("2026-12-24T12:00:00Z"), "UTC");
    ASSERT_FALSE(wake.has_value());
    EXPECT_EQ(wake.error().message,
              "'2026-12-24T10:00:00Z' has already passed; snooze until a later time");
}

TEST(ItemCommands, HandoffKeepsThePersonWithoutTheAt) {
    EXPECT_EQ(parsed_as<Handoff>("handoff 42 @alice"), (Handoff{42, "alice"}));
    EXPECT_EQ(parsed_as<Handoff>("handoff @alice"), (Handoff{std::nullopt, "alice"}));
    EXPECT_EQ(parsed_as<Handoff>("handoff #42 bob"), (Handoff{42, "bob"}));
}

TEST(ItemCommands, HandoffUnderstandsSlackAndMatrixMentions) {
    EXPECT_EQ(parsed_as<Handoff>("handoff 42 <@U024BE7LH>").person, "U024BE7LH");
    EXPECT_EQ(parsed_as<Handoff>("handoff 42 <@U024BE7LH|alice>").person, "U024BE7LH");
    EXPECT_EQ(parsed_as<Handoff>("handoff 42 @alice:example.org").person, "alice:example.org");
}

TEST(ItemCommands, NoteTakesTheRestOfTheLine) {
    EXPECT_EQ(parsed_as<Note>("note 42 customer called back"), (Note{42, "customer called back"}));
    EXPECT_EQ(parsed_as<Note>("note called back"), (Note{std::nullopt, "called back"}));
}

TEST(ItemCommands, ItemsAndItem) {
    parsed_as<ListItems>("items");
    EXPECT_EQ(parsed_as<ShowItem>("item #42").id, 42);
}

TEST(RotaCommands, WhoTakesAnOptionalTeam) {
    EXPECT_EQ(parsed_as<Who>("who").team, std::nullopt);
    EXPECT_EQ(parsed_as<Who>("who care").team, "care");
}

TEST(RotaCommands, OnCallTellsATeamFromATime) {
    EXPECT_EQ(parsed_as<OnCall>("oncall"), OnCall{});
    auto team_only = parsed_as<OnCall>("oncall care");
    EXPECT_EQ(team_only.team, "care");
    EXPECT_EQ(team_only.at, std::nullopt);
    auto time_only = parsed_as<OnCall>("oncall 2026-12-26");
    EXPECT_EQ(time_only.team, std::nullopt);
    ASSERT_TRUE(time_only.at.has_value());
    EXPECT_TRUE(time_only.at->date_only);
    EXPECT_EQ(parsed_as<OnCall>("oncall now"), OnCall{});
    EXPECT_EQ(parsed_as<OnCall>("oncall care NOW"), (OnCall{"care", std::nullopt}));
    auto both = parsed_as<OnCall>("oncall care 2026-12-24T19:30 Europe/Berlin");
    EXPECT_EQ(both.team, "care");
    ASSERT_TRUE(both.at.has_value());
    EXPECT_EQ(both.at->absolute, instant("2026-12-24T18:30:00Z"));
}

TEST(RotaCommands, RotaTakesAnOptionalTeamAndDays) {
    EXPECT_EQ(parsed_as<Rota>("rota"), Rota{});
    EXPECT_EQ(parsed_as<Rota>("rota care"), (Rota{"care", std::nullopt}));
    EXPECT_EQ(parsed_as<Rota>("rota 14"), (Rota{std::nullopt, 14}));
    EXPECT_EQ(parsed_as<Rota>("rota care 14d"), (Rota{"care", 14}));
}

TEST(RotaCommands, GapsTakesOptionalDays) {
    EXPECT_EQ(parsed_as<Gaps>("gaps").days, std::nullopt);
    EXPECT_EQ(parsed_as<Gaps>("gaps 30").days, 30);
}

TEST(RotaCommands, AbsentWithAndWithoutEnd) {
    auto open_ended = parsed_as<Absent>("absent @bob sick 2026-12-24");
    EXPECT_EQ(open_ended.person, "bob");
    EXPECT_EQ(open_ended.kind, AbsenceKind::sick);
    EXPECT_EQ(open_ended.from.text, "2026-12-24");
    EXPECT_EQ(open_ended.to, std::nullopt);

    auto vacation = parsed_as<Absent>("absent @bob Vacation 2026-12-24 2026-12-31");
    EXPECT_EQ(vacation.kind, AbsenceKind::vacation);
    ASSERT_TRUE(vacation.to.has_value());
    // A bare date as the end covers that whole day, in the team's zone.
    EXPECT_EQ(vacation.from.resolve("Europe/Berlin").value(), instant("2026-12-23T23:00:00Z"));
    EXPECT_EQ(vacation.to->resolve_end("Europe/Berlin").value(), instant("2026-12-31T23:00:00Z"));

    auto other = parsed_as<Absent>(
        "absent @bob other 2026-12-24T08:00 Europe/Berlin 2026-12-24T12:00 Europe/Berlin");
    EXPECT_EQ(other.kind, AbsenceKind::other);
    EXPECT_EQ(other.from.absolute, instant("2026-12-24T07:00:00Z"));
    EXPECT_EQ(other.to->absolute, instant("2026-12-24T11:00:00Z"));
}

TEST(RotaCommands, ADateWithAZoneEndsAtTheNextMidnightInThatZone) {
    auto absent = parsed_as<Absent>("absent @bob sick 2026-12-24 Europe/Berlin 2026-12-24 "
                                    "Europe/Berlin");
    EXPECT_EQ(absent.to->resolve_end("UTC").value(), instant("2026-12-24T23:00:00Z"));
}

TEST(RotaCommands, BackTakesAPerson) {
    EXPECT_EQ(parsed_as<Back>("back @bob").person, "bob");
}

TEST(RotaCommands, OverrideWithAndWithoutLayer) {
    auto with_layer = parsed_as<Override>(
        "override @alice 2026-12-24T18:00+01:00 2026-12-25T08:00+01:00 primary");
    EXPECT_EQ(with_layer.person, "alice");
    EXPECT_EQ(with_layer.from.absolute, instant("2026-12-24T17:00:00Z"));
    EXPECT_EQ(with_layer.to.absolute, instant("2026-12-25T07:00:00Z"));
    EXPECT_EQ(with_layer.layer, "primary");
    auto zoned = parsed_as<Override>(
        "override @alice 2026-12-24T18:00 Europe/Berlin 2026-12-25T08:00 Europe/Berlin");
    EXPECT_EQ(zoned.layer, std::nullopt);
    EXPECT_EQ(zoned.to.absolute, instant("2026-12-25T07:00:00Z"));
}

TEST(RotaCommands, SwapRequestAcceptAndDecline) {
    auto request = parsed_as<SwapRequest>("swap request @bob 2026-12-24T20:00+01:00");
    EXPECT_EQ(request.person, "bob");
    EXPECT_EQ(request.shift.absolute, instant("2026-12-24T19:00:00Z"));
    EXPECT_EQ(parsed_as<SwapAccept>("swap accept 7").id, 7);
    EXPECT_EQ(parsed_as<SwapDecline>("swap DECLINE #7").id, 7);
}

TEST(OtherCommands, HelpWebTestPageAndTokens) {
    EXPECT_EQ(parsed_as<Help>("help").topic, std::nullopt);
    EXPECT_EQ(parsed_as<Help>("help Snooze").topic, "snooze");
    EXPECT_EQ(parsed_as<Help>("help swap request").topic, "swap");
    EXPECT_EQ(parsed_as<Help>("help !claim").topic, "claim");
    parsed_as<Web>("web");
    parsed_as<TestPage>("test-page");
    EXPECT_EQ(parsed_as<TokenCreate>("token create").label, std::nullopt);
    EXPECT_EQ(parsed_as<TokenCreate>("token create laptop").label, "laptop");
    EXPECT_EQ(parsed_as<TokenRevoke>("token revoke laptop").label, "laptop");
    EXPECT_EQ(parsed_as<TokenRevoke>("token revoke").label, std::nullopt);
}

TEST(Grammar, VerbsAndKeywordsIgnoreCase) {
    EXPECT_EQ(parsed_as<Claim>("CLAIM #42").id, 42);
    EXPECT_EQ(parsed_as<Claim>("Claim 42").id, 42);
    parsed_as<TestPage>("Test-Page");
    parsed_as<SwapAccept>("SWAP ACCEPT 1");
    parsed_as<TokenCreate>("Token Create");
}

TEST(Grammar, ExtraWhitespaceIsTolerated) {
    EXPECT_EQ(parsed_as<Claim>("   claim \t  #42  \n").id, 42);
    EXPECT_EQ(parsed_as<Handoff>("handoff\xC2\xA0"
                                 "42 @alice")
                  .person,
              "alice");
    EXPECT_EQ(parsed_as<Note>("note  42   hello  world  "), (Note{42, "hello  world"}));
}

TEST(Grammar, VerbOfNamesTheCommand) {
    EXPECT_EQ(verb_of(Command{Claim{}}), "claim");
    EXPECT_EQ(verb_of(Command{SwapDecline{}}), "swap");
    EXPECT_EQ(verb_of(Command{TestPage{}}), "test-page");
}

TEST(Grammar, CommandsCanBeVisitedWithOverloaded) {
    auto command = parse_command("claim 42");
    ASSERT_TRUE(command.has_value());
    auto id = std::visit(Overloaded{[](Claim const& claim) { return claim.id.value_or(0); },
                                    [](auto const&) { return ItemId{-1}; }},
                         *command);
    EXPECT_EQ(id, 42);
}

TEST(Errors, UnknownVerbSuggestsTheClosestCommand) {
    EXPECT_EQ(error_of("clam 42"),
              "unknown command 'clam'; did you mean 'claim'? Type 'help' for the list.");
    EXPECT_EQ(error_of("calim"),
              "unknown command 'calim'; did you mean 'claim'? Type 'help' for the list.");
    EXPECT_EQ(error_of("snoo 42 1h"),
              "unknown command 'snoo'; did you mean 'snooze'? Type 'help' for the list.");
    EXPECT_EQ(error_of("testpage"),
              "unknown command 'testpage'; did you mean 'test-page'? Type 'help' for the list.");
    EXPECT_EQ(error_of("Reslove"),
              "unknown command 'Reslove'; did you mean 'resolve'? Type 'help' for the list.");
}

TEST(Errors, UnknownVerbFarFromAnyCommandHasNoSuggestion) {
    EXPECT_EQ(error_of("xyzzy"), "unknown command 'xyzzy'. Type 'help' for the list.");
}

TEST(Errors, EmptyInputAsksForACommand) {
    EXPECT_EQ(error_of(""), "no command given. Type 'help' for the list.");
    EXPECT_EQ(error_of(" \t\n "), "no command given. Type 'help' for the list.");
}

TEST(Errors, MissingArgumentsGiveTheUsageWithAnExample) {
    EXPECT_EQ(error_of("snooze 42"),
              "usage: snooze [id] <duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("snooze"), "usage: snooze [id] <duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("handoff 42"), "usage: handoff [id] @person, e.g. handoff 42 @alice");
    EXPECT_EQ(error_of("note 42"), "usage: note [id] <text…>, e.g. note 42 customer called back");
    EXPECT_EQ(error_of("item"), "usage: item <id>, e.g. item 42");
    EXPECT_EQ(error_of("back"), "usage: back @person, e.g. back @bob");
    EXPECT_EQ(error_of("absent @bob"), "usage: absent @person sick|vacation|other <from> [<to>], "
                                       "e.g. absent @bob vacation 2026-12-24 2026-12-31");
    EXPECT_EQ(error_of("absent @bob sick"),
              "usage: absent @person sick|vacation|other <from> [<to>], "
              "e.g. absent @bob vacation 2026-12-24 2026-12-31");
    EXPECT_EQ(error_of("override @alice 2026-12-24T18:00+01:00"),
              "usage: override @person <from> <to> [layer], "
              "e.g. override @alice 2026-12-24T18:00+01:00 2026-12-25T08:00+01:00 primary");
    EXPECT_EQ(error_of("swap"), "usage: swap request @person <shift> or swap accept|decline "
                                "<id>, e.g. swap request @bob 2026-12-24T20:00+01:00");
    EXPECT_EQ(error_of("swap request @bob"),
              "usage: swap request @person <shift>, e.g. swap request @bob "
              "2026-12-24T20:00+01:00");
    EXPECT_EQ(error_of("swap accept"), "usage: swap accept|decline <id>, e.g. swap accept 7");
    EXPECT_EQ(error_of("token"), "usage: token create [label] or token revoke [label], "
                                 "e.g. token create laptop");
}

TEST(Errors, BadArgumentsSayWhatWasWrongThenTheUsage) {
    EXPECT_EQ(error_of("snooze 42 1x"),
              "'1x' is not a duration or 'until TIME'; usage: snooze [id] <duration | until "
              "TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("snooze 42 0m"), "a snooze must last longer than '0m'; usage: snooze [id] "
                                        "<duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("snooze 42 2w 400d"), "'2w400d' is longer than a year; usage: snooze [id] "
                                             "<duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("snooze 42 until tomorrow"),
              "'tomorrow' is not a time; use ISO 8601, e.g. 2026-12-24T19:30+01:00 or "
              "2026-12-24; usage: snooze [id] <duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("snooze 42 until 2026-12-24T19:30 Europe/Berln"),
              "unknown time zone 'Europe/Berln'; use an IANA name such as Europe/Berlin; usage: "
              "snooze [id] <duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("claim abc"), "'abc' is not an item id; usage: claim [id], e.g. claim 42");
    EXPECT_EQ(error_of("claim 42 43"), "'43' is not an item id; usage: claim [id], e.g. claim 42");
    EXPECT_EQ(error_of("item #x"), "'#x' is not an item id; usage: item <id>, e.g. item 42");
    EXPECT_EQ(error_of("items 3"), "unexpected '3'; usage: items, e.g. items");
    EXPECT_EQ(error_of("handoff 42 @alice @bob"),
              "unexpected '@bob'; usage: handoff [id] @person, e.g. handoff 42 @alice");
    EXPECT_EQ(error_of("handoff 42 @"),
              "'@' is not a person; usage: handoff [id] @person, e.g. handoff 42 @alice");
    EXPECT_EQ(error_of("absent @bob holiday 2026-12-24"),
              "'holiday' is not sick, vacation or other; usage: absent @person "
              "sick|vacation|other <from> [<to>], e.g. absent @bob vacation 2026-12-24 "
              "2026-12-31");
    EXPECT_EQ(
        error_of("override @alice 2026-12-25T08:00Z 2026-12-24T18:00Z"),
        "the end '2026-12-24T18:00:00Z' is not after the start '2026-12-25T08:00:00Z'; usage: "
        "override @person <from> <to> [layer], e.g. override @alice "
        "2026-12-24T18:00+01:00 2026-12-25T08:00+01:00 primary");
    EXPECT_EQ(error_of("rota care 0"),
              "'0' is not a number of days from 1 to 366; usage: rota [team] [days], e.g. rota "
              "care 14");
    EXPECT_EQ(error_of("gaps 1000"),
              "'1000' is not a number of days from 1 to 366; usage: gaps [days], e.g. gaps 30");
    EXPECT_EQ(error_of("swap maybe 7"),
              "'maybe' is not request, accept or decline; usage: swap request @person <shift> or "
              "swap accept|decline <id>, e.g. swap request @bob 2026-12-24T20:00+01:00");
    EXPECT_EQ(error_of("token delete"),
              "'delete' is not create or revoke; usage: token create [label] or token revoke "
              "[label], e.g. token create laptop");
    EXPECT_EQ(error_of("help clam"),
              "There is no command 'clam'; did you mean 'claim'? Type 'help' for the list.");
}

TEST(Errors, TimesOutOfRangeAreRefused) {
    EXPECT_EQ(error_of("absent @bob sick 9999-12-31"),
              "'9999-12-31' is out of range; use a year from 1970 to 2999; usage: absent @person "
              "sick|vacation|other <from> [<to>], e.g. absent @bob vacation 2026-12-24 2026-12-31");
    EXPECT_EQ(error_of("oncall 0000-01-01"),
              "'0000-01-01' is out of range; use a year from 1970 to 2999; usage: oncall [team] "
              "[when], e.g. oncall care 2026-12-24T19:30 Europe/Berlin");
    EXPECT_EQ(error_of("snooze 42 until -2026-12-24"),
              "'-2026-12-24' is not a time; use ISO 8601, e.g. 2026-12-24T19:30+01:00 or "
              "2026-12-24; usage: snooze [id] <duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("snooze 42 until 2026-12-24T10:00+99:00"),
              "the offset in '2026-12-24T10:00+99:00' is more than 14 hours from UTC; usage: "
              "snooze [id] <duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(error_of("snooze 42 until 2026-02-30"),
              "'2026-02-30' is not a time; use ISO 8601, e.g. 2026-12-24T19:30+01:00 or "
              "2026-12-24; usage: snooze [id] <duration | until TIME>, e.g. snooze 42 1h");
    EXPECT_EQ(parsed_as<Snooze>("snooze 42 until 2026-12-24T10:00-05:30"),
              (Snooze{42, TimeArgument{"2026-12-24T10:00:00-05:30", instant("2026-12-24T15:30:00Z"),
                                       false}}));
}

TEST(Grammar, TimesAreKeptInOneSpelling) {
    auto text_of = [](std::string_view time) {
        auto snooze = parsed_as<Snooze>("snooze 42 until " + std::string(time));
        auto const* until = std::get_if<TimeArgument>(&snooze.span);
        return until ? until->text : std::string("(a duration)");
    };
    EXPECT_EQ(text_of("2026-12-24t19:30z"), "2026-12-24T19:30:00Z");
    EXPECT_EQ(text_of("2026-12-24T19:30+0100"), "2026-12-24T19:30:00+01:00");
    EXPECT_EQ(text_of("2026-12-24T19:30:15+01:00"), "2026-12-24T19:30:15+01:00");
    EXPECT_EQ(text_of("2026-12-24"), "2026-12-24");
}

TEST(Errors, MalformedTimesAreRefused) {
    for (auto time : {"2026-12-24T19:3", "2026-12-24T19:30:1", "2026-12-24T19:30+1", "2026-12-2",
                      "2026-12-24T19:30.5Z", "2026-12-24T19:30:00.5Z"}) {
        auto message = error_of("snooze 42 until " + std::string(time));
        EXPECT_NE(message.find(" is not a time; use ISO 8601"), std::string::npos)
            << time << ": " << message;
    }
    // A time with its own offset takes no zone name after it.
    EXPECT_EQ(error_of("snooze 42 until 2026-12-24T19:30+01:00 Europe/Berlin"),
              "unexpected 'Europe/Berlin'; usage: snooze [id] <duration | until TIME>, e.g. "
              "snooze 42 1h");
}

TEST(Errors, AnEndingDateOnTheStartDayIsAccepted) {
    // A bare end date covers its whole day, so a one-day absence is from and to the same date.
    auto absent = parsed_as<Absent>("absent @bob sick 2026-12-24 2026-12-24");
    EXPECT_EQ(absent.to->resolve_end("UTC").value(), instant("2026-12-25T00:00:00Z"));
}

TEST(Errors, HugeIdsAreRefusedClearly) {
    EXPECT_EQ(error_of("claim 99999999999999999999"),
              "'99999999999999999999' is too large for an item id; usage: claim [id], e.g. claim "
              "42");
    EXPECT_EQ(error_of("claim #0"), "ids start at 1, not '#0'; usage: claim [id], e.g. claim 42");
    EXPECT_EQ(parsed_as<Claim>("claim 9223372036854775807").id, 9223372036854775807);
    EXPECT_EQ(error_of("swap accept 9223372036854775808"),
              "'9223372036854775808' is too large for a swap request id; usage: swap "
              "accept|decline <id>, e.g. swap accept 7");
}

TEST(Errors, InvalidUtf8IsRefused) {
    EXPECT_EQ(error_of("note 42 \xFF\xFE"), "the command is not valid UTF-8 text");
    EXPECT_EQ(error_of("note 42 \xC0\xAF"), "the command is not valid UTF-8 text");
    EXPECT_EQ(error_of("note 42 \xED\xA0\x80"), "the command is not valid UTF-8 text");
    EXPECT_EQ(error_of("note 42 \xE2\x82"), "the command is not valid UTF-8 text");
    EXPECT_EQ(parsed_as<Note>("note 42 caf\xC3\xA9 \xF0\x9F\x91\x8D").text,
              "caf\xC3\xA9 \xF0\x9F\x91\x8D");
}

TEST(Errors, ControlCharactersAreRefused) {
    EXPECT_EQ(error_of(std::string_view("claim\0 42", 9)),
              "the command contains a control character");
    EXPECT_EQ(error_of("note 42 \x1B[31mred"), "the command contains a control character");
}

TEST(Errors, VeryLongInputIsRefusedAsTooLarge) {
    std::string text = "note 42 " + std::string(max_command_bytes, 'a');
    auto result = parse_command(text);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::too_large);
    EXPECT_EQ(result.error().message, "the command is 8008 bytes long; the limit is 8000");
}

TEST(Errors, LongTokensAreShortenedInMessages) {
    std::string verb(200, 'x');
    EXPECT_EQ(error_of(verb),
              "unknown command '" + std::string(40, 'x') + "…'. Type 'help' for the list.");
    // Cutting inside a two-byte character would leave broken UTF-8 in the reply.
    std::string accented = "a";
    for (int i = 0; i < 30; ++i)
        accented += "\xC3\xA9";
    auto message = error_of(accented);
    EXPECT_EQ(message,
              "unknown command '" + accented.substr(0, 39) + "…'. Type 'help' for the list.");
}

TEST(Errors, LongNamesAreRefused) {
    EXPECT_EQ(error_of("who " + std::string(101, 't')),
              "'" + std::string(40, 't') +
                  "…' is too long for a team; usage: who [team], e.g. who care");
}

} // namespace
} // namespace sb::commands
