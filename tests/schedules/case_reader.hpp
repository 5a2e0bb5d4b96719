// SPDX-License-Identifier: Apache-2.0
// Reads a rota case file: a rota fragment followed by expectations about who is on call.
#pragma once

#include "base/result.hpp"
#include "schedules/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::schedules::testing {

// "at <time> [zone] -> [layer:] <person> [(substitute for x | swap with x | override)]
//  [from <time> until <time>]", "window at <time> -> <name|none>",
// "next_covered <time> -> <time>", "gaps <from> <to> -> <count>".
struct Expectation {
    enum class Kind { who, window, next_covered, gaps };
    Kind kind = Kind::who;
    int line = 0;
    std::string text;
    Instant at{};
    Instant until{};                   // gaps: end of the range
    std::string layer;                 // who: empty means the first layer
    std::optional<std::string> person; // who: nullopt for "nobody"
    std::string reason;                // who: rotation, override, swap, substitute, gap, off
    std::string other;                 // who: the substitutes_for person
    std::optional<Instant> span_start; // who: expected assignment span
    std::optional<Instant> span_end;
    std::optional<std::string> window; // window: nullopt for none
    std::optional<Instant> covered;    // next_covered
    int count = 0;                     // gaps
};

struct Case {
    RotaInputs inputs;
    std::vector<Expectation> expectations;
};

Result<Case> read_case(std::string const& text);

} // namespace sb::schedules::testing
