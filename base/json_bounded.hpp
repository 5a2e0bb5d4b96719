// SPDX-License-Identifier: Apache-2.0
// JSON from strangers with a cap on nesting, so a body of a million '[' is refused cheaply
// instead of building a tree that later recursive walks (copy, dump, compare) overflow on.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace sb {

// Far deeper than any payload of Slack, Matrix or the social platforms' APIs.
inline constexpr std::size_t json_max_depth = 64;

// The deepest nesting of objects and arrays, found without parsing; brackets inside strings do
// not count.
std::size_t json_nesting_depth(std::string_view text);

// Like json::parse(text, nullptr, false): a discarded value (is_discarded()) when the text is not
// JSON, and also when it nests deeper than max_depth. Never throws on what the text holds.
nlohmann::json parse_json_bounded(std::string_view text, std::size_t max_depth = json_max_depth);

} // namespace sb
