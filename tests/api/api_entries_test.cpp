// SPDX-License-Identifier: Apache-2.0
// Absences, overrides and swaps through the API: roles, ETags, errors that name their field,
// pagination, and a change the team's room hears about.
#include "tests/api/api_harness.hpp"

using namespace sb::test;

class ApiAbsences : public ApiTest {};
class ApiOverrides : public ApiTest {};
class ApiSwaps : public ApiTest {};
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

HeaderList if_match(std::string const& etag) {
    return {{"If-Match", etag}, {"Content-Type", "application/json"}};
}

} // namespace

TEST_F(ApiAbsences, AbsencesFollowTheRolesAndTheirEtags) {
    json const week{
        {"reason", "vacation"}, {"start", day(60) + "T00:00:00"}, {"end", day(67) + "T00:00:00"}};
    // A member reports their own absence; the answer has its ETag and Location.
    auto created = post("/api/v1/absences", "bob", week);
    ASSERT_EQ(created.status, 201) << created.describe();
    auto const id = created.json()["id"].get<long>();
    auto const path = "/api/v1/absences/" + std::to_string(id);
    EXPECT_EQ(created.header("Location"), path);
    EXPECT_EQ(created.header("ETag"), "\"absence-" + std::to_string(id) + "-v1\"");
    EXPECT_EQ(created.json()["person"], "bob");
    EXPECT_EQ(created.json()["created_via"], "api");
    EXPECT_EQ(created.json()["start"].get<std::string>().rfind(day(60) + "T00:00:00+0", 0), 0u)
        << created.body;

    // A member may not report someone else's; a manager of another team may not either.
    auto for_carol = week;
    for_carol["person"] = "carol";
    EXPECT_TRUE(is_problem(post("/api/v1/absences", "bob", for_carol), 403));
    EXPECT_TRUE(is_problem(post("/api/v1/absences", "frank", for_carol), 403));
    auto by_manager = post("/api/v1/absences", "alice", for_carol);
    ASSERT_EQ(by_manager.status, 201) << by_manager.describe();
    EXPECT_EQ(by_manager.json()["created_by"], "alice");

    auto read = get(path, "carol");
    ASSERT_EQ(read.status, 200) << read.describe();
    auto const etag = read.header("ETag");
    EXPECT_EQ(etag, created.header("ETag"));
    EXPECT_TRUE(is_problem(get("/api/v1/absences/999999", "bob"), 404));
    EXPECT_TRUE(is_problem(get("/api/v1/absences/abc", "bob"), 404));

    // Changes need If-Match: missing 428, stale 412.
    json const later{{"end", day(69) + "T00:00:00"}};
    EXPECT_TRUE(is_problem(
        call("PATCH", path, As{"bob", {{"Content-Type", "application/json"}}}, later.dump()), 428,
        "If-Match"));
    EXPECT_TRUE(is_problem(call("PATCH", path, As{"frank", if_match(etag)}, later.dump()), 403));
    EXPECT_TRUE(is_problem(call("PATCH", path, As{"carol", if_match(etag)}, later.dump()), 403));
    auto changed = call("PATCH", path, As{"bob", if_match(etag)}, later.dump());
    ASSERT_EQ(changed.status, 200) << changed.describe();
    EXPECT_EQ(changed.json()["end"].get<std::string>().rfind(day(69) + "T00:00:00+0", 0), 0u)
        << changed.body;
    EXPECT_EQ(changed.json()["version"], 2);
    auto const etag2 = changed.header("ETag");
    EXPECT_EQ(etag2, "\"absence-" + std::to_string(id) + "-v2\"");
    EXPECT_TRUE(
        is_problem(call("PATCH", path, As{"bob", if_match(etag)}, later.dump()), 412, "If-Match"));
    // The manager of the team may change it too.
    auto by_alice = call("PATCH", path, As{"alice", if_match(etag2)}, R"({"reason":"sick"})");
    ASSERT_EQ(by_alice.status, 200) << by_alice.describe();
    auto const etag3 = by_alice.header("ETag");

    // Bodies: not JSON, an unknown field, a wrong type, a time that is no time, a bad span.
    auto broken = call("PATCH", path, As{"bob", if_match(etag3)}, R"({"end": )");
    EXPECT_TRUE(is_problem(broken, 400));
    EXPECT_NE(broken.body.find("line 1"), std::string::npos) << broken.body;
    auto typo = call("PATCH", path, As{"bob", if_match(etag3)}, R"({"ned": null})");
    EXPECT_TRUE(is_problem(typo, 400, "ned"));
    EXPECT_NE(typo.body.find("did you mean 'end'"), std::string::npos) << typo.body;
    EXPECT_TRUE(is_problem(call("PATCH", path, As{"bob", if_match(etag3)}, R"({"start": 5})"), 400,
                           "start"));
    EXPECT_TRUE(is_problem(post("/api/v1/absences", "bob", {{"start", "soon"}}), 400, "start"));
    EXPECT_TRUE(is_problem(post("/api/v1/absences", "bob", {{"reason", 7}}), 400, "reason"));
    EXPECT_TRUE(is_problem(post("/api/v1/absences", "bob", json::array()), 400));
    auto backwards = post("/api/v1/absences", "bob",
                          {{"start", day(71) + "T00:00:00Z"}, {"end", day(70) + "T00:00:00Z"}});
    EXPECT_EQ(backwards.status, 422) << backwards.describe();
    EXPECT_TRUE(is_problem(backwards, 422, "end"));

    // Listing with filters.
    auto mine = get("/api/v1/absences?person=bob&state=active", "carol");
    ASSERT_EQ(mine.status, 200) << mine.describe();
    ASSERT_EQ(mine.json()["items"].size(), 1u) << mine.body;
    EXPECT_EQ(mine.json()["items"][0]["id"], id);
    EXPECT_TRUE(is_problem(get("/api/v1/absences?state=activ", "bob"), 400, "state"));
    EXPECT_TRUE(is_problem(get("/api/v1/absences?from=never", "bob"), 400, "from"));

    // Ending: If-Match again, then 204; an ended absence is listed as ended.
    EXPECT_TRUE(is_problem(call("DELETE", path, As{"bob", {}}), 428));
    EXPECT_TRUE(is_problem(call("DELETE", path, As{"bob", {{"If-Match", etag}}}), 412));
    EXPECT_TRUE(is_problem(call("DELETE", path, As{"carol", {{"If-Match", etag3}}}), 403));
    auto ended = call("DELETE", path, As{"bob", {{"If-Match", etag3}}});
    EXPECT_EQ(ended.status, 204) << ended.describe();
    EXPECT_EQ(get(path, "bob").json()["state"], "ended");
    // A member is refused a missing absence like someone else's: the answer reveals nothing.
    // A manager, who may change other people's absences, learns that the id is unknown.
    EXPECT_TRUE(
        is_problem(call("DELETE", "/api/v1/absences/999999", As{"bob", {{"If-Match", "*"}}}), 403));
    EXPECT_TRUE(is_problem(
        call("PATCH", "/api/v1/absences/999999", As{"bob", if_match("*")}, later.dump()), 403));
    EXPECT_TRUE(is_problem(
        call("DELETE", "/api/v1/absences/999999", As{"alice", {{"If-Match", "*"}}}), 404));
    EXPECT_TRUE(is_problem(
        call("PATCH", "/api/v1/absences/999999", As{"alice", if_match("*")}, later.dump()), 404));
}

