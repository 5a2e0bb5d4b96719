// SPDX-License-Identifier: Apache-2.0
// The languages switchboard speaks to staff, and its words in each: a team's `language` picks
// them for cards, room messages, DMs, phone pages, the claim page and chat replies.
#pragma once

#include "base/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sb {

enum class Language { en, de };

// "en" or "de"; nothing for any other code.
std::optional<Language> language_from_code(std::string_view code);
std::string_view language_code(Language language);

// The words for `english` in `language`: the catalog's translation, or `english` itself where
// the language is English or the catalog has none.
std::string_view words(Language language, std::string_view english);

// "2h 5m" in English, "2 Std. 5 Min." in German: the larger two units of a span.
std::string duration_words(Language language, Seconds duration);

} // namespace sb
