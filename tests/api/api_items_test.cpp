// SPDX-License-Identifier: Apache-2.0
// Items and pages through the API: lists with filters and pages, one item, every action.
#include "tests/api/api_harness.hpp"

using namespace sb::test;

class ApiItems : public ApiTest {};
class ApiReports : public ApiTest {};
using namespace std::chrono_literals;
using nlohmann::json;

TEST_F(ApiItems, ItemsAreListedPagedAndActedOn) {
    std::vector<long> ids;
    for (int i = 0; i < 3; ++i) {
        auto id = post_mention("api-" + std::to_string(i), "my bill is wrong " + std::to_string(i));
        ASSERT_GT(id, 0);
        ids.push_back(id);
    }
    ASSERT_TRUE(m_process->wait_for_stdout("[DM to", 10s)) << m_process->stdout_text();

    auto first = get("/api/v1/items?limit=2", "bob");
    ASSERT_EQ(first.status, 200) << first.describe();
    ASSERT_EQ(first.json()["items"].size(), 2u);
    EXPECT_EQ(first.json()["items"][0]["id"], ids[2]);
    ASSERT_TRUE(first.json()["next_cursor"].is_string());
    auto second = get(
        "/api/v1/items?limit=2&cursor=" + first.json()["next_cursor"].get<std::string>(), "bob");
    ASSERT_EQ(second.status, 200);
    ASSERT_EQ(second.json()["items"].size(), 1u);
    EXPECT_EQ(second.json()["items"][0]["id"], ids[0]);
    EXPECT_TRUE(second.json()["next_cursor"].is_null());

    auto const path = "/api/v1/items/" + std::to_string(ids[0]);
    auto item = get(path, "carol");
    ASSERT_EQ(item.status, 200) << item.describe();
    EXPECT_EQ(item.json()["state"], "open");
    EXPECT_EQ(item.json()["team"], "care");
    EXPECT_FALSE(item.json()["timeline"].empty());
    EXPECT_TRUE(is_problem(get("/api/v1/items/999999", "bob"), 404));

    auto claimed = post(path + "/claim", "bob", json::object());
    ASSERT_EQ(claimed.status, 200) << claimed.describe();
    EXPECT_EQ(claimed.json()["state"], "claimed");
    EXPECT_EQ(claimed.json()["claimed_by"], "bob");
    EXPECT_FALSE(claimed.json()["message"].get<std::string>().empty());
    EXPECT_TRUE(is_problem(post(path + "/claim", "carol", json::object()), 409));
    auto noted = post(path + "/note", "carol", {{"text", "called them back"}});
    ASSERT_EQ(noted.status, 200) << noted.describe();
    EXPECT_TRUE(is_problem(post(path + "/note", "carol", json::object()), 400, "text"));
    EXPECT_TRUE(is_problem(post(path + "/note", "carol", {{"txt", "x"}}), 400, "txt"));
    auto released = post(path + "/release", "bob", json::object());
    ASSERT_EQ(released.status, 200) << released.describe();
    EXPECT_EQ(released.json()["state"], "open");
    EXPECT_TRUE(is_problem(post(path + "/snooze", "bob", {{"until", "2020-01-01T00:00:00Z"}}), 400,
                           "until"));
    EXPECT_TRUE(is_problem(post(path + "/snooze", "bob", {{"until", 3}}), 400, "until"));
    auto snoozed = post(path + "/snooze", "bob", {{"until", day(30) + "T00:00:00Z"}});
    ASSERT_EQ(snoozed.status, 200) << snoozed.describe();
    EXPECT_EQ(snoozed.json()["state"], "snoozed");
    auto resolved = post(path + "/resolve", "bob", {{"note", "refunded"}});
    ASSERT_EQ(resolved.status, 200) << resolved.describe();
    EXPECT_EQ(resolved.json()["state"], "resolved");
    auto const other = "/api/v1/items/" + std::to_string(ids[1]);
    auto dismissed = post(other + "/dismiss", "carol", {{"reason", "spam"}});
    ASSERT_EQ(dismissed.status, 200) << dismissed.describe();
    EXPECT_EQ(dismissed.json()["state"], "dismissed");
    EXPECT_TRUE(is_problem(post("/api/v1/items/999999/claim", "bob", json::object()), 404));

    auto open = get("/api/v1/items?state=open,claimed&team=care&priority=normal", "bob");
    ASSERT_EQ(open.status, 200) << open.describe();
    ASSERT_EQ(open.json()["items"].size(), 1u) << open.body;
    EXPECT_EQ(open.json()["items"][0]["id"], ids[2]);
    auto done = get("/api/v1/items?state=resolved,dismissed&source=demo", "bob");
    EXPECT_EQ(done.json()["items"].size(), 2u) << done.body;
    EXPECT_EQ(get("/api/v1/items?min_age=0&max_age=3600", "bob").json()["items"].size(), 3u);
    EXPECT_TRUE(get("/api/v1/items?min_age=3600", "bob").json()["items"].empty());
    auto typo = get("/api/v1/items?state=opne", "bob");
    EXPECT_TRUE(is_problem(typo, 400, "state"));
    EXPECT_NE(typo.body.find("did you mean 'open'"), std::string::npos) << typo.body;
    EXPECT_TRUE(is_problem(get("/api/v1/items?priority=hot", "bob"), 400, "priority"));
    EXPECT_TRUE(is_problem(get("/api/v1/items?min_age=-1", "bob"), 400, "min_age"));
    EXPECT_TRUE(is_problem(get("/api/v1/items?cursor=zzzz", "bob"), 400, "cursor"));

    auto pages = get("/api/v1/pages?state=queued,sent,failed,acknowledged,cancelled", "bob");
    ASSERT_EQ(pages.status, 200) << pages.describe();
    EXPECT_FALSE(pages.json()["items"].empty()) << pages.body;
    EXPECT_EQ(get("/api/v1/pages", "bob").status, 200);
    auto one_page =
        get("/api/v1/pages?state=queued,sent,failed,acknowledged,cancelled&limit=1", "bob");
    ASSERT_EQ(one_page.status, 200);
    EXPECT_EQ(one_page.json()["items"].size(), 1u);
    EXPECT_TRUE(is_problem(get("/api/v1/pages?state=gone", "bob"), 400, "state"));
}

