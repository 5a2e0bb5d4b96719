// SPDX-License-Identifier: Apache-2.0
// German staff may type German words for the commands; the command words stay the same.
#include "bot/commands/command.hpp"

#include <gtest/gtest.h>

namespace sb::commands {
namespace {

template <typename T> T parsed_as(std::string_view text) {
    auto result = parse_command(text);
    if (!result) {
        ADD_FAILURE() << "'" << text << "' was refused: " << result.error().message;
        return T{};
    }
    auto const* command = std::get_if<T>(&*result);
    if (command == nullptr) {
        ADD_FAILURE() << "'" << text << "' parsed as '" << verb_of(*result) << "'";
        return T{};
    }
    return *command;
}

TEST(GermanAliases, ItemCommandsInGermanMeanTheSame) {
    EXPECT_EQ(parsed_as<Claim>("übernehmen 42").id, 42);
    EXPECT_EQ(parsed_as<Claim>("Übernehmen #42").id, 42) << "a capital at the start of a line";
    EXPECT_EQ(parsed_as<Claim>("uebernehmen 42").id, 42);
    EXPECT_EQ(parsed_as<Resolve>("erledigt 7 per DM beantwortet").note, "per DM beantwortet");
    EXPECT_EQ(parsed_as<Release>("freigeben 7").id, 7);
    EXPECT_EQ(parsed_as<Dismiss>("verwerfen 7 Spam").reason, "Spam");
    EXPECT_EQ(parsed_as<Handoff>("übergeben 7 @carol").person, "carol");
    EXPECT_EQ(parsed_as<Note>("notiz 7 Kunde angerufen").text, "Kunde angerufen");
    parsed_as<ListItems>("offen");
    parsed_as<Who>("wer");
    parsed_as<Help>("hilfe");
    // The English words go on working in every team.
    EXPECT_EQ(parsed_as<Claim>("claim 42").id, 42);
}

TEST(GermanAliases, AbsenceKindsInGerman) {
    EXPECT_EQ(parsed_as<Absent>("abwesend @bob krank 2026-12-24").kind, AbsenceKind::sick);
    EXPECT_EQ(parsed_as<Absent>("absent @bob Urlaub 2026-12-24 2026-12-31").kind,
              AbsenceKind::vacation);
}

TEST(GermanAliases, AnUnknownWordIsStillRefused) {
    auto result = parse_command("übernehme 42");
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("unknown command"), std::string::npos)
        << result.error().message;
}

} // namespace
} // namespace sb::commands
