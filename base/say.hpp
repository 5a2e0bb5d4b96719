// SPDX-License-Identifier: Apache-2.0
// A message in a team's language, with its fields filled in.
#pragma once

#include "base/language.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace sb {

// Formats the words for `english`, a format string whose fields are numbered ({0}, {1}, …) so
// that a translation can put them in the order its grammar wants. The arguments are only ever
// arguments: strangers' text never becomes a format string.
template <class... Args>
std::string say(Language language, std::string_view english, Args const&... args) {
    try {
        return fmt::format(fmt::runtime(words(language, english)), args...);
    } catch (fmt::format_error const&) {
        // A translation that lost a field must not lose the message: the English still has it.
        return fmt::format(fmt::runtime(english), args...);
    }
}

} // namespace sb
