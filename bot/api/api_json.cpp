// SPDX-License-Identifier: Apache-2.0
// Domain values as the REST API's JSON.
#include "bot/api/api_json.hpp"

#include "base/time.hpp"

#include <cstdio>

namespace sb {

using nlohmann::json;

json time_json(Instant at, std::string_view zone) {
    return format_instant(at, zone.empty() ? std::string_view("UTC") : zone);
}

json time_json(std::optional<Instant> at, std::string_view zone) {
    return at ? time_json(*at, zone) : json(nullptr);
}

namespace {

json nullable(std::string const& text) {
    return text.empty() ? json(nullptr) : json(text);
}

json name_or_null(CoreContext const& context, std::string const& person) {
    return person.empty() ? json(nullptr) : json(context.display_name(person));
}

char const* weekday_name(unsigned day) {
    static constexpr char const* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    return day < 7 ? names[day] : "?";
}

// "18:00" for minutes since midnight.
std::string clock_text(std::chrono::minutes since_midnight) {
    auto const minutes = since_midnight.count() % (24 * 60);
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    return text;
}

std::string person_zone(CoreContext const& context, std::string const& person) {
    auto it = context.config.people.find(person);
    if (it == context.config.people.end() || it->second.timezone.empty())
        return "UTC";
    return it->second.timezone;
}

json stats_json(DurationStats const& stats) {
    return {{"count", stats.count},
            {"median", stats.median ? json(*stats.median) : json(nullptr)},
            {"p90", stats.p90 ? json(*stats.p90) : json(nullptr)}};
}

json row_json(ResponseRow const& row) {
    return {{"key", row.key},
            {"items", row.items},
            {"claim", stats_json(row.claim)},
            {"resolve", stats_json(row.resolve)}};
}

} // namespace

std::string entry_zone(CoreContext const& context, RotaEntry const& entry) {
    if (!entry.team.empty())
        return context.team_zone(entry.team);
    return person_zone(context, entry.person);
}

json team_json(config::Team const& team) {
    json layers = json::array();
    for (auto const& layer : team.layers)
        layers.push_back({{"name", layer.name}, {"members", layer.members}});
    auto window = [](std::string const& name, std::vector<unsigned> const& days,
                     config::LocalTime start, config::LocalTime end) {
        json names = json::array();
        for (auto day : days)
            names.push_back(weekday_name(day));
        return json{{"name", name},
                    {"days", names},
                    {"start", clock_text(start)},
                    {"end", clock_text(end)}};
    };
    json windows = json::array();
    if (!team.business_hours.days.empty())
        windows.push_back(window("business_hours", team.business_hours.days,
                                 team.business_hours.start, team.business_hours.end));
    for (auto const& coverage : team.coverage)
        windows.push_back(window(coverage.name, coverage.days, coverage.start, coverage.end));
    json rooms = json::object();
    for (auto const& [adapter, room] : team.rooms)
        rooms[adapter] = room;
    return {{"id", team.id},    {"timezone", team.timezone}, {"holidays", nullable(team.holidays)},
            {"layers", layers}, {"windows", windows},        {"rooms", rooms}};
}

json person_json(config::Person const& person) {
    return {{"id", person.id},
            {"name", person.name.empty() ? person.id : person.name},
            {"timezone", person.timezone.empty() ? json(nullptr) : json(person.timezone)},
            {"role", person.role == config::Role::manager ? "manager" : "member"}};
}

json span_json(CoreContext const& context, schedules::Assignment const& span,
               std::string_view zone) {
    return {{"layer", span.layer},
            {"person", span.person ? json(*span.person) : json(nullptr)},
            {"person_name", span.person ? json(context.display_name(*span.person)) : json(nullptr)},
            {"reason", schedules::to_string(span.reason)},
            {"substitutes_for", nullable(span.substitutes_for)},
            {"substitutes_for_name", name_or_null(context, span.substitutes_for)},
            {"window", span.window ? json(*span.window) : json(nullptr)},
            {"start", time_json(span.start, zone)},
            {"end", time_json(span.end, zone)},
            {"why", nullable(span.why)}};
}

json gap_json(schedules::Gap const& gap, std::string_view zone) {
    return {{"layer", gap.layer},
            {"window", gap.window},
            {"start", time_json(gap.start, zone)},
            {"end", time_json(gap.end, zone)},
            {"why", gap.why}};
}

std::string entry_etag(RotaEntry const& entry) {
    return std::string("\"") + to_string(entry.kind) + "-" + std::to_string(entry.id) + "-v" +
           std::to_string(entry.version) + "\"";
}

json entry_json(CoreContext const& context, RotaEntry const& entry) {
    auto const zone = entry_zone(context, entry);
    json out{{"id", entry.id}};
    if (entry.kind != RotaEntryKind::absence) {
        out["team"] = entry.team;
        out["layer"] = entry.layer;
    }
    out["person"] = entry.person;
    out["person_name"] = context.display_name(entry.person);
    if (entry.kind == RotaEntryKind::swap) {
        out["to_person"] = entry.other_person;
        out["to_person_name"] = context.display_name(entry.other_person);
    }
    if (entry.kind == RotaEntryKind::absence)
        out["reason"] = entry.reason;
    out["start"] = time_json(entry.starts_at, zone);
    out["end"] = time_json(entry.ends_at, zone);
    out["state"] = to_string(entry.state);
    out["created_by"] = entry.created_by;
    out["created_by_name"] = context.display_name(entry.created_by);
    out["created_via"] = entry.created_via;
    out["created_at"] = time_json(entry.created_at, zone);
    out["updated_at"] = time_json(entry.updated_at, zone);
    out["version"] = entry.version;
    return out;
}

json item_json(CoreContext const& context, Item const& item) {
    auto const zone = context.team_zone(item.team);
    return {{"id", item.id},
            {"state", to_string(item.state)},
            {"priority", to_string(item.priority)},
            {"team", nullable(item.team)},
            {"source", item.mention.source},
            {"platform", item.mention.platform},
            {"kind", to_string(item.mention.kind)},
            {"author", item.mention.author},
            {"text", item.mention.text},
            {"url", nullable(item.mention.url)},
            {"rating", item.mention.rating ? json(*item.mention.rating) : json(nullptr)},
            {"language", nullable(item.mention.language)},
            {"received_at", time_json(item.received_at, zone)},
            {"claimed_by", nullable(item.claimed_by)},
            {"claimed_by_name", name_or_null(context, item.claimed_by)},
            {"claimed_at", time_json(item.claimed_at, zone)},
            {"resolved_at", time_json(item.resolved_at, zone)},
            {"snoozed_until", time_json(item.snoozed_until, zone)},
            {"deleted_by_author", item.deleted_by_author},
            {"mentions", 1 + item.duplicate_count}};
}

json event_json(CoreContext const& context, TimelineEvent const& event, std::string_view zone) {
    return {{"id", event.id},
            {"at", time_json(event.at, zone)},
            {"actor", event.actor},
            {"actor_name", context.display_name(event.actor)},
            {"via", to_string(event.via)},
            {"kind", event.kind},
            {"detail", event.detail}};
}

json page_json(CoreContext const& context, PageRecord const& page, std::string_view zone) {
    return {{"id", page.id},
            {"item_id", page.item_id},
            {"person", page.person},
            {"person_name", context.display_name(page.person)},
            {"method", page.method},
            {"state", page.state},
            {"created_at", time_json(page.created_at, zone)},
            {"detail", page.detail}};
}

json audit_json(CoreContext const& context, AuditRecord const& record) {
    return {{"id", record.id},        {"at", time_json(record.at, "UTC")},
            {"actor", record.actor},  {"actor_name", context.display_name(record.actor)},
            {"via", record.via},      {"action", record.action},
            {"detail", record.detail}};
}

json report_json(CoreContext const& context, Report const& report) {
    auto const zone = report.zone.empty() ? std::string("UTC") : report.zone;
    json weeks = json::array();
    for (auto const& row : report.weeks)
        weeks.push_back(row_json(row));
    json sources = json::array();
    for (auto const& row : report.sources)
        sources.push_back(row_json(row));
    json people = json::array();
    for (auto const& row : report.people) {
        auto out = row_json(row);
        out["name"] = context.display_name(row.key);
        people.push_back(out);
    }
    json hours = json::array();
    for (auto const& hour : report.hours)
        hours.push_back({{"weekday", hour.weekday}, {"hour", hour.hour}, {"items", hour.items}});
    json fairness = json::array();
    for (auto const& row : report.fairness)
        fairness.push_back({{"person", row.person},
                            {"person_name", context.display_name(row.person)},
                            {"on_call_hours", row.on_call_hours},
                            {"shifts", row.shifts},
                            {"evening_shifts", row.evening_shifts},
                            {"weekend_shifts", row.weekend_shifts},
                            {"holiday_shifts", row.holiday_shifts}});
    return {{"team", nullable(report.query.team)},
            {"timezone", zone},
            {"from", time_json(report.query.from, zone)},
            {"to", time_json(report.query.to, zone)},
            {"weeks", weeks},
            {"sources", sources},
            {"people", people},
            {"hours", hours},
            {"fairness", fairness}};
}

} // namespace sb
