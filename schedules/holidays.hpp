// SPDX-License-Identifier: Apache-2.0
// Built-in public holiday calendars: the German states, Austria and Switzerland.
#pragma once

#include "base/result.hpp"
#include "schedules/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sb::schedules {

// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm).
date::year_month_day easter_sunday(int year);

// The region codes public_holidays knows: "DE", "DE-BW" … "DE-TH", "AT", "CH".
std::vector<std::string> known_holiday_regions();

// The public holidays of an ISO 3166-2 region in a year, sorted by date. Years before 1991 are
// refused because the rules here describe reunified Germany.
Result<std::vector<Holiday>> public_holidays(std::string_view region, int year);

} // namespace sb::schedules
