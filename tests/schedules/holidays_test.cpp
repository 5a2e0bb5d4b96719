// SPDX-License-Identifier: Apache-2.0
// Public holidays checked against published calendars, including the years rules changed.
#include "schedules/holidays.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace sb::schedules;

std::string iso(date::year_month_day day) {
    return date::format("%F", date::sys_days(day));
}

std::vector<std::string> dates(std::string const& region, int year) {
    auto holidays = public_holidays(region, year);
    EXPECT_TRUE(holidays.has_value()) << region << " " << year;
    std::vector<std::string> out;
    if (holidays)
        for (auto const& holiday : *holidays)
            out.push_back(iso(holiday.date));
    return out;
}

bool has(std::string const& region, int year, std::string const& day) {
    auto list = dates(region, year);
    return std::find(list.begin(), list.end(), day) != list.end();
}

TEST(Holidays, EasterSundayMatchesPublishedDates) {
    std::vector<std::pair<int, std::string>> const published{
        {2011, "2011-04-24"}, {2017, "2017-04-16"}, {2018, "2018-04-01"}, {2019, "2019-04-21"},
        {2020, "2020-04-12"}, {2021, "2021-04-04"}, {2022, "2022-04-17"}, {2023, "2023-04-09"},
        {2024, "2024-03-31"}, {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"},
        {2038, "2038-04-25"}, {2285, "2285-03-22"}};
    for (auto const& [year, day] : published)
        EXPECT_EQ(iso(easter_sunday(year)), day) << year;
}

TEST(Holidays, BavariaTwentyTwentyFourHasItsThirteenDays) {
    std::vector<std::string> const expected{"2024-01-01", "2024-01-06", "2024-03-29", "2024-04-01",
                                            "2024-05-01", "2024-05-09", "2024-05-20", "2024-05-30",
                                            "2024-08-15", "2024-10-03", "2024-11-01", "2024-12-25",
                                            "2024-12-26"};
    EXPECT_EQ(dates("DE-BY", 2024), expected);
}

TEST(Holidays, NorthRhineWestphaliaTwentyTwentySevenFollowsEasterOnMarch28) {
    std::vector<std::string> const expected{"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01",
                                            "2027-05-06", "2027-05-17", "2027-05-27", "2027-10-03",
                                            "2027-11-01", "2027-12-25", "2027-12-26"};
    EXPECT_EQ(dates("DE-NW", 2027), expected);
}

TEST(Holidays, WomensDayInBerlinSince2019AndMecklenburgSince2023) {
    EXPECT_FALSE(has("DE-BE", 2018, "2018-03-08"));
    EXPECT_TRUE(has("DE-BE", 2019, "2019-03-08"));
    EXPECT_FALSE(has("DE-MV", 2022, "2022-03-08"));
    EXPECT_TRUE(has("DE-MV", 2023, "2023-03-08"));
    EXPECT_FALSE(has("DE-BY", 2023, "2023-03-08"));
}

TEST(Holidays, BerlinLiberationDayOnlyIn2020And2025) {
    EXPECT_TRUE(has("DE-BE", 2020, "2020-05-08"));
    EXPECT_TRUE(has("DE-BE", 2025, "2025-05-08"));
    EXPECT_FALSE(has("DE-BE", 2021, "2021-05-08"));
}

TEST(Holidays, ChildrensDayInThuringiaSince2019) {
    EXPECT_FALSE(has("DE-TH", 2018, "2018-09-20"));
    EXPECT_TRUE(has("DE-TH", 2019, "2019-09-20"));
    EXPECT_TRUE(has("DE-TH", 2027, "2027-09-20"));
}

TEST(Holidays, ReformationDayNationwideIn2017NorthernStatesSince2018) {
    for (auto const* region : {"DE-BY", "DE-BW", "DE-NW", "DE-HB", "DE-SN", "DE"})
        EXPECT_TRUE(has(region, 2017, "2017-10-31")) << region;
    for (auto const* region :
         {"DE-HB", "DE-HH", "DE-NI", "DE-SH", "DE-BB", "DE-MV", "DE-SN", "DE-ST", "DE-TH"})
        EXPECT_TRUE(has(region, 2018, "2018-10-31")) << region;
    for (auto const* region : {"DE-BY", "DE-BW", "DE-NW", "DE-BE", "DE-HE", "DE-RP", "DE-SL"})
        EXPECT_FALSE(has(region, 2018, "2018-10-31")) << region;
    EXPECT_FALSE(has("DE-NI", 2016, "2016-10-31"));
}

TEST(Holidays, DayOfRepentanceInSaxonyIsTheWednesdayBeforeNovember23) {
    std::vector<std::pair<int, std::string>> const published{
        {2017, "2017-11-22"}, {2018, "2018-11-21"}, {2019, "2019-11-20"}, {2020, "2020-11-18"},
        {2021, "2021-11-17"}, {2022, "2022-11-16"}, {2023, "2023-11-22"}, {2024, "2024-11-20"},
        {2025, "2025-11-19"}, {2026, "2026-11-18"}, {2027, "2027-11-17"}};
    for (auto const& [year, day] : published) {
        EXPECT_TRUE(has("DE-SN", year, day)) << year;
        EXPECT_FALSE(has("DE-BY", year, day)) << year;
    }
}

TEST(Holidays, CorpusChristiAllSaintsAndAssumptionByState) {
    EXPECT_TRUE(has("DE-HE", 2025, "2025-06-19"));
    EXPECT_FALSE(has("DE-HE", 2025, "2025-11-01"));
    EXPECT_FALSE(has("DE-HH", 2025, "2025-06-19"));
    EXPECT_TRUE(has("DE-SL", 2025, "2025-08-15"));
    EXPECT_TRUE(has("DE-BY", 2025, "2025-08-15"));
    EXPECT_FALSE(has("DE-BW", 2025, "2025-08-15"));
    EXPECT_TRUE(has("DE-RP", 2025, "2025-11-01"));
    EXPECT_TRUE(has("DE-ST", 2025, "2025-01-06"));
    EXPECT_FALSE(has("DE-SN", 2025, "2025-01-06"));
}

TEST(Holidays, BrandenburgListsEasterAndWhitSunday) {
    EXPECT_TRUE(has("DE-BB", 2026, "2026-04-05"));
    EXPECT_TRUE(has("DE-BB", 2026, "2026-05-24"));
    EXPECT_FALSE(has("DE-BE", 2026, "2026-04-05"));
}

TEST(Holidays, EveryGermanStateHasTheNineNationwideDays) {
    for (auto const& region : known_holiday_regions()) {
        if (region.rfind("DE", 0) != 0)
            continue;
        for (int year = 2017; year <= 2027; ++year) {
            EXPECT_TRUE(has(region, year, std::to_string(year) + "-10-03")) << region << year;
            EXPECT_TRUE(has(region, year, std::to_string(year) + "-12-26")) << region << year;
            EXPECT_GE(dates(region, year).size(), 9U) << region << year;
        }
    }
}

TEST(Holidays, AustriaAndSwitzerlandNationalDays) {
    std::vector<std::string> const austria{"2025-01-01", "2025-01-06", "2025-04-21", "2025-05-01",
                                           "2025-05-29", "2025-06-09", "2025-06-19", "2025-08-15",
                                           "2025-10-26", "2025-11-01", "2025-12-08", "2025-12-25",
                                           "2025-12-26"};
    EXPECT_EQ(dates("AT", 2025), austria);
    std::vector<std::string> const switzerland{"2025-01-01", "2025-05-29", "2025-08-01",
                                               "2025-12-25"};
    EXPECT_EQ(dates("CH", 2025), switzerland);
}

TEST(Holidays, UnknownRegionIsRefusedWithTheKnownOnes) {
    auto result = public_holidays("DE-XX", 2025);
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find("DE-XX"), std::string::npos);
    EXPECT_NE(result.error().message.find("DE-BY"), std::string::npos);
    EXPECT_NE(result.error().message.find("CH"), std::string::npos);
    EXPECT_FALSE(public_holidays("DE-BY", 1980).has_value());
}

} // namespace
