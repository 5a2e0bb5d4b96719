// SPDX-License-Identifier: Apache-2.0
// The case file reader; its errors name the line so a broken case is quick to fix.
#include "tests/schedules/case_reader.hpp"

#include "base/time.hpp"
#include "schedules/holidays.hpp"

#include <map>
#include <sstream>

namespace sb::schedules::testing {
namespace {

std::vector<std::string> split(std::string const& text, char separator) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator))
        if (!part.empty())
            out.push_back(part);
    return out;
}

std::optional<date::weekday> weekday_of(std::string const& name) {
    static std::map<std::string, unsigned> const names{
        {"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4}, {"fri", 5}, {"sat", 6}};
    auto found = names.find(name);
    if (found == names.end())
        return std::nullopt;
    return date::weekday{found->second};
}

// "mon-fri", "sat,sun", "mon,wed-fri", "holidays" (sets the flag), "none".
bool parse_days(std::string const& text, std::vector<date::weekday>& days, bool* holidays) {
    for (auto const& part : split(text, ',')) {
        if (part == "none")
            continue;
        if (part == "holidays" && holidays) {
            *holidays = true;
            continue;
        }
        auto dash = part.find('-');
        auto first = weekday_of(part.substr(0, dash));
        auto last = dash == std::string::npos ? first : weekday_of(part.substr(dash + 1));
        if (!first || !last)
            return false;
        for (auto day = *first;; ++day) {
            days.push_back(day);
            if (day == *last)
                break;
        }
    }
    return true;
}

std::optional<LocalTime> parse_clock(std::string const& text) {
    unsigned hours = 0;
    unsigned minutes = 0;
    char colon = 0;
    std::istringstream in(text);
    if (!(in >> hours >> colon >> minutes) || colon != ':' || hours > 24 || minutes > 59)
        return std::nullopt;
    return LocalTime(hours * 60 + minutes);
}

bool parse_range(std::string const& text, LocalTime& start, LocalTime& end) {
    auto dash = text.find('-');
    if (dash == std::string::npos)
        return false;
    auto first = parse_clock(text.substr(0, dash));
    auto last = parse_clock(text.substr(dash + 1));
    if (!first || !last)
        return false;
    start = *first;
    end = *last;
    return true;
}

} // namespace

Result<Case> read_case(std::string const& text) {
    Case result;
    std::string zone = "UTC";
    result.inputs.team.id = "case";
    result.inputs.team.zone = date::locate_zone("UTC");
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        auto where = "line " + std::to_string(number);
        auto bad = [&](std::string const& what) {
            return unexpected(ErrorCode::invalid_argument, what + ": " + line, where);
        };
        if (auto hash = line.find('#'); hash != std::string::npos)
            line.erase(hash);
        auto arrow = line.find("->");
        auto words = split(line.substr(0, arrow), ' ');
        if (words.empty())
            continue;
        auto time = [&](std::string const& word) { return parse_instant(word, zone); };
        auto const& keyword = words[0];
        if (keyword == "zone" && words.size() == 2) {
            zone = words[1];
            result.inputs.team.zone = date::locate_zone(zone);
        } else if (keyword == "business" && words.size() == 3) {
            auto& hours = result.inputs.team.business_hours;
            if (!parse_days(words[1], hours.days, nullptr) ||
                !parse_range(words[2], hours.start, hours.end))
                return bad("bad business hours");
        } else if (keyword == "window" && words.size() == 4) {
            CoverageWindow window;
            window.name = words[1];
            if (!parse_days(words[2], window.days, &window.holidays) ||
                !parse_range(words[3], window.start, window.end))
                return bad("bad window");
            result.inputs.team.windows.push_back(window);
        } else if (keyword == "holidays" && words.size() == 3) {
            auto years = split(words[2], '-');
            int first = std::stoi(years.at(0));
            int last = years.size() > 1 ? std::stoi(years[1]) : first;
            for (int year = first; year <= last; ++year) {
                auto list = SB_TRY(public_holidays(words[1], year));
                result.inputs.holidays.insert(result.inputs.holidays.end(), list.begin(),
                                              list.end());
            }
        } else if (keyword == "holiday" && words.size() >= 2) {
            std::istringstream in(words[1]);
            date::year_month_day day;
            in >> date::parse("%F", day);
            if (in.fail())
                return bad("bad holiday date");
            result.inputs.holidays.push_back({day, words.size() > 2 ? words[2] : "holiday"});
        } else if (keyword == "layer" && words.size() >= 2 && words.size() % 2 == 0) {
            LayerModel layer;
            layer.name = words[1];
            for (std::size_t i = 2; i + 1 < words.size(); i += 2) {
                auto const& key = words[i];
                auto const& value = words[i + 1];
                if (key == "members")
                    layer.members = split(value, ',');
                else if (key == "unit")
                    layer.unit = value == "hours"   ? ShiftUnit::hours
                                 : value == "days"  ? ShiftUnit::days
                                 : value == "spans" ? ShiftUnit::spans
                                                    : ShiftUnit::weeks;
                else if (key == "length")
                    layer.length = std::stoi(value);
                else if (key == "handoff") {
                    auto parts = split(value, '@');
                    auto day = weekday_of(parts.at(0));
                    auto clock = parse_clock(parts.size() > 1 ? parts[1] : "09:00");
                    if (!day || !clock)
                        return bad("bad handoff, use mon@09:00");
                    layer.handoff_day = *day;
                    layer.handoff_time = *clock;
                } else if (key == "start") {
                    std::istringstream in(value);
                    in >> date::parse("%F", layer.start_date);
                    if (in.fail())
                        return bad("bad start date");
                } else if (key == "windows")
                    layer.windows = split(value, ',');
                else if (key == "substitution") {
                    if (value == "none")
                        layer.substitution = {SubstitutionKind::none, {}};
                    else if (value.rfind("deputy:", 0) == 0)
                        layer.substitution = {SubstitutionKind::deputy, value.substr(7)};
                    else if (value.rfind("layer:", 0) == 0)
                        layer.substitution = {SubstitutionKind::layer, value.substr(6)};
                } else
                    return bad("unknown layer key '" + key + "'");
            }
            result.inputs.layers.push_back(layer);
        } else if (keyword == "absence" && words.size() == 5) {
            auto kind = words[2] == "sick"       ? AbsenceKind::sick
                        : words[2] == "vacation" ? AbsenceKind::vacation
                                                 : AbsenceKind::other;
            result.inputs.absences.push_back(
                {words[1], kind, SB_TRY(time(words[3])), SB_TRY(time(words[4]))});
        } else if (keyword == "override" && words.size() == 5) {
            result.inputs.overrides.push_back(
                {words[1], words[2], SB_TRY(time(words[3])), SB_TRY(time(words[4]))});
        } else if (keyword == "swap" && words.size() == 6) {
            result.inputs.swaps.push_back(
                {words[1], words[2], words[3], SB_TRY(time(words[4])), SB_TRY(time(words[5]))});
        } else if (arrow != std::string::npos) {
            Expectation expectation;
            expectation.line = number;
            expectation.text = line;
            auto rhs = split(line.substr(arrow + 2), ' ');
            // The instant may carry a zone as a separate word: "2027-03-28T02:30 Europe/Berlin".
            auto instant_of = [&](std::size_t index) -> Result<Instant> {
                if (words.size() > index + 1)
                    return parse_instant(words[index] + " " + words[index + 1], zone);
                return time(words.at(index));
            };
            if (keyword == "at" && words.size() >= 2) {
                expectation.kind = Expectation::Kind::who;
                expectation.at = SB_TRY(instant_of(1));
                std::size_t i = 0;
                if (i < rhs.size() && rhs[i].back() == ':') {
                    expectation.layer = rhs[i].substr(0, rhs[i].size() - 1);
                    ++i;
                }
                if (i >= rhs.size())
                    return bad("expected a person, nobody or off");
                auto const& who = rhs[i++];
                expectation.reason = "rotation";
                if (who == "nobody")
                    expectation.reason = "gap";
                else if (who == "off")
                    expectation.reason = "off";
                else
                    expectation.person = who;
                while (i < rhs.size()) {
                    auto const& word = rhs[i];
                    if (word == "(substitute" && i + 2 < rhs.size()) {
                        expectation.reason = "substitute";
                        expectation.other = rhs[i + 2].substr(0, rhs[i + 2].find(')'));
                        i += 3;
                    } else if (word == "(swap" && i + 2 < rhs.size()) {
                        expectation.reason = "swap";
                        expectation.other = rhs[i + 2].substr(0, rhs[i + 2].find(')'));
                        i += 3;
                    } else if (word == "(override)") {
                        expectation.reason = "override";
                        ++i;
                    } else if (word == "from" && i + 3 < rhs.size() && rhs[i + 2] == "until") {
                        expectation.span_start = SB_TRY(time(rhs[i + 1]));
                        expectation.span_end = SB_TRY(time(rhs[i + 3]));
                        i += 4;
                    } else {
                        return bad("unexpected '" + word + "'");
                    }
                }
            } else if (keyword == "window" && words.size() >= 3 && words[1] == "at") {
                expectation.kind = Expectation::Kind::window;
                expectation.at = SB_TRY(instant_of(2));
                if (rhs.size() != 1)
                    return bad("expected one window name or none");
                if (rhs[0] != "none")
                    expectation.window = rhs[0];
            } else if (keyword == "next_covered" && words.size() >= 2) {
                expectation.kind = Expectation::Kind::next_covered;
                expectation.at = SB_TRY(instant_of(1));
                if (rhs.size() != 1)
                    return bad("expected one time or never");
                if (rhs[0] != "never")
                    expectation.covered = SB_TRY(time(rhs[0]));
            } else if (keyword == "gaps" && words.size() == 3 && rhs.size() == 1) {
                expectation.kind = Expectation::Kind::gaps;
                expectation.at = SB_TRY(time(words[1]));
                expectation.until = SB_TRY(time(words[2]));
                expectation.count = std::stoi(rhs[0]);
            } else {
                return bad("unknown expectation");
            }
            result.expectations.push_back(std::move(expectation));
        } else {
            return bad("unknown line");
        }
    }
    return result;
}

} // namespace sb::schedules::testing