TEST_F(ApiReports, ReportsComeAsJsonAndCsvAndTheAuditLogIsPaged) {
    ASSERT_GT(post_mention("report-1", "where is my parcel"), 0);
    auto report = get("/api/v1/reports?team=care", "alice");
    ASSERT_EQ(report.status, 200) << report.describe();
    EXPECT_EQ(report.json()["team"], "care");
    EXPECT_EQ(report.json()["hours"].size(), 168u);
    EXPECT_EQ(get("/api/v1/reports", "bob").status, 200);
    EXPECT_TRUE(is_problem(get("/api/v1/reports?team=nope", "bob"), 400, "team"));
    EXPECT_TRUE(is_problem(get("/api/v1/reports?from=2026-01-01&to=2025-01-01", "bob"), 400, "to"));

    for (std::string section : {"weeks", "sources", "people", "hours", "fairness"}) {
        auto csv = get("/api/v1/reports.csv?team=care&section=" + section, "bob");
        ASSERT_EQ(csv.status, 200) << csv.describe();
        EXPECT_EQ(csv.content_type.rfind("text/csv", 0), 0u) << csv.content_type;
        EXPECT_NE(csv.header("Content-Disposition").find("attachment"), std::string::npos);
        EXPECT_NE(csv.body.find('\n'), std::string::npos);
    }
    auto bad = get("/api/v1/reports.csv?section=week", "bob");
    EXPECT_TRUE(is_problem(bad, 400, "section"));
    EXPECT_NE(bad.body.find("did you mean 'weeks'"), std::string::npos) << bad.body;
    EXPECT_TRUE(is_problem(get("/api/v1/reports.csv", "bob"), 400, "section"));

    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(post("/api/v1/absences", "bob",
                       {{"start", day(90 + i) + "T00:00:00Z"}, {"end", day(90 + i) + "T12:00:00Z"}})
                      .status,
                  201);
    auto first = get("/api/v1/audit?limit=2", "carol");
    ASSERT_EQ(first.status, 200) << first.describe();
    ASSERT_EQ(first.json()["items"].size(), 2u);
    EXPECT_EQ(first.json()["items"][0]["actor"], "bob");
    EXPECT_EQ(first.json()["items"][0]["via"], "api");
    ASSERT_TRUE(first.json()["next_cursor"].is_string());
    auto second = get(
        "/api/v1/audit?limit=2&cursor=" + first.json()["next_cursor"].get<std::string>(), "carol");
    ASSERT_EQ(second.status, 200);
    ASSERT_FALSE(second.json()["items"].empty());
    EXPECT_LT(second.json()["items"][0]["id"].get<long>(),
              first.json()["items"][1]["id"].get<long>());
    EXPECT_TRUE(is_problem(get("/api/v1/audit?limit=0", "bob"), 400, "limit"));
}
