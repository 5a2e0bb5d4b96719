// SPDX-License-Identifier: Apache-2.0
// Public holiday rules per region, with the years each rule started or applied.
#include "schedules/holidays.hpp"

#include <algorithm>
#include <array>

namespace sb::schedules {

date::year_month_day easter_sunday(int year) {
    int const a = year % 19;
    int const b = year / 100;
    int const c = year % 100;
    int const d = b / 4;
    int const e = b % 4;
    int const f = (b + 8) / 25;
    int const g = (b - f + 1) / 3;
    int const h = (19 * a + b - d - g + 15) % 30;
    int const i = c / 4;
    int const k = c % 4;
    int const l = (32 + 2 * e + 2 * i - h - k) % 7;
    int const m = (a + 11 * h + 22 * l) / 451;
    int const month = (h + l - 7 * m + 114) / 31;
    int const day = ((h + l - 7 * m + 114) % 31) + 1;
    return date::year{year} / date::month{static_cast<unsigned>(month)} /
           date::day{static_cast<unsigned>(day)};
}

namespace {

constexpr std::array german_states{"DE-BB", "DE-BE", "DE-BW", "DE-BY", "DE-HB", "DE-HE",
                                   "DE-HH", "DE-MV", "DE-NI", "DE-NW", "DE-RP", "DE-SH",
                                   "DE-SL", "DE-SN", "DE-ST", "DE-TH"};

bool in(std::string_view region, std::initializer_list<std::string_view> states) {
    return std::find(states.begin(), states.end(), region) != states.end();
}

class Calendar {
public:
    explicit Calendar(int year) : m_year(year), m_easter(easter_sunday(year)) {}

