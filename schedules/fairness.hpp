// SPDX-License-Identifier: Apache-2.0
// Fairness figures over a range: who carried how many hours, evenings, weekends and holidays.
#pragma once

#include "schedules/resolver.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace sb::schedules {

struct PersonLoad {
    std::string person;
    std::chrono::seconds on_call{0}; // total time on call, any layer
    int shifts = 0;                  // rota spans held
    int evening_shifts = 0;          // starting on a working weekday at or after `evening_from`
    int weekend_shifts = 0;          // starting on a Saturday or Sunday that is no holiday
    int holiday_shifts = 0;          // starting on a public holiday
};

// Counts the spans of resolve_rota(inputs, from, to); sorted by person. A shift is an evening
// shift when it starts at or after `evening_from` local time.
std::vector<PersonLoad> fairness(RotaInputs const& inputs, Instant from, Instant to,
                                 std::chrono::minutes evening_from = std::chrono::hours(17));

} // namespace sb::schedules
