// SPDX-License-Identifier: Apache-2.0
// The German words of every English message, kept apart from the code that says them.
#pragma once

#include <span>
#include <string_view>

namespace sb {

struct Translation {
    std::string_view english;
    std::string_view german;
};

// Sorted by nothing; words() indexes it once.
std::span<Translation const> german_words();

} // namespace sb
