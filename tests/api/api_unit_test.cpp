// SPDX-License-Identifier: Apache-2.0
// The API's pure parts without a daemon: path templates, cursors, bodies and problems.
#include "bot/api/api_input.hpp"
#include "bot/api/api_router.hpp"
#include "bot/api/api_routes.hpp"
#include "bot/api/problem.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace sb;

TEST(ApiPaths, TemplatesMatchWholeSegmentsOnly) {
    auto params = match_path("/api/v1/absences/{id}", "/api/v1/absences/42");
    ASSERT_TRUE(params);
    EXPECT_EQ(params->at("id"), "42");
    EXPECT_FALSE(match_path("/api/v1/absences/{id}", "/api/v1/absences/"));
    EXPECT_FALSE(match_path("/api/v1/absences/{id}", "/api/v1/absences/42/accept"));
    EXPECT_FALSE(match_path("/api/v1/teams/{team}", "/api/v1/teams/care/rota"));
    auto nested = match_path("/api/v1/teams/{team}/rota", "/api/v1/teams/care/rota");
    ASSERT_TRUE(nested);
    EXPECT_EQ(nested->at("team"), "care");
    EXPECT_FALSE(match_path("/api/v1/reports", "/api/v1/reports.csv"));
}

TEST(ApiPaths, TheRouteTableHasEachRouteOnce) {
    auto const table = api_route_table();
    std::set<std::pair<std::string, std::string>> unique(table.begin(), table.end());
    EXPECT_EQ(unique.size(), table.size());
    EXPECT_TRUE(unique.contains({"GET", "/api/v1/openapi.json"}));
    EXPECT_TRUE(unique.contains({"PATCH", "/api/v1/absences/{id}"}));
}

TEST(ApiCursors, ACursorComesBackAsItsIdAndAForgedOneIsRefused) {
    auto const cursor = encode_cursor(1234);
    auto page = list_page({{"cursor", cursor}, {"limit", "7"}});
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->before_id, 1234);
    EXPECT_EQ(page->limit, 7);
    for (std::string bad : {"1234", "!!", "bm9wZQ", ""}) {
        auto refused = list_page({{"cursor", bad}});
        if (bad.empty()) {
            EXPECT_TRUE(refused); // an empty cursor is the first page
            continue;
        }
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().context, "cursor");
    }
    for (std::string bad : {"0", "501", "-1", "ten", "5x"}) {
        auto refused = list_page({{"limit", bad}});
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().context, "limit");
    }
}

TEST(ApiBodies, ErrorsSayWhereAndWhich) {
    auto broken = JsonBody::parse("{\n  \"end\": ,\n}", {"end"});
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find("line 2"), std::string::npos) << broken.error().message;
    auto unknown = JsonBody::parse(R"({"strat": "2026-01-01"})", {"start", "end"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().context, "strat");
    EXPECT_NE(unknown.error().message.find("did you mean 'start'"), std::string::npos);
    auto body =
        JsonBody::parse(R"({"start": 5, "end": "2026-12-24T19:30+01:00"})", {"start", "end"});
    ASSERT_TRUE(body);
    auto start = body->time("start", "UTC");
    ASSERT_FALSE(start);
    EXPECT_EQ(start.error().context, "start");
    auto end = body->time("end", "UTC");
    ASSERT_TRUE(end && *end);
    EXPECT_EQ(format_instant(**end), "2026-12-24T18:30:00Z");
    EXPECT_TRUE(JsonBody::parse("", {}));
    EXPECT_FALSE(JsonBody::parse("[]", {}));
}

TEST(ApiProblems, AProblemNamesItsFieldAndA401AsksForABearer) {
    auto response = problem(make_error(ErrorCode::invalid_argument, "bad end", "end"), 422);
    EXPECT_EQ(response.status, 422);
    EXPECT_EQ(response.content_type, "application/problem+json");
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["field"], "end");
    EXPECT_EQ(body["title"], "Unprocessable Content");
    auto unauthorized = problem(401, "sign in");
    bool bearer = false;
    for (auto const& [name, value] : unauthorized.headers)
        bearer = bearer || (name == "WWW-Authenticate" && value.rfind("Bearer", 0) == 0);
    EXPECT_TRUE(bearer);
    EXPECT_EQ(status_of(ErrorCode::conflict), 409);
    EXPECT_EQ(status_of(ErrorCode::forbidden), 403);
    EXPECT_EQ(status_of(ErrorCode::not_found), 404);
}