TEST_F(ApiAbsences, ListsArePagedWithOpaqueCursorsAndLinks) {
    std::vector<long> ids;
    for (int i = 0; i < 5; ++i) {
        auto created = post("/api/v1/absences", "bob",
                            {{"reason", "other"},
                             {"start", day(80 + i) + "T00:00:00Z"},
                             {"end", day(80 + i) + "T12:00:00Z"}});
        ASSERT_EQ(created.status, 201) << created.describe();
        ids.push_back(created.json()["id"].get<long>());
    }
    std::vector<long> seen;
    std::string target = "/api/v1/absences?person=bob&limit=2";
    int pages = 0;
    while (!target.empty() && pages < 10) {
        auto page = get(target, "carol");
        ASSERT_EQ(page.status, 200) << page.describe();
        ++pages;
        auto const body = page.json();
        for (auto const& item : body["items"])
            seen.push_back(item["id"].get<long>());
        auto const next = body["next_cursor"];
        if (next.is_null()) {
            EXPECT_TRUE(page.header("Link").empty());
            target.clear();
        } else {
            auto const link = page.header("Link");
            EXPECT_NE(link.find("rel=\"next\""), std::string::npos) << link;
            EXPECT_NE(link.find(next.get<std::string>()), std::string::npos) << link;
            target = link.substr(1, link.find('>') - 1);
        }
    }
    EXPECT_EQ(pages, 3);
    std::vector<long> newest_first(ids.rbegin(), ids.rend());
    EXPECT_EQ(seen, newest_first);

    EXPECT_TRUE(is_problem(get("/api/v1/absences?cursor=%21%21", "bob"), 400, "cursor"));
    EXPECT_TRUE(is_problem(get("/api/v1/absences?cursor=bm9wZQ", "bob"), 400, "cursor"));
    EXPECT_TRUE(is_problem(get("/api/v1/absences?limit=0", "bob"), 400, "limit"));
    EXPECT_TRUE(is_problem(get("/api/v1/absences?limit=501", "bob"), 400, "limit"));
    EXPECT_TRUE(is_problem(get("/api/v1/absences?limit=ten", "bob"), 400, "limit"));
    EXPECT_EQ(get("/api/v1/absences?limit=500", "bob").status, 200);
}

