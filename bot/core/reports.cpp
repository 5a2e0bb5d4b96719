// SPDX-License-Identifier: Apache-2.0
// The reports: response times from the store's item timings, load per hour of the week, and the
// rota's fairness from the resolved shifts.
#include "bot/core/reports.hpp"

#include "bot/store/item_repository.hpp"
#include "schedules/fairness.hpp"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace sb {
namespace {

// A shift that starts at or after this local time on a working day is an evening shift.
constexpr std::chrono::minutes evening_from = std::chrono::hours(18);

// Nearest rank: the smallest sample with at least p percent of the samples at or below it.
std::int64_t nearest_rank(std::vector<std::int64_t> const& sorted, int percent) {
    auto n = sorted.size();
    auto rank = (static_cast<std::size_t>(percent) * n + 99) / 100;
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

DurationStats stats_of(std::vector<std::int64_t> samples) {
    DurationStats stats;
    stats.count = static_cast<std::int64_t>(samples.size());
    if (samples.empty())
        return stats;
    std::sort(samples.begin(), samples.end());
    stats.median = nearest_rank(samples, 50);
    stats.p90 = nearest_rank(samples, 90);
    return stats;
}

// Items of one group (a week, a source, a person) and their durations.
struct Bucket {
    std::int64_t items = 0;
    std::vector<std::int64_t> claim;
    std::vector<std::int64_t> resolve;

    void add(ItemTiming const& timing) {
        ++items;
        if (timing.claimed_at)
            claim.push_back((*timing.claimed_at - timing.received_at).count());
        if (timing.resolved_at)
            resolve.push_back((*timing.resolved_at - timing.received_at).count());
    }
};

std::vector<ResponseRow> rows_of(std::map<std::string, Bucket> const& buckets) {
    std::vector<ResponseRow> rows;
    for (auto const& [key, bucket] : buckets)
        rows.push_back({key, bucket.items, stats_of(bucket.claim), stats_of(bucket.resolve)});
    return rows;
}

// "2026-W48": the ISO week of the instant in the zone.
std::string iso_week_key(Instant at, date::time_zone const* zone) {
    auto day = date::floor<date::days>(zone->to_local(at));
    iso_week::year_weeknum_weekday week{date::local_days(day)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-W%02u", static_cast<int>(week.year()),
                  static_cast<unsigned>(week.weeknum()));
    return text;
}

// The zone a report counts in: the team's, or for every team theirs when they share one.
std::string report_zone(CoreContext& context, std::string const& team) {
    if (!team.empty())
        return context.team_zone(team);
    std::string zone;
    for (auto const& [id, ignored] : context.config.teams) {
        auto candidate = context.team_zone(id);
        if (!zone.empty() && zone != candidate)
            return "UTC";
        zone = candidate;
    }
    return zone.empty() ? "UTC" : zone;
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
std::string csv_field(std::string const& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csv_line(std::vector<std::string> const& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i)
        line += (i == 0 ? "" : ",") + csv_field(fields[i]);
    return line + "\r\n";
}

std::string optional_text(std::optional<std::int64_t> value) {
    return value ? std::to_string(*value) : std::string{};
}

std::string hours_text(double hours) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", hours);
    return text;
}

std::string response_csv(std::vector<ResponseRow> const& rows, std::string const& key_name) {
    std::string out =
        csv_line({key_name, "items", "claim_count", "claim_median_seconds", "claim_p90_seconds",
                  "resolve_count", "resolve_median_seconds", "resolve_p90_seconds"});
    for (auto const& row : rows)
        out += csv_line({row.key, std::to_string(row.items), std::to_string(row.claim.count),
                         optional_text(row.claim.median), optional_text(row.claim.p90),
                         std::to_string(row.resolve.count), optional_text(row.resolve.median),
                         optional_text(row.resolve.p90)});
    return out;
}

} // namespace

Result<Report> build_report(CoreContext& context, rota::ConfigRota const& rota,
                            ReportQuery const& query) {
    Report report;
    report.query = query;
    report.zone = report_zone(context, query.team);
    auto const* zone = date::locate_zone(report.zone);

    std::map<std::string, Bucket> weeks;
    std::map<std::string, Bucket> sources;
    std::map<std::string, Bucket> people;
    std::vector<std::int64_t> hours(7 * 24, 0);
    for (auto const& timing :
         SB_TRY(context.store.items().timings(query.team, query.from, query.to))) {
        weeks[iso_week_key(timing.received_at, zone)].add(timing);
        sources[timing.source].add(timing);
        if (!timing.claimed_by.empty())
            people[timing.claimed_by].add(timing);
        auto local = zone->to_local(timing.received_at);
        auto day = date::floor<date::days>(local);
        auto weekday = date::weekday{day}.iso_encoding() - 1; // Monday 0
        auto hour = std::chrono::duration_cast<std::chrono::hours>(local - day).count();
        ++hours[weekday * 24 + static_cast<unsigned>(hour)];
    }
    report.weeks = rows_of(weeks);
    report.sources = rows_of(sources);
    report.people = rows_of(people);
    for (unsigned cell = 0; cell < hours.size(); ++cell)
        report.hours.push_back({cell / 24, cell % 24, hours[cell]});

    // A person in two teams carries both rotas: their figures add up.
    std::map<std::string, FairnessRow> fairness;
    for (auto const& [id, team] : context.config.teams) {
        if (!query.team.empty() && id != query.team)
            continue;
        auto const* inputs = rota.inputs(id);
        if (inputs == nullptr || query.to <= query.from)
            continue;
        for (auto const& load : schedules::fairness(*inputs, query.from, query.to, evening_from)) {
            auto& row = fairness[load.person];
            row.person = load.person;
            row.on_call_hours += static_cast<double>(load.on_call.count()) / 3600.0;
            row.shifts += load.shifts;
            row.evening_shifts += load.evening_shifts;
            row.weekend_shifts += load.weekend_shifts;
            row.holiday_shifts += load.holiday_shifts;
        }
    }
    for (auto& [person, row] : fairness)
        report.fairness.push_back(std::move(row));
    return report;
}

std::optional<std::string> report_csv(Report const& report, std::string const& section) {
    if (section == "weeks")
        return response_csv(report.weeks, "week");
    if (section == "sources")
        return response_csv(report.sources, "source");
    if (section == "people")
        return response_csv(report.people, "person");
    if (section == "hours") {
        static constexpr char const* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        std::string out = csv_line({"weekday", "day", "hour", "items"});
        for (auto const& cell : report.hours)
            out += csv_line({std::to_string(cell.weekday), days[cell.weekday % 7],
                             std::to_string(cell.hour), std::to_string(cell.items)});
        return out;
    }
    if (section == "fairness") {
        std::string out = csv_line({"person", "on_call_hours", "shifts", "evening_shifts",
                                    "weekend_shifts", "holiday_shifts"});
        for (auto const& row : report.fairness)
            out += csv_line({row.person, hours_text(row.on_call_hours), std::to_string(row.shifts),
                             std::to_string(row.evening_shifts), std::to_string(row.weekend_shifts),
                             std::to_string(row.holiday_shifts)});
        return out;
    }
    return std::nullopt;
}

} // namespace sb
