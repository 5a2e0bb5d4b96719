// SPDX-License-Identifier: Apache-2.0
// The rota model: a team's hours and windows, its layers, holidays, absences, overrides, swaps.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

namespace sb::schedules {

using Instant = std::chrono::sys_seconds;
// Minutes since local midnight, 0..1440.
using LocalTime = std::chrono::minutes;

// The window name reported for business hours.
inline constexpr char business_hours_window[] = "business_hours";

struct BusinessHours {
    std::vector<date::weekday> days; // empty: the team has no business hours
    LocalTime start{0};
    LocalTime end{0}; // end <= start: crosses midnight
};

struct CoverageWindow {
    std::string name;
    std::vector<date::weekday> days; // applies on these weekdays unless the day is a holiday
    bool holidays = false;           // applies on public holidays
    LocalTime start{0};
    LocalTime end{0}; // end <= start: crosses midnight (end == start: a full day)
};

struct TeamModel {
    std::string id;
    date::time_zone const* zone = nullptr; // never null in valid inputs
    BusinessHours business_hours;
    std::vector<CoverageWindow> windows;
};

enum class ShiftUnit { hours, days, weeks, spans };

enum class SubstitutionKind {
    next,   // the next member of the rotation who is available
    deputy, // one named person
    layer,  // whoever is on call in another layer
    none,   // nobody: the absence leaves a gap
};

struct Substitution {
    SubstitutionKind kind = SubstitutionKind::next;
    std::string target; // the deputy's id or the other layer's name
};

struct LayerModel {
    std::string name;
    std::vector<std::string> members; // in turn order
    ShiftUnit unit = ShiftUnit::weeks;
    int length = 1;                           // units per turn
    date::weekday handoff_day = date::Monday; // for weeks: the first turn starts on this weekday
    LocalTime handoff_time{9 * 60};
    date::local_days start_date{};
    std::vector<std::string> windows; // empty: business hours and every coverage window
    Substitution substitution;
};

struct Holiday {
    date::year_month_day date;
    std::string name;
};

enum class AbsenceKind { sick, vacation, other };

struct Absence {
    std::string person;
    AbsenceKind kind = AbsenceKind::vacation;
    Instant start{};
    Instant end{}; // exclusive
};

// Where overrides overlap, the one later in the list (the more recent) wins; an override whose
// person is absent gives way to the next one, or to the rotation.
struct Override {
    std::string layer;
    std::string person;
    Instant start{};
    Instant end{};
};

struct Swap {
    std::string layer;
    std::string from_person; // gives the shift away
    std::string to_person;   // covers instead
    Instant start{};
    Instant end{};
};

struct RotaInputs {
    TeamModel team;
    std::vector<LayerModel> layers;
    std::vector<Holiday> holidays;
    std::vector<Absence> absences;
    std::vector<Override> overrides;
    std::vector<Swap> swaps;
};

char const* to_string(AbsenceKind kind);
// "sick", "vacation" or "other", as typed in chat, the API and the config; nullopt otherwise.
std::optional<AbsenceKind> absence_kind_from(std::string_view name);
char const* to_string(ShiftUnit unit);

} // namespace sb::schedules
