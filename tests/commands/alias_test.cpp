// SPDX-License-Identifier: Apache-2.0
// German staff may type German words for the commands; the command words stay the same.
#include "bot/commands/command.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

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

// The message a line is refused with, or "accepted".
std::string refusal(std::string_view text, Language language) {
    auto result = parse_command(text, language);
    return result ? std::string("accepted") : result.error().message;
}

TEST(GermanErrors, ALineThatCannotBeReadIsExplainedInGermanAndEnglishStaysAsItWas) {
    std::pair<std::string_view, std::string_view> const german[] = {
        {"abwesend @bob krank 2026-13-45",
         "'2026-13-45' ist keine Zeitangabe; schreib sie nach ISO 8601"},
        {"absent @bob sick 2026-12-24 Mars/Olympus", "Die Zeitzone 'Mars/Olympus' kenne ich nicht"},
        {"rota care 999", "'999' ist keine Anzahl von Tagen zwischen 1 und 366; Aufruf: rota"},
        {"snooze 4 0m", "Zurückstellen muss länger dauern als '0m'; Aufruf: snooze"},
        {"override @bob 2026-12-25 2026-12-24",
         "Das Ende '2026-12-24' liegt nicht nach dem Beginn '2026-12-25'"},
    };
    for (auto const& [line, start] : german) {
        auto const message = refusal(line, Language::de);
        EXPECT_TRUE(message.starts_with(start)) << line << ": " << message;
    }
    EXPECT_EQ(refusal("", Language::de), "Kein Befehl angegeben. „help“ zeigt die Liste.");
    // The same lines in English, word for word as before.
    EXPECT_TRUE(refusal("rota care 999", Language::en)
                    .starts_with("'999' is not a number of days from 1 to 366; usage: rota"));
    EXPECT_EQ(refusal("", Language::en), "no command given. Type 'help' for the list.");
    EXPECT_EQ(refusal("rota care 999", Language::en), refusal("rota care 999", {}));
}

} // namespace
} // namespace sb::commands
