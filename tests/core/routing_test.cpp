// SPDX-License-Identifier: Apache-2.0
// Tests for routing rules over strangers' text: bounded time, no crash, Unicode-folded keywords.
#include "bot/core/routing.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

config::RoutingRule regex_rule(std::string pattern, std::string team) {
    config::RoutingRule rule;
    rule.match.regex = std::move(pattern);
    rule.team = std::move(team);
    rule.priority = "high";
    return rule;
}

config::RoutingRule keyword_rule(std::string keyword, std::string team) {
    config::RoutingRule rule;
    rule.match.keywords = {std::move(keyword)};
    rule.team = std::move(team);
    rule.priority = "urgent";
    return rule;
}

Router router(std::vector<config::RoutingRule> const& rules) {
    auto created = Router::create(rules, "inbox");
    EXPECT_TRUE(created.has_value()) << created.error().to_string();
    return std::move(*created);
}

RouteDecision route(Router const& r, std::string text) {
    Mention mention;
    mention.source = "meta";
    mention.platform = "facebook";
    mention.text = std::move(text);
    return r.route(mention);
}

TEST(Routing, HostileRegexTextOfThreeHundredThousandLettersNeitherCrashesNorMatches) {
    // std::regex recursed once per letter here and overflowed the stack.
    auto r = router({regex_rule("refund.*x", "billing")});
    auto decision = route(r, "refund" + std::string(300'000, 'a'));
    EXPECT_EQ(decision.team, "inbox");
    EXPECT_EQ(route(r, "refund" + std::string(300'000, 'a') + "X").team, "billing");
}

// How fast is bench_routing's to say (well under 50 ms); here only that such texts route right.
TEST(Routing, NineHundredKilobyteTextsAreRoutedByKeywordAndRegex) {
    auto r = router({keyword_rule("Kündigung", "legal"), regex_rule("refund.*x", "billing")});
    std::string ascii(900'000, 'a');
    std::string late_hit = std::string(899'000, 'b') + " KÜNDIGUNG";
    std::string late_regex = "refund " + std::string(899'000, 'c') + "x";
    std::string umlauts;
    while (umlauts.size() < 900'000)
        umlauts += "Grüße aus Köln, refund ";
    EXPECT_EQ(route(r, ascii).team, "inbox");
    EXPECT_EQ(route(r, late_hit).team, "legal");
    EXPECT_EQ(route(r, late_regex).team, "billing");
    EXPECT_EQ(route(r, umlauts).team, "inbox");
}

TEST(Routing, KeywordsFoldUnicodeCaseAndNormalisation) {
    auto r = router({keyword_rule("Kündigung", "legal"), keyword_rule("straße", "roads")});
    EXPECT_EQ(route(r, "KÜNDIGUNG sofort").team, "legal");
    EXPECT_EQ(route(r, "meine ku\u0308ndigung").team, "legal"); // decomposed ü (NFD)
    EXPECT_EQ(route(r, "K\u00dcndigung").team, "legal");
    EXPECT_EQ(route(r, "Kundigung").team, "inbox");
    // Case folding maps ß to "ss", so the capital spelling matches too.
    EXPECT_EQ(route(r, "STRASSE gesperrt").team, "roads");
    auto decision = route(r, "KÜNDIGUNG");
    ASSERT_EQ(decision.reasons.size(), 1u);
    // As written in the config, and in German words only around it.
    EXPECT_EQ(decision.reasons[0].text(Language::en), "keyword 'Kündigung'");
    EXPECT_EQ(decision.reasons[0].text(Language::de), "Stichwort „Kündigung“");
}

TEST(Routing, FoldingAcrossLongAsciiRunsComposesAndFoldsEachStretch) {
    std::string run(70, 'X');
    // The letter before a combining mark ends an ASCII run and still composes with it.
    EXPECT_EQ(fold_text(run + "u\u0308" + run + "STRASSE\u00df" + run),
              std::string(70, 'x') + "\u00fc" + std::string(70, 'x') + "strassess" +
                  std::string(70, 'x'));
    EXPECT_EQ(fold_text("\xff" + run), "\ufffd" + std::string(70, 'x'));
    EXPECT_EQ(fold_text("A\u030a"), "\u00e5"); // A + ring above → å
    EXPECT_EQ(fold_text(""), "");
}

TEST(Routing, InvalidUtf8FromAStrangerStillRoutes) {
    auto r = router({keyword_rule("Kündigung", "legal"), regex_rule("refund", "billing")});
    EXPECT_EQ(route(r, "\xff\xfe KÜNDIGUNG \xc3").team, "legal");
    EXPECT_EQ(route(r, "\x80\x80REFUND\xed\xa0\x80").team, "billing");
    EXPECT_EQ(route(r, std::string("\0\xff\xc3\x28", 4)).team, "inbox");
}

TEST(Routing, RegexIsCaseInsensitive) {
    auto r = router({regex_rule("refund|cancel", "billing")});
    EXPECT_EQ(route(r, "Please CANCEL my order").team, "billing");
    EXPECT_EQ(route(r, "hello").team, "inbox");
}

TEST(Routing, RegexRe2RefusesIsAnErrorWithThePath) {
    for (std::string pattern : {"(a)\\1", "(?=x)", "refund("}) {
        auto created = Router::create({keyword_rule("x", "a"), regex_rule(pattern, "b")}, "inbox");
        ASSERT_FALSE(created.has_value()) << pattern;
        EXPECT_EQ(created.error().context, "/routing/1/match/regex");
        EXPECT_NE(created.error().message.find("does not compile"), std::string::npos);
    }
}

} // namespace
} // namespace sb