    void fixed(unsigned month, unsigned day, char const* name) {
        m_out.push_back({date::year{m_year} / date::month{month} / date::day{day}, name});
    }
    void easter(int offset, char const* name) {
        m_out.push_back(
            {date::year_month_day{date::sys_days(m_easter) + date::days{offset}}, name});
    }
    // Buß- und Bettag: the Wednesday before 23 November, so between 16 and 22 November.
    void repentance_day() {
        auto day = date::sys_days(date::year{m_year} / date::November / date::day{22});
        while (date::weekday{day} != date::Wednesday)
            day -= date::days{1};
        m_out.push_back({date::year_month_day{day}, "Buß- und Bettag"});
    }
    std::vector<Holiday> take() {
        std::sort(m_out.begin(), m_out.end(), [](Holiday const& a, Holiday const& b) {
            return date::sys_days(a.date) < date::sys_days(b.date);
        });
        return std::move(m_out);
    }

private:
    int m_year;
    date::year_month_day m_easter;
    std::vector<Holiday> m_out;
};

std::vector<Holiday> germany(std::string_view region, int year) {
    Calendar calendar(year);
    calendar.fixed(1, 1, "Neujahr");
    if (in(region, {"DE-BW", "DE-BY", "DE-ST"}))
        calendar.fixed(1, 6, "Heilige Drei Könige");
    if ((region == "DE-BE" && year >= 2019) || (region == "DE-MV" && year >= 2023))
        calendar.fixed(3, 8, "Internationaler Frauentag");
    calendar.easter(-2, "Karfreitag");
    // Brandenburg is the only state whose law lists the Sundays of Easter and Pentecost.
    if (region == "DE-BB")
        calendar.easter(0, "Ostersonntag");
    calendar.easter(1, "Ostermontag");
    calendar.fixed(5, 1, "Tag der Arbeit");
    // Berlin made the 75th and 80th anniversaries of the end of the war one-off holidays.
    if (region == "DE-BE" && (year == 2020 || year == 2025))
        calendar.fixed(5, 8, "Tag der Befreiung");
    calendar.easter(39, "Christi Himmelfahrt");
    if (region == "DE-BB")
        calendar.easter(49, "Pfingstsonntag");
    calendar.easter(50, "Pfingstmontag");
    // Saxony and Thuringia keep Corpus Christi only in some municipalities; without a finer
    // region code those states go without it.
    if (in(region, {"DE-BW", "DE-BY", "DE-HE", "DE-NW", "DE-RP", "DE-SL"}))
        calendar.easter(60, "Fronleichnam");
    // In Bavaria the Assumption is a holiday in the municipalities with a Catholic majority,
    // which hold most of the population (Munich among them); DE-BY therefore includes it.
    if (in(region, {"DE-SL", "DE-BY"}))
        calendar.fixed(8, 15, "Mariä Himmelfahrt");
    if (region == "DE-TH" && year >= 2019)
        calendar.fixed(9, 20, "Weltkindertag");
    calendar.fixed(10, 3, "Tag der Deutschen Einheit");
    bool const reformation = year == 2017 ||
                             in(region, {"DE-BB", "DE-MV", "DE-SN", "DE-ST", "DE-TH"}) ||
                             (year >= 2018 && in(region, {"DE-HB", "DE-HH", "DE-NI", "DE-SH"}));
    if (reformation)
        calendar.fixed(10, 31, "Reformationstag");
    if (in(region, {"DE-BW", "DE-BY", "DE-NW", "DE-RP", "DE-SL"}))
        calendar.fixed(11, 1, "Allerheiligen");
    if (region == "DE-SN")
        calendar.repentance_day();
    calendar.fixed(12, 25, "1. Weihnachtstag");
    calendar.fixed(12, 26, "2. Weihnachtstag");
    return calendar.take();
}

std::vector<Holiday> austria(int year) {
    Calendar calendar(year);
    calendar.fixed(1, 1, "Neujahr");
    calendar.fixed(1, 6, "Heilige Drei Könige");
    calendar.easter(1, "Ostermontag");
    calendar.fixed(5, 1, "Staatsfeiertag");
    calendar.easter(39, "Christi Himmelfahrt");
    calendar.easter(50, "Pfingstmontag");
    calendar.easter(60, "Fronleichnam");
    calendar.fixed(8, 15, "Mariä Himmelfahrt");
    calendar.fixed(10, 26, "Nationalfeiertag");
    calendar.fixed(11, 1, "Allerheiligen");
    calendar.fixed(12, 8, "Mariä Empfängnis");
    calendar.fixed(12, 25, "Christtag");
    calendar.fixed(12, 26, "Stefanitag");
    return calendar.take();
}

// Federal law makes only 1 August a holiday; the others here are kept in every canton. Good
// Friday, Easter Monday, Whit Monday and St Stephen's Day differ by canton and are left out.
std::vector<Holiday> switzerland(int year) {
    Calendar calendar(year);
    calendar.fixed(1, 1, "Neujahr");
    calendar.easter(39, "Auffahrt");
    calendar.fixed(8, 1, "Bundesfeiertag");
    calendar.fixed(12, 25, "Weihnachtstag");
    return calendar.take();
}

} // namespace

std::vector<std::string> known_holiday_regions() {
    std::vector<std::string> out{"AT", "CH", "DE"};
    out.insert(out.end(), german_states.begin(), german_states.end());
    return out;
}

Result<std::vector<Holiday>> public_holidays(std::string_view region, int year) {
    if (year < 1991 || year > 9999)
        return unexpected(ErrorCode::invalid_argument,
                          "year " + std::to_string(year) + " is outside 1991-9999",
                          "holidays " + std::string(region));
    if (region == "AT")
        return austria(year);
    if (region == "CH")
        return switzerland(year);
    if (region == "DE" ||
        std::find(german_states.begin(), german_states.end(), region) != german_states.end())
        return germany(region, year);
    std::string known;
    for (auto const& name : known_holiday_regions())
        known += (known.empty() ? "" : ", ") + name;
    return unexpected(ErrorCode::not_found,
                      "unknown holiday region '" + std::string(region) + "'; known: " + known,
                      "holidays");
}

} // namespace sb::schedules