TEST_F(ApiOverrides, OverridesAreForManagersOfTheirTeam) {
    json const shift{{"team", "care"},
                     {"layer", "primary"},
                     {"person", "carol"},
                     {"start", day(40) + "T09:00:00"},
                     {"end", day(40) + "T21:00:00"}};
    EXPECT_TRUE(is_problem(post("/api/v1/overrides", "bob", shift), 403));
    EXPECT_TRUE(is_problem(post("/api/v1/overrides", "frank", shift), 403));
    auto created = post("/api/v1/overrides", "alice", shift);
    ASSERT_EQ(created.status, 201) << created.describe();
    auto const path = created.header("Location");
    EXPECT_EQ(created.json()["team"], "care");
    EXPECT_EQ(created.json()["layer"], "primary");
    auto const etag = created.header("ETag");
    EXPECT_NE(etag.find("override-"), std::string::npos);

    auto rota = get(
        "/api/v1/teams/care/rota?from=" + day(40) + "T10:00:00&to=" + day(40) + "T11:00:00", "bob");
    ASSERT_EQ(rota.status, 200);
    bool overridden = false;
    auto const spans = rota.json()["spans"];
    for (auto const& span : spans)
        overridden = overridden || (span["reason"] == "override" && span["person"] == "carol");
    EXPECT_TRUE(overridden) << rota.body;

    EXPECT_TRUE(is_problem(post("/api/v1/overrides", "alice", {{"team", "care"}}), 400, "person"));
    auto no_end = shift;
    no_end.erase("end");
    EXPECT_TRUE(is_problem(post("/api/v1/overrides", "alice", no_end), 400, "end"));
    auto unknown_layer = shift;
    unknown_layer["layer"] = "tertiary";
    EXPECT_TRUE(is_problem(post("/api/v1/overrides", "alice", unknown_layer), 422, "layer"));

    EXPECT_EQ(get(path, "bob").status, 200);
    EXPECT_TRUE(is_problem(get("/api/v1/overrides/999999", "bob"), 404));
    auto listed = get("/api/v1/overrides?team=care&state=active", "bob");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.json()["items"].size(), 1u);

    json const later{{"end", day(40) + "T22:00:00"}};
    EXPECT_TRUE(is_problem(call("PATCH", path, As{"frank", if_match(etag)}, later.dump()), 403));
    EXPECT_TRUE(is_problem(call("PATCH", path, As{"alice", {}}, later.dump()), 428));
    auto changed = call("PATCH", path, As{"alice", if_match(etag)}, later.dump());
    ASSERT_EQ(changed.status, 200) << changed.describe();
    EXPECT_TRUE(is_problem(call("PATCH", path, As{"alice", if_match(etag)}, later.dump()), 412));
    EXPECT_TRUE(is_problem(call("DELETE", path, As{"alice", {{"If-Match", etag}}}), 412));
    auto ended = call("DELETE", path, As{"alice", {{"If-Match", changed.header("ETag")}}});
    EXPECT_EQ(ended.status, 204) << ended.describe();
}

