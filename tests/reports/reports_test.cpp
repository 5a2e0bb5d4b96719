// SPDX-License-Identifier: Apache-2.0
// Reports from known items and a known rota: medians and p90 by nearest rank, ISO weeks and
// hours of the week in the team's zone, and fairness counts over a week with a weekend and
// public holidays.
#include "bot/core/context.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/core/reports.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"
#include "tests/support/store_access.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>

namespace sb::test {
namespace {

// Care works in Berlin with Bavaria's holidays: Christmas Day (Friday 25 December 2026) and
// St Stephen's Day (Saturday 26) are holidays, covered by the weekend window. Bob holds primary
// the week of 21 December; Carol covers the Wednesday evening by an override.
constexpr char config_text[] = R"json({
  "people": {
    "bob":   { "name": "Bob", "timezone": "Europe/Berlin" },
    "carol": { "name": "Carol", "timezone": "Europe/Berlin" },
    "sam":   { "name": "Sam", "timezone": "America/New_York" }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "holidays": "DE-BY",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
      "coverage": [
        { "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" },
        { "name": "weekend", "days": ["sat", "sun"], "holidays": true, "start": "09:00", "end": "21:00" }
      ],
      "layers": [
        { "name": "primary", "members": ["bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-12-21" }
      ],
      "escalation": { "business_hours": "page", "after_hours": "page" }
    },
    "sales": {
      "timezone": "America/New_York",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00" },
      "layers": [
        { "name": "primary", "members": ["sam"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-12-21" }
      ],
      "escalation": { "business_hours": "page", "after_hours": "page" }
    }
  },
  "escalation_policies": {
    "page": { "steps": [{ "after": "0m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] }
  },
  "overrides": [
    { "team": "care", "layer": "primary", "person": "carol", "from": "2026-12-23T18:00", "to": "2026-12-23T22:00" }
  ],
  "routing": [{ "match": {}, "team": "care" }]
})json";

Instant at(std::string const& text) {
    return parse_instant(text).value();
}

class ReportsTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-reports-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        auto loaded = config::load_config_text(config_text, "reports_test.jsonc");
        ASSERT_TRUE(loaded.config.has_value())
            << (loaded.errors.empty() ? std::string("no config")
                                      : loaded.errors.front().to_string());
        m_config = std::make_unique<config::Config>(*loaded.config);
        auto rota = rota::ConfigRota::create(*m_config);
        ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
        m_rota = std::make_unique<rota::ConfigRota>(std::move(*rota));
        m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
        m_context = std::make_unique<CoreContext>(
            CoreContext{*m_config, *m_store, m_clock, m_timers, *m_rota, m_events, {}});
        fill();
    }

    void TearDown() override {
        m_context.reset();
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }

    void add(std::string const& id, std::string const& team, std::string const& source,
             std::string const& received, std::string const& state, std::optional<int> claim_after,
             std::optional<int> resolve_after, std::string const& claimed_by) {
        SQLite::Statement q(StoreAccessForTest::connection(*m_store),
                            "INSERT INTO items(source, platform, external_id, team, state, "
                            "claimed_by, created_at, received_at, claimed_at, resolved_at) "
                            "VALUES (?, 'test', ?, ?, ?, ?, ?, ?, ?, ?)");
        auto t = seconds_of(at(received));
        q.bind(1, source);
        q.bind(2, id);
        q.bind(3, team);
        q.bind(4, state);
        q.bind(5, claimed_by);
        q.bind(6, static_cast<int64_t>(t));
        q.bind(7, static_cast<int64_t>(t));
        if (claim_after)
            q.bind(8, static_cast<int64_t>(t + *claim_after));
        else
            q.bind(8);
        if (resolve_after)
            q.bind(9, static_cast<int64_t>(t + *resolve_after));
        else
            q.bind(9);
        q.exec();
    }

    void fill() {
        add("a", "care", "x", "2026-12-21T10:00:00+01:00", "resolved", 60, 600, "bob");
        add("b", "care", "x", "2026-12-21T10:30:00+01:00", "resolved", 120, 1200, "bob");
        add("c", "care", "mastodon", "2026-12-22T23:30:00+01:00", "claimed", 300, {}, "carol");
        add("d", "care", "x", "2026-12-28T00:30:00+01:00", "dismissed", {}, 90, "");
        add("e", "care", "x", "2026-12-23T12:00:00+01:00", "resolved", 30, 3000, "bob");
        add("f", "sales", "x", "2026-12-23T12:00:00+01:00", "open", {}, {}, "");
        // Outside the range: never counted.
        add("g", "care", "x", "2026-12-20T23:59:00+01:00", "resolved", 1, 2, "bob");
    }

    Report care_report() {
        return build_report(
                   *m_context, *m_rota,
                   {"care", at("2026-12-21T00:00:00+01:00"), at("2027-01-04T00:00:00+01:00")})
            .value();
    }

    std::filesystem::path m_dir;
    ManualClock m_clock{};
    ManualTimers m_timers{m_clock};
    std::unique_ptr<config::Config> m_config;
    std::unique_ptr<rota::ConfigRota> m_rota;
    std::unique_ptr<Store> m_store;
    EventBus m_events;
    std::unique_ptr<CoreContext> m_context;
};

ResponseRow const* row(std::vector<ResponseRow> const& rows, std::string const& key) {
    for (auto const& r : rows)
        if (r.key == key)
            return &r;
    return nullptr;
}

TEST_F(ReportsTest, WeeksAreIsoWeeksInTheTeamsZone) {
    auto report = care_report();
    EXPECT_EQ(report.zone, "Europe/Berlin");
    ASSERT_EQ(report.weeks.size(), 2u);
    // 00:30 on Monday 28 December in Berlin is still Sunday in UTC: it counts in week 53.
    EXPECT_EQ(report.weeks[0].key, "2026-W52");
    EXPECT_EQ(report.weeks[0].items, 4);
    EXPECT_EQ(report.weeks[1].key, "2026-W53");
    EXPECT_EQ(report.weeks[1].items, 1);
    EXPECT_EQ(report.weeks[1].claim.count, 0);
    EXPECT_FALSE(report.weeks[1].claim.median.has_value());
    // A dismissed item was never resolved.
    EXPECT_EQ(report.weeks[1].resolve.count, 0);
}

TEST_F(ReportsTest, MedianAndP90AreNearestRank) {
    auto report = care_report();
    auto const& week = report.weeks.at(0);
    // Claims after 30, 60, 120, 300 s: the median is the 2nd, p90 the 4th.
    EXPECT_EQ(week.claim.count, 4);
    EXPECT_EQ(week.claim.median, 60);
    EXPECT_EQ(week.claim.p90, 300);
    // Resolved after 600, 1200, 3000 s.
    EXPECT_EQ(week.resolve.count, 3);
    EXPECT_EQ(week.resolve.median, 1200);
    EXPECT_EQ(week.resolve.p90, 3000);
}

TEST_F(ReportsTest, SourcesAndPeopleHaveTheirOwnRows) {
    auto report = care_report();
    auto const* x = row(report.sources, "x");
    ASSERT_NE(x, nullptr);
    EXPECT_EQ(x->items, 4);
    EXPECT_EQ(x->claim.median, 60);
    EXPECT_EQ(x->claim.p90, 120);
    auto const* mastodon = row(report.sources, "mastodon");
    ASSERT_NE(mastodon, nullptr);
    EXPECT_EQ(mastodon->claim.median, 300);

    ASSERT_EQ(report.people.size(), 2u);
    auto const* bob = row(report.people, "bob");
    ASSERT_NE(bob, nullptr);
    EXPECT_EQ(bob->items, 3);
    EXPECT_EQ(bob->resolve.median, 1200);
    auto const* carol = row(report.people, "carol");
    ASSERT_NE(carol, nullptr);
    EXPECT_EQ(carol->claim.count, 1);
    EXPECT_EQ(carol->resolve.count, 0);
}

TEST_F(ReportsTest, HoursOfTheWeekAreLocalWithMondayFirst) {
    auto report = care_report();
    ASSERT_EQ(report.hours.size(), 168u);
    auto cell = [&](unsigned weekday, unsigned hour) {
        auto const& load = report.hours.at(weekday * 24 + hour);
        EXPECT_EQ(load.weekday, weekday);
        EXPECT_EQ(load.hour, hour);
        return load.items;
    };
    EXPECT_EQ(cell(0, 10), 2); // Monday 10:00 and 10:30
    EXPECT_EQ(cell(1, 23), 1); // Tuesday 23:30
    EXPECT_EQ(cell(0, 0), 1);  // Monday 00:30, the next week
    EXPECT_EQ(cell(2, 12), 1); // Wednesday noon
    std::int64_t total = 0;
    for (auto const& load : report.hours)
        total += load.items;
    EXPECT_EQ(total, 5);
}

TEST_F(ReportsTest, FairnessCountsEveningsWeekendsAndHolidays) {
    auto report =
        build_report(*m_context, *m_rota,
                     {"care", at("2026-12-21T00:00:00+01:00"), at("2026-12-28T00:00:00+01:00")})
            .value();
    ASSERT_EQ(report.fairness.size(), 2u);
    auto const& bob = report.fairness[0];
    auto const& carol = report.fairness[1];
    EXPECT_EQ(bob.person, "bob");
    // Monday to Thursday: business hours and (but Wednesday's) evenings; Christmas Day and
    // St Stephen's Day (a Saturday) are holidays; Sunday is the weekend.
    EXPECT_EQ(bob.evening_shifts, 3);
    EXPECT_EQ(bob.holiday_shifts, 2);
    EXPECT_EQ(bob.weekend_shifts, 1);
    EXPECT_EQ(bob.shifts, 4 + 3 + 2 + 1);
    EXPECT_DOUBLE_EQ(bob.on_call_hours, 4 * 9 + 3 * 4 + 3 * 12);
    EXPECT_EQ(carol.person, "carol");
    EXPECT_EQ(carol.shifts, 1);
    EXPECT_EQ(carol.evening_shifts, 1);
    EXPECT_DOUBLE_EQ(carol.on_call_hours, 4);
}

TEST_F(ReportsTest, EveryTeamCountsEveryItemInUtcWhenZonesDiffer) {
    auto report =
        build_report(*m_context, *m_rota,
                     {"", at("2026-12-21T00:00:00+01:00"), at("2027-01-04T00:00:00+01:00")})
            .value();
    EXPECT_EQ(report.zone, "UTC");
    std::int64_t items = 0;
    for (auto const& week : report.weeks)
        items += week.items;
    EXPECT_EQ(items, 6);
    auto names = std::vector<std::string>{};
    for (auto const& load : report.fairness)
        names.push_back(load.person);
    EXPECT_EQ(names, (std::vector<std::string>{"bob", "carol", "sam"}));
}

TEST(ReportCsv, OneTablePerSectionQuotedPerRfc4180) {
    Report report;
    ResponseRow row;
    row.key = "feed, \"main\"";
    row.items = 2;
    row.claim = {2, 60, 90};
    report.sources.push_back(row);
    report.fairness.push_back({"bob", 12.5, 3, 1, 1, 0});
    report.hours.push_back({6, 23, 4});

    auto sources = report_csv(report, "sources");
    ASSERT_TRUE(sources.has_value());
    EXPECT_EQ(*sources, "source,items,claim_count,claim_median_seconds,claim_p90_seconds,"
                        "resolve_count,resolve_median_seconds,resolve_p90_seconds\r\n"
                        "\"feed, \"\"main\"\"\",2,2,60,90,0,,\r\n");
    EXPECT_EQ(report_csv(report, "fairness").value_or(""),
              "person,on_call_hours,shifts,evening_shifts,weekend_shifts,holiday_shifts\r\n"
              "bob,12.50,3,1,1,0\r\n");
    EXPECT_EQ(report_csv(report, "hours").value_or(""), "weekday,day,hour,items\r\n6,Sun,23,4\r\n");
    EXPECT_TRUE(report_csv(report, "weeks").has_value());
    EXPECT_TRUE(report_csv(report, "people").has_value());
    EXPECT_FALSE(report_csv(report, "nope").has_value());
}

} // namespace
} // namespace sb::test
