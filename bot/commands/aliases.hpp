// SPDX-License-Identifier: Apache-2.0
// Other words for the command words: German staff may type `übernehmen 42` or `erledigt`.
#pragma once

#include <optional>
#include <string_view>

namespace sb::commands {

// The command word (or absence kind) that `word`, already lower-cased, stands for; nothing when
// it is no alias. The command words themselves stay the same in every language.
std::optional<std::string_view> verb_for_alias(std::string_view word);
std::optional<std::string_view> absence_kind_for_alias(std::string_view word);

} // namespace sb::commands
