// SPDX-License-Identifier: Apache-2.0
// Tests of the command table and help texts: every command documented, and every example parses.
#include "bot/commands/command.hpp"
#include "bot/commands/help.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sb::commands {
namespace {

TEST(Help, EveryExampleInTheTableParsesAsItsOwnVerb) {
    for (auto const& row : command_table()) {
        auto parsed = parse_command(row.example);
        ASSERT_TRUE(parsed.has_value()) << row.example << ": " << parsed.error().message;
        EXPECT_EQ(verb_of(*parsed), row.verb) << row.example;
    }
}

TEST(Help, TheTableCoversEveryCommandOnce) {
    std::set<std::string_view> verbs;
    for (auto const& row : command_table())
        verbs.insert(row.verb);
    std::set<std::string_view> expected{
        "claim", "release",  "resolve", "snooze", "dismiss", "handoff",   "note",
        "items", "item",     "who",     "help",   "oncall",  "rota",      "absent",
        "back",  "override", "swap",    "gaps",   "web",     "test-page", "token"};
    EXPECT_EQ(verbs, expected);
}

TEST(Help, TheListHasOneLinePerFormWithItsSummary) {
    auto text = help_text(std::nullopt);
    for (auto const& row : command_table()) {
        auto line = text.find("  " + std::string(row.usage) + " ");
        ASSERT_NE(line, std::string::npos) << row.usage;
        auto end = text.find('\n', line);
        EXPECT_NE(text.substr(line, end - line).find(row.summary), std::string::npos) << row.usage;
    }
    EXPECT_NE(text.find("Items:\n"), std::string::npos);
    EXPECT_NE(text.find("Rota:\n"), std::string::npos);
    EXPECT_NE(text.find("Other:\n"), std::string::npos);
}

TEST(Help, SummariesLineUpInOneColumnEvenAfterAnEllipsis) {
    auto text = help_text(std::nullopt);
    auto column_of = [&](std::string_view summary) {
        auto at = text.find(summary);
        auto line_start = text.rfind('\n', at) + 1;
        // Count characters, not bytes, up to the summary.
        std::size_t columns = 0;
        for (auto i = line_start; i < at; ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
                ++columns;
        return columns;
    };
    EXPECT_EQ(column_of("take an item; the first claim wins"),
              column_of("close an item, with an optional note"));
}

TEST(Help, EachCommandHasItsUsageAndExample) {
    for (auto const& row : command_table()) {
        auto text = help_text(row.verb);
        EXPECT_NE(text.find(row.usage), std::string::npos) << row.verb;
        EXPECT_NE(text.find("e.g. " + std::string(row.example)), std::string::npos) << row.verb;
    }
}

TEST(Help, OneCommandReadsAsUsageSummaryAndExample) {
    EXPECT_EQ(
        help_text("snooze"),
        "snooze [id] <duration | until TIME> — hide an item until later\n  e.g. snooze 42 1h");
    EXPECT_EQ(help_text("SWAP"),
              "swap request @person <shift> — ask someone to take your shift holding that time\n"
              "  e.g. swap request @bob 2026-12-24T20:00+01:00\n"
              "swap accept|decline <id> — answer a swap request\n  e.g. swap accept 7");
}

TEST(Help, UnknownCommandSuggestsTheClosest) {
    EXPECT_EQ(help_text("snoze"),
              "There is no command 'snoze'; did you mean 'snooze'? Type 'help' for the list.");
    EXPECT_EQ(help_text("frobnicate"),
              "There is no command 'frobnicate'. Type 'help' for the list.");
}

TEST(Help, ClosestVerbNeedsTheWordToBeNear) {
    EXPECT_EQ(closest_verb("clam"), "claim");
    EXPECT_EQ(closest_verb("oncal"), "oncall");
    EXPECT_EQ(closest_verb("overide"), "override");
    EXPECT_EQ(closest_verb("hlep"), "help");
    EXPECT_EQ(closest_verb("zzz"), std::nullopt);
    EXPECT_EQ(closest_verb(""), std::nullopt);
    EXPECT_EQ(closest_verb(std::string(500, 'c')), std::nullopt);
}

TEST(Help, EveryCommandIsExplainedInGermanToo) {
    for (auto const& row : command_table())
        EXPECT_NE(words(Language::de, row.summary), row.summary) << row.usage;
    auto list = help_text(std::nullopt, Language::de);
    EXPECT_NE(list.find("Befehle (Nummern als 42 oder #42"), std::string::npos) << list;
    EXPECT_NE(list.find("Einträge:\n  claim [id]"), std::string::npos) << list;
    EXPECT_NE(list.find("einen Eintrag übernehmen; wer zuerst übernimmt, hat ihn"),
              std::string::npos)
        << list;
    EXPECT_EQ(help_text("snooze", Language::de),
              "snooze [id] <duration | until TIME> — einen Eintrag bis später zurückstellen\n"
              "  z. B. snooze 42 1h");
    EXPECT_EQ(help_text("clam", Language::de),
              "Einen Befehl „clam“ gibt es nicht; meintest du „claim“? „help“ zeigt die Liste.");
}

} // namespace
} // namespace sb::commands
