// SPDX-License-Identifier: Apache-2.0
// Fairness figures computed from the resolved rota, so they always match what was scheduled.
#include "schedules/fairness.hpp"

#include <algorithm>
#include <map>

namespace sb::schedules {

std::vector<PersonLoad> fairness(RotaInputs const& inputs, Instant from, Instant to,
                                 std::chrono::minutes evening_from) {
    std::vector<date::local_days> holidays;
    for (auto const& holiday : inputs.holidays)
        holidays.push_back(date::local_days(holiday.date));
    std::sort(holidays.begin(), holidays.end());
    std::map<std::string, PersonLoad> loads;
    for (auto const& span : resolve_rota(inputs, from, to)) {
        if (!span.person)
            continue;
        auto& load = loads[*span.person];
        load.person = *span.person;
        load.on_call += span.end - span.start;
        ++load.shifts;
        auto local = inputs.team.zone->to_local(span.start);
        auto day = date::floor<date::days>(local);
        date::weekday weekday{day};
        if (std::binary_search(holidays.begin(), holidays.end(), day))
            ++load.holiday_shifts;
        else if (weekday == date::Saturday || weekday == date::Sunday)
            ++load.weekend_shifts;
        else if (local - day >= evening_from)
            ++load.evening_shifts;
    }
    std::vector<PersonLoad> out;
    for (auto& [person, load] : loads)
        out.push_back(std::move(load));
    return out;
}

} // namespace sb::schedules
