// SPDX-License-Identifier: Apache-2.0
#include "base/language.hpp"

#include "base/words_catalog.hpp"

#include <unordered_map>

namespace sb {

std::optional<Language> language_from_code(std::string_view code) {
    if (code == "en")
        return Language::en;
    if (code == "de")
        return Language::de;
    return std::nullopt;
}

std::string_view language_code(Language language) {
    return language == Language::de ? "de" : "en";
}

std::string_view words(Language language, std::string_view english) {
    if (language == Language::en)
        return english;
    static auto const german = [] {
        std::unordered_map<std::string_view, std::string_view> index;
        for (auto const& entry : german_words())
            index.emplace(entry.english, entry.german);
        return index;
    }();
    auto it = german.find(english);
    return it == german.end() ? english : it->second;
}

std::string duration_words(Language language, Seconds duration) {
    if (language == Language::en)
        return format_duration(duration);
    long long s = duration.count();
    if (s < 0)
        s = -s;
    long long const days = s / 86400;
    long long const hours = (s % 86400) / 3600;
    long long const minutes = (s % 3600) / 60;
    std::string out;
    auto add = [&](long long n, char const* unit) {
        if (!out.empty())
            out += ' ';
        out += std::to_string(n) + unit;
    };
    // The same two largest units as the English form, with the abbreviations a German reader
    // expects ("2 Std. 5 Min.", "1 Tag 3 Std.").
    if (days > 0) {
        add(days, days == 1 ? " Tag" : " Tagen");
        if (hours > 0)
            add(hours, " Std.");
    } else if (hours > 0) {
        add(hours, " Std.");
        if (minutes > 0)
            add(minutes, " Min.");
    } else if (minutes > 0) {
        add(minutes, " Min.");
    } else {
        add(s % 60, " Sek.");
    }
    return out;
}

} // namespace sb
