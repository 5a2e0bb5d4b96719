// SPDX-License-Identifier: Apache-2.0
// The German catalog keeps every field of its English, and strangers' text is never a format.
#include "base/language.hpp"
#include "base/say.hpp"
#include "base/words_catalog.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace sb {
namespace {

std::multiset<std::string> fields_of(std::string_view text) {
    static std::regex const field(R"(\{[0-9]+\})");
    std::multiset<std::string> out;
    std::string s(text);
    for (std::sregex_iterator it(s.begin(), s.end(), field), end; it != end; ++it)
        out.insert(it->str());
    return out;
}

TEST(Language, EveryTranslationHasTheFieldsOfItsEnglishAndFormats) {
    std::set<std::string_view> seen;
    for (auto const& [english, german] : german_words()) {
        EXPECT_TRUE(seen.insert(english).second) << "translated twice: " << english;
        EXPECT_EQ(fields_of(english), fields_of(german)) << english << " / " << german;
        EXPECT_FALSE(german.empty()) << english;
        // Both must be valid format strings for up to five fields.
        EXPECT_NO_THROW((void)fmt::format(fmt::runtime(german), "a", "b", "c", "d", "e")) << german;
        EXPECT_NO_THROW((void)fmt::format(fmt::runtime(english), "a", "b", "c", "d", "e"))
            << english;
    }
}

TEST(Language, CodesAndFallbacks) {
    EXPECT_EQ(language_from_code("de"), Language::de);
    EXPECT_EQ(language_from_code("en"), Language::en);
    EXPECT_FALSE(language_from_code("DE"));
    EXPECT_FALSE(language_from_code("fr"));
    EXPECT_EQ(language_code(Language::de), "de");
    EXPECT_EQ(words(Language::en, "Claim"), "Claim");
    EXPECT_EQ(words(Language::de, "Claim"), "Übernehmen");
    EXPECT_EQ(words(Language::de, "no such message"), "no such message");
}

TEST(Language, HostileArgumentsStayTextAndFieldsMayMove) {
    // A mention may hold format syntax; as an argument it is printed, never interpreted.
    std::string const hostile = "{0}{1}{:>99999999} {} %s \x1b[31m";
    EXPECT_EQ(say(Language::de, "Open for {0}", hostile), "Offen seit " + hostile);
    EXPECT_EQ(say(Language::en, "Open for {0}", hostile), "Open for " + hostile);
    // German puts the name first where English ends with it.
    EXPECT_EQ(say(Language::de, "You have item {0} now, {1}.", "#3", "Bob"),
              "Bob, Eintrag #3 gehört jetzt dir.");
}

TEST(Language, DurationsInGermanUseItsAbbreviations) {
    using namespace std::chrono;
    EXPECT_EQ(duration_words(Language::en, Seconds(3 * 3600 + 5 * 60)), "3h 5m");
    EXPECT_EQ(duration_words(Language::de, Seconds(3 * 3600 + 5 * 60)), "3 Std. 5 Min.");
    EXPECT_EQ(duration_words(Language::de, Seconds(86400 + 3600)), "1 Tag 1 Std.");
    EXPECT_EQ(duration_words(Language::de, Seconds(2 * 86400)), "2 Tagen");
    EXPECT_EQ(duration_words(Language::de, Seconds(42)), "42 Sek.");
    EXPECT_EQ(duration_words(Language::de, Seconds(-120)), "2 Min.");
}

} // namespace
} // namespace sb
