// SPDX-License-Identifier: Apache-2.0
// Small text helpers shared by the parts that suggest corrections for typos.
#pragma once

#include <cstddef>
#include <string_view>

namespace sb {

// Optimal string alignment distance: a swapped pair of letters ("calim", "nmae") counts as one
// typo, as people make them.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace sb
