// SPDX-License-Identifier: Apache-2.0
// The reports: time to claim and to resolve, when the load comes, and who carries the rota.
#pragma once

#include "bot/core/context.hpp"
#include "bot/rota/config_rota.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

struct ReportQuery {
    std::string team; // empty: every team
    Instant from{};
    Instant to{};
};

// Seconds; median and p90 are nullopt when there is no sample.
struct DurationStats {
    std::int64_t count = 0;
    std::optional<std::int64_t> median;
    std::optional<std::int64_t> p90;
};

struct ResponseRow {
    std::string key; // the week ("2026-W48"), the source id or the person id
    std::int64_t items = 0;
    DurationStats claim;
    DurationStats resolve;
};

struct HourLoad {
    unsigned weekday = 0; // 0 = Monday … 6 = Sunday, in the team's zone
    unsigned hour = 0;    // 0 … 23
    std::int64_t items = 0;
};

struct FairnessRow {
    std::string person;
    double on_call_hours = 0;
    int shifts = 0;
    int evening_shifts = 0; // shifts starting at or after 18:00 local on a working day
    int weekend_shifts = 0; // shifts on a Saturday or Sunday
    int holiday_shifts = 0; // shifts on a public holiday
};

struct Report {
    ReportQuery query;
    std::string zone; // the zone weeks and hours are counted in
    std::vector<ResponseRow> weeks;
    std::vector<ResponseRow> sources;
    std::vector<ResponseRow> people; // by who claimed
    std::vector<HourLoad> hours;     // all 168 hours of the week
    std::vector<FairnessRow> fairness;
};

// Reads items from the store and shifts from the rota; the range is [from, to).
Result<Report> build_report(CoreContext& context, rota::ConfigRota const& rota,
                            ReportQuery const& query);

// One CSV table per section ("weeks", "sources", "people", "hours", "fairness"), with a header
// row; nullopt for an unknown section.
std::optional<std::string> report_csv(Report const& report, std::string const& section);

} // namespace sb
