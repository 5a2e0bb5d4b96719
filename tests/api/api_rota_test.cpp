// SPDX-License-Identifier: Apache-2.0
// Reading the rota through the API: teams, people, the resolved rota, on call, gaps, holidays.
#include "tests/api/api_harness.hpp"

using namespace sb::test;

class ApiRota : public ApiTest {};

TEST_F(ApiRota, TeamsAndPeopleAreListedAndFoundById) {
    auto teams = get("/api/v1/teams", "bob");
    ASSERT_EQ(teams.status, 200) << teams.describe();
    ASSERT_EQ(teams.json()["items"].size(), 2u);
    EXPECT_EQ(teams.json()["items"][0]["id"], "care");
    EXPECT_EQ(teams.json()["items"][0]["layers"][0]["members"][1], "carol");

    auto care = get("/api/v1/teams/care", "bob");
    ASSERT_EQ(care.status, 200) << care.describe();
    EXPECT_EQ(care.json()["timezone"], "Europe/Berlin");
    EXPECT_EQ(care.json()["holidays"], "DE-BY");
    EXPECT_TRUE(is_problem(get("/api/v1/teams/nope", "bob"), 404, "team"));

    auto people = get("/api/v1/people", "bob");
    ASSERT_EQ(people.status, 200);
    EXPECT_EQ(people.json()["items"].size(), 5u);
    auto alice = get("/api/v1/people/alice", "bob");
    ASSERT_EQ(alice.status, 200);
    EXPECT_EQ(alice.json()["role"], "manager");
    EXPECT_EQ(alice.json()["name"], "Alice");
    EXPECT_TRUE(is_problem(get("/api/v1/people/zoe", "bob"), 404, "person"));
}

TEST_F(ApiRota, RotaOnCallGapsAndHolidaysOfATeam) {
    auto rota = get("/api/v1/teams/care/rota?from=2026-12-21&to=2026-12-28", "bob");
    ASSERT_EQ(rota.status, 200) << rota.describe();
    auto body = rota.json();
    EXPECT_EQ(body["team"], "care");
    EXPECT_EQ(body["from"], "2026-12-21T00:00:00+01:00");
    EXPECT_EQ(body["layers"], nlohmann::json({"primary", "secondary"}));
    ASSERT_FALSE(body["spans"].empty());
    EXPECT_FALSE(body["windows"].empty());
    // Christmas in Bavaria.
    bool christmas = false;
    for (auto const& holiday : body["holidays"])
        christmas = christmas || holiday["date"] == "2026-12-25";
    EXPECT_TRUE(christmas) << body["holidays"].dump();

    auto oncall = get("/api/v1/teams/care/oncall?at=2026-12-23T12:00:00%2B01:00", "carol");
    ASSERT_EQ(oncall.status, 200) << oncall.describe();
    ASSERT_EQ(oncall.json()["layers"].size(), 2u);
    EXPECT_EQ(oncall.json()["layers"][1]["person"], "alice");
    EXPECT_EQ(oncall.json()["window"], "always");
    EXPECT_EQ(oncall.json()["next"].size(), 2u);
    EXPECT_EQ(get("/api/v1/teams/care/oncall", "carol").status, 200);

    auto gaps = get("/api/v1/teams/care/gaps?from=2026-12-21&to=2026-12-28", "bob");
    ASSERT_EQ(gaps.status, 200) << gaps.describe();
    EXPECT_TRUE(gaps.json()["items"].empty()) << gaps.body;
    auto holidays = get("/api/v1/teams/care/holidays?from=2026-01-01&to=2027-01-01", "bob");
    ASSERT_EQ(holidays.status, 200) << holidays.describe();
    EXPECT_GE(holidays.json()["items"].size(), 10u);
    EXPECT_EQ(holidays.json()["items"][0]["date"], "2026-01-01");

    EXPECT_TRUE(is_problem(get("/api/v1/teams/care/rota?from=tomorrow", "bob"), 400, "from"));
    EXPECT_TRUE(
        is_problem(get("/api/v1/teams/care/rota?from=2026-12-21&to=2026-12-20", "bob"), 400, "to"));
    EXPECT_TRUE(
        is_problem(get("/api/v1/teams/care/rota?from=2026-01-01&to=2026-12-31", "bob"), 400, "to"));
    auto typo = get("/api/v1/teams/care/rota?form=2026-12-21", "bob");
    EXPECT_TRUE(is_problem(typo, 400, "form"));
    EXPECT_NE(typo.body.find("did you mean 'from'"), std::string::npos) << typo.body;
    EXPECT_TRUE(is_problem(get("/api/v1/teams/nope/rota", "bob"), 404, "team"));
    EXPECT_TRUE(is_problem(get("/api/v1/teams/nope/oncall", "bob"), 404));
    EXPECT_TRUE(is_problem(get("/api/v1/teams/care/oncall?at=soon", "bob"), 400, "at"));
    EXPECT_TRUE(is_problem(get("/api/v1/teams/nope/gaps", "bob"), 404));
    EXPECT_TRUE(is_problem(get("/api/v1/teams/nope/holidays", "bob"), 404));
}