TEST_F(ApiSwaps, SwapsAreRequestedWithdrawnDeclinedAndAccepted) {
    // Bob's next primary shift.
    std::string shift_at;
    auto spans =
        get("/api/v1/teams/care/rota?from=" + day(20) + "&to=" + day(40), "bob").json()["spans"];
    for (auto const& span : spans)
        if (shift_at.empty() && span["layer"] == "primary" && span["person"] == "bob")
            shift_at = span["start"].get<std::string>();
    ASSERT_FALSE(shift_at.empty()) << spans.dump();

    json const request{{"team", "care"}, {"to_person", "carol"}, {"shift_at", shift_at}};
    EXPECT_TRUE(is_problem(post("/api/v1/swaps", "bob", {{"team", "care"}, {"shift_at", shift_at}}),
                           400, "to_person"));
    auto someone_elses = request;
    someone_elses["person"] = "carol";
    someone_elses["to_person"] = "bob";
    EXPECT_TRUE(is_problem(post("/api/v1/swaps", "bob", someone_elses), 403));

    auto first = post("/api/v1/swaps", "bob", request);
    ASSERT_EQ(first.status, 201) << first.describe();
    EXPECT_EQ(first.json()["state"], "requested");
    EXPECT_EQ(first.json()["to_person"], "carol");
    auto const first_path = first.header("Location");
    auto withdrawn = post(first_path + "/withdraw", "bob", json::object());
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.describe();
    EXPECT_EQ(withdrawn.json()["state"], "withdrawn");
    auto again = post(first_path + "/accept", "carol", json::object());
    EXPECT_GE(again.status, 400) << again.describe();
    EXPECT_LT(again.status, 500) << again.describe();

    auto second = post("/api/v1/swaps", "bob", request);
    ASSERT_EQ(second.status, 201) << second.describe();
    EXPECT_GE(post(second.header("Location") + "/accept", "frank", json::object()).status, 400);
    auto declined = post(second.header("Location") + "/decline", "carol", json::object());
    ASSERT_EQ(declined.status, 200) << declined.describe();
    EXPECT_EQ(declined.json()["state"], "declined");

    auto third = post("/api/v1/swaps", "bob", request);
    ASSERT_EQ(third.status, 201) << third.describe();
    EXPECT_TRUE(
        is_problem(post(third.header("Location") + "/accept", "carol", {{"x", 1}}), 400, "x"));
    auto accepted = post(third.header("Location") + "/accept", "carol", json::object());
    ASSERT_EQ(accepted.status, 200) << accepted.describe();
    EXPECT_EQ(accepted.json()["state"], "active");
    EXPECT_TRUE(is_problem(post("/api/v1/swaps/999999/accept", "carol", json::object()), 404));

    auto one = get(third.header("Location"), "erin");
    EXPECT_TRUE(is_problem(one, 401)) << "erin has no token";
    EXPECT_EQ(get(third.header("Location"), "alice").status, 200);
    EXPECT_TRUE(is_problem(get("/api/v1/swaps/999999", "bob"), 404));
    auto listed = get("/api/v1/swaps?person=carol", "bob");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.json()["items"].size(), 3u) << listed.body;
    auto active = get("/api/v1/swaps?state=active", "bob");
    EXPECT_EQ(active.json()["items"].size(), 1u) << active.body;
}

TEST_F(ApiAbsences, AnAbsenceOfNextSaturdaysPersonOnCallWarnsTheRoomOfAGap) {
    auto const saturday = next_saturday();
    auto oncall = get("/api/v1/teams/care/oncall?at=" + saturday + "T12:00:00Z", "alice");
    ASSERT_EQ(oncall.status, 200) << oncall.describe();
    auto const person = oncall.json()["layers"][0]["person"].get<std::string>();
    auto const before = m_process->stdout_text().size();
    auto created = post("/api/v1/absences", "alice",
                        {{"person", person},
                         {"reason", "sick"},
                         {"start", saturday + "T00:00:00Z"},
                         {"end", saturday + "T23:00:00Z"}});
    ASSERT_EQ(created.status, 201) << created.describe();
    EXPECT_GE(created.json()["gap_warnings"].get<int>(), 1) << created.body;
    ASSERT_TRUE(m_process->wait_for_stdout("Gap ahead", 10s, before)) << m_process->stdout_text();
    auto gaps =
        get("/api/v1/teams/care/gaps?from=" + saturday + "T00:00:00Z&to=" + saturday + "T23:00:00Z",
            "bob");
    ASSERT_EQ(gaps.status, 200);
    ASSERT_FALSE(gaps.json()["items"].empty()) << gaps.body;
    EXPECT_EQ(gaps.json()["items"][0]["layer"], "primary");
    auto audit = get("/api/v1/audit?limit=1", "bob");
    ASSERT_EQ(audit.status, 200) << audit.describe();
    EXPECT_EQ(audit.json()["items"][0]["actor"], "alice");
}
