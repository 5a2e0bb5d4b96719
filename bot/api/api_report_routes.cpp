// SPDX-License-Identifier: Apache-2.0
// The reports (as JSON and as CSV per section) and the audit log of rota changes.
#include "bot/api/api_json.hpp"
#include "bot/api/api_router.hpp"
#include "bot/api/problem.hpp"

#include <algorithm>

namespace sb {
namespace {

using nlohmann::json;

constexpr auto default_report_length = std::chrono::days(28);
constexpr auto longest_report = std::chrono::days(366);

Result<ReportQuery> report_query(ApiCall const& call) {
    ReportQuery query;
    query.team = call.query("team").value_or("");
    if (!query.team.empty() && !call.api.core.config.teams.contains(query.team))
        return unexpected(ErrorCode::invalid_argument, "there is no team '" + query.team + "'",
                          "team");
    auto const zone = query.team.empty() ? std::string("UTC") : call.api.core.team_zone(query.team);
    auto from = SB_TRY(query_time(call.request.query, "from", zone));
    auto to = SB_TRY(query_time(call.request.query, "to", zone));
    query.to = to.value_or(call.now());
    query.from = from.value_or(query.to - default_report_length);
    if (query.to <= query.from)
        return unexpected(ErrorCode::invalid_argument, "'to' must be after 'from'", "to");
    if (query.to - query.from > longest_report)
        return unexpected(ErrorCode::invalid_argument, "a report may cover at most 366 days", "to");
    return query;
}

HttpResponse get_report(ApiCall& call) {
    if (auto ok = only_known_parameters(call.request.query, {"team", "from", "to"}); !ok)
        return problem(ok.error());
    auto query = report_query(call);
    if (!query)
        return problem(query.error());
    auto report = build_report(call.api.core, call.api.rota.rota(), *query);
    if (!report)
        return problem(report.error());
    return json_response(200, report_json(call.api.core, *report));
}

HttpResponse get_report_csv(ApiCall& call) {
    if (auto ok = only_known_parameters(call.request.query, {"section", "team", "from", "to"}); !ok)
        return problem(ok.error());
    std::vector<std::string> const sections{"weeks", "sources", "people", "hours", "fairness"};
    auto const section = call.query("section").value_or("");
    if (std::find(sections.begin(), sections.end(), section) == sections.end())
        return problem(400,
                       (section.empty()
                            ? std::string("'section' is required")
                            : "unknown section '" + section + "'" + suggestion(section, sections)) +
                           " (known: weeks, sources, people, hours, fairness)",
                       "section");
    auto query = report_query(call);
    if (!query)
        return problem(query.error());
    auto report = build_report(call.api.core, call.api.rota.rota(), *query);
    if (!report)
        return problem(report.error());
    auto csv = report_csv(*report, section);
    if (!csv)
        return problem(400, "unknown section '" + section + "'", "section");
    HttpResponse response;
    response.status = 200;
    response.content_type = "text/csv; charset=utf-8";
    response.body = std::move(*csv);
    auto const team = query->team.empty() ? std::string("all") : query->team;
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"switchboard-" +
                                                             team + "-" + section + ".csv\"");
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

HttpResponse get_audit(ApiCall& call) {
    if (auto ok = only_known_parameters(call.request.query, {"cursor", "limit"}); !ok)
        return problem(ok.error());
    auto page = list_page(call.request.query);
    if (!page)
        return problem(page.error());
    auto result = call.api.core.store.audit().page(page->before_id, page->limit);
    if (!result)
        return problem(result.error());
    json items = json::array();
    for (auto const& record : result->records)
        items.push_back(audit_json(call.api.core, record));
    return list_response(call, items, result->next_before_id);
}

} // namespace

void add_report_routes(ApiRoutes& routes) {
    routes.add("GET", "/api/v1/reports", Access::read, get_report);
    routes.add("GET", "/api/v1/reports.csv", Access::read, get_report_csv);
    routes.add("GET", "/api/v1/audit", Access::read, get_audit);
}

} // namespace sb
