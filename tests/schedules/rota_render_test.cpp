// SPDX-License-Identifier: Apache-2.0
// The rota renderers over hand-built inputs: shapes, errors, and what each sink does with a name.
#include "base/time.hpp"
#include "schedules/rota_render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace {

using namespace sb::schedules;
using namespace std::chrono_literals;
using nlohmann::json;

sb::Instant at(std::string const& text) {
    return sb::parse_instant(text, "Europe/Berlin").value();
}

// A name that tries everything: terminal escapes (ESC, BEL, CR, the C1 CSI), a newline that
// would fake a table row, mrkdwn and HTML specials, and 10 kB of length.
std::string const hostile = "ev\x1b[2Jil\r\nfake row\a *bold* _it_ `code` <b>&amp;</b> <!channel> "
                            "\xc2\x9b"
                            "31m" +
                            std::string(10'000, 'x');

// Weekdays 09:00–18:00 in Berlin, one layer handing over daily at 09:00 from Monday 23
// November 2026: the first member on Monday and Wednesday, the second on Tuesday.
RotaInputs care(std::string const& first, std::string const& second = "bob") {
    RotaInputs inputs;
    inputs.team.id = "care";
    inputs.team.zone = date::locate_zone("Europe/Berlin");
    inputs.team.business_hours = {
        {date::Monday, date::Tuesday, date::Wednesday, date::Thursday, date::Friday}, 9h, 18h};
    LayerModel layer;
    layer.name = "primary";
    layer.members = {first, second};
    layer.unit = ShiftUnit::days;
    layer.length = 1;
    layer.handoff_time = 9h;
    layer.start_date = date::local_days{date::year{2026} / 11 / 23};
    layer.substitution = {SubstitutionKind::none, {}};
    inputs.layers = {layer};
    return inputs;
}

RotaView view_of(RotaInputs const& inputs) {
    RotaView view;
    view.teams.emplace(inputs.team.id, &inputs);
    for (auto const& member : inputs.layers.at(0).members)
        view.people.insert(member);
    return view;
}

bool has_raw_control(std::string const& text, bool newline_allowed) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto const c = static_cast<unsigned char>(text[i]);
        if (c == '\n' && newline_allowed)
            continue;
        if (c < 0x20 || c == 0x7f)
            return true;
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9f)
            return true;
    }
    return false;
}

std::size_t lines_of(std::string const& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// What a hostile name becomes in a text cell: every control character an escape, the rest as is.
std::string const hostile_in_text = "ev\\x1b[2Jil\\x0d\\nfake row\\x07 *bold* _it_ `code` "
                                    "<b>&amp;</b> <!channel> \\u009b31m" +
                                    std::string(10'000, 'x');

TEST(RotaRender, WhoTextIsATablePerTeam) {
    auto inputs = care("alice");
    auto text = render_who(view_of(inputs), std::string("care"), at("2026-11-23T12:00"),
                           RenderFormat::text);
    ASSERT_TRUE(text.has_value()) << text.error().to_string();
    EXPECT_EQ(*text, "team care at 2026-11-23T12:00:00+01:00: business_hours\n"
                     "LAYER    ON CALL  FROM                       UNTIL\n"
                     "primary  alice    2026-11-23T09:00:00+01:00  2026-11-23T18:00:00+01:00\n");
}

TEST(RotaRender, WhoJsonOfOneTeamIsAnObjectOfAllTeamsAnArray) {
    auto inputs = care("alice");
    auto one = render_who(view_of(inputs), std::string("care"), at("2026-11-24T12:00"),
                          RenderFormat::json);
    ASSERT_TRUE(one.has_value());
    auto answer = json::parse(*one);
    EXPECT_EQ(answer["team"], "care");
    EXPECT_EQ(answer["window"], "business_hours");
    EXPECT_EQ(answer["layers"][0]["person"], "bob");
    EXPECT_TRUE(answer["layers"][0]["substitutes_for"].is_null());
    auto all =
        render_who(view_of(inputs), std::nullopt, at("2026-11-24T12:00"), RenderFormat::json);
    ASSERT_TRUE(all.has_value());
    EXPECT_TRUE(json::parse(*all).is_array());
}

TEST(RotaRender, ErrorsAreValues) {
    auto inputs = care("alice");
    auto view = view_of(inputs);
    auto unknown =
        render_who(view, std::string("sales"), at("2026-11-23T12:00"), RenderFormat::text);
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, sb::ErrorCode::invalid_argument);
    EXPECT_EQ(unknown.error().message, "unknown team 'sales'; known: care");

    auto empty = render_rota(view, "care", at("2026-11-24T00:00"), at("2026-11-24T00:00"),
                             RenderFormat::json, RotaStats::omit);
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, sb::ErrorCode::invalid_argument);

    auto nobody = render_ical(view, std::string("mallory"), std::nullopt, at("2026-11-23T00:00"),
                              at("2026-11-24T00:00"));
    ASSERT_FALSE(nobody.has_value());
    EXPECT_EQ(nobody.error().message, "unknown person 'mallory'");

    RotaView without_rota;
    without_rota.teams.emplace("care", nullptr);
    auto missing = render_gaps(without_rota, std::nullopt, at("2026-11-23T00:00"),
                               at("2026-11-24T00:00"), RenderFormat::text);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, sb::ErrorCode::internal);

    auto region = render_holidays("XX", 2026, RenderFormat::text);
    EXPECT_FALSE(region.has_value());
}

TEST(RotaRender, RotaTextWithStatsAndGapsWithoutAny) {
    auto inputs = care("alice");
    auto view = view_of(inputs);
    auto text = render_rota(view, "care", at("2026-11-23T00:00"), at("2026-11-25T00:00"),
                            RenderFormat::text, RotaStats::include);
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(
        *text,
        "FROM                       UNTIL                      LAYER    WINDOW          ON "
        "CALL\n"
        "2026-11-23T09:00:00+01:00  2026-11-23T18:00:00+01:00  primary  business_hours  alice\n"
        "2026-11-24T09:00:00+01:00  2026-11-24T18:00:00+01:00  primary  business_hours  bob\n"
        "\n"
        "PERSON  HOURS  SHIFTS  EVENINGS  WEEKENDS  HOLIDAYS\n"
        "alice   9.0    1       0         0         0\n"
        "bob     9.0    1       0         0         0\n");
    auto gaps = render_gaps(view, std::nullopt, at("2026-11-23T00:00"), at("2026-11-25T00:00"),
                            RenderFormat::text);
    ASSERT_TRUE(gaps.has_value());
    EXPECT_EQ(*gaps, "no gaps\n");
}

TEST(RotaRender, AGermanTableLinesUpNamesWithUmlauts) {
    auto inputs = care("jürgen", "özlem");
    inputs.layers.at(0).name = "früh";
    auto view = view_of(inputs);
    auto text = render_rota(view, "care", at("2026-11-23T00:00"), at("2026-11-25T00:00"),
                            RenderFormat::text, RotaStats::include, {sb::Language::de});
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(*text, "VON                        BIS                        EBENE  ZEITFENSTER     "
                     "BEREITSCHAFT\n"
                     "2026-11-23T09:00:00+01:00  2026-11-23T18:00:00+01:00  früh   business_hours  "
                     "jürgen\n"
                     "2026-11-24T09:00:00+01:00  2026-11-24T18:00:00+01:00  früh   business_hours  "
                     "özlem\n"
                     "\n"
                     "PERSON  STUNDEN  SCHICHTEN  ABENDE  WOCHENENDEN  FEIERTAGE\n"
                     "jürgen  9.0      1          0       0            0\n"
                     "özlem   9.0      1          0       0            0\n");
    auto gaps = render_gaps(view, std::nullopt, at("2026-11-23T00:00"), at("2026-11-25T00:00"),
                            RenderFormat::text, {sb::Language::de});
    ASSERT_TRUE(gaps.has_value());
    EXPECT_EQ(*gaps, "keine Lücken\n");
}

TEST(RotaRender, HolidaysAsTextAndJson) {
    auto text = render_holidays("DE-SN", 2026, RenderFormat::text);
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(text->substr(0, text->find('\n')), "Thu 2026-01-01  Neujahr");
    auto days = json::parse(render_holidays("DE-SN", 2026, RenderFormat::json).value());
    EXPECT_EQ(days[0]["date"], "2026-01-01");
}

TEST(RotaRender, HostileNameInTextShowsEveryControlCharacterAsAnEscape) {
    auto inputs = care(hostile);
    auto view = view_of(inputs);
    auto who = render_who(view, std::string("care"), at("2026-11-23T12:00"), RenderFormat::text);
    ASSERT_TRUE(who.has_value());
    EXPECT_FALSE(has_raw_control(*who, true));
    EXPECT_EQ(lines_of(*who), 3U) << "the name cannot add a row";
    EXPECT_NE(who->find("  " + hostile_in_text + "  "), std::string::npos);

    auto rota = render_rota(view, "care", at("2026-11-23T00:00"), at("2026-11-25T00:00"),
                            RenderFormat::text, RotaStats::include);
    ASSERT_TRUE(rota.has_value());
    EXPECT_FALSE(has_raw_control(*rota, true));
    EXPECT_EQ(lines_of(*rota), 7U);
    EXPECT_NE(rota->find("\n" + hostile_in_text + "  9.0"), std::string::npos);

    // Absent on the Wednesday with no substitute: the gap's reason quotes the name.
    inputs.absences.push_back(
        {hostile, AbsenceKind::vacation, at("2026-11-25T00:00"), at("2026-11-26T00:00")});
    auto gaps = render_gaps(view, std::nullopt, at("2026-11-23T00:00"), at("2026-11-27T00:00"),
                            RenderFormat::text);
    ASSERT_TRUE(gaps.has_value());
    EXPECT_FALSE(has_raw_control(*gaps, true));
    EXPECT_EQ(lines_of(*gaps), 2U);
    EXPECT_NE(gaps->find("  " + hostile_in_text + " is absent (vacation)"), std::string::npos);
}

TEST(RotaRender, HostileNameInJsonIsEscapedAndRoundTrips) {
    auto inputs = care(hostile);
    auto view = view_of(inputs);
    auto who = render_who(view, std::string("care"), at("2026-11-23T12:00"), RenderFormat::json);
    ASSERT_TRUE(who.has_value());
    // JSON escapes C0 controls; U+009B is a legal JSON character and stays as UTF-8.
    for (char c : *who) {
        if (c != '\n') {
            EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control byte";
        }
    }
    EXPECT_NE(who->find("ev\\u001b[2Jil\\r\\nfake row\\u0007 *bold*"), std::string::npos);
    EXPECT_EQ(json::parse(*who)["layers"][0]["person"], hostile);

    auto rota = render_rota(view, "care", at("2026-11-23T00:00"), at("2026-11-25T00:00"),
                            RenderFormat::json, RotaStats::include);
    ASSERT_TRUE(rota.has_value());
    auto parsed = json::parse(*rota);
    EXPECT_EQ(parsed["rota"][0]["person"], hostile);
    // Stats are by person in name order, so the hostile name is one row among them.
    bool counted = false;
    for (auto const& row : parsed["stats"])
        counted |= row["person"] == hostile;
    EXPECT_TRUE(counted) << parsed["stats"].dump();

    inputs.absences.push_back(
        {hostile, AbsenceKind::vacation, at("2026-11-25T00:00"), at("2026-11-26T00:00")});
    auto gaps = render_gaps(view, std::nullopt, at("2026-11-23T00:00"), at("2026-11-27T00:00"),
                            RenderFormat::json);
    ASSERT_TRUE(gaps.has_value());
    EXPECT_EQ(json::parse(*gaps)[0]["why"],
              hostile + " is absent (vacation) and the layer has no substitute");
}

TEST(RotaRender, HostileNameInIcalIsEscapedTextInFoldedLines) {
    auto inputs = care(hostile);
    auto view = view_of(inputs);
    auto ical =
        render_ical(view, hostile, std::nullopt, at("2026-11-23T00:00"), at("2026-11-24T00:00"));
    ASSERT_TRUE(ical.has_value()) << ical.error().to_string();
    // RFC 5545 lines are at most 75 octets; a long name is folded onto continuation lines.
    std::size_t longest = 0;
    std::size_t start = 0;
    for (auto end = ical->find("\r\n"); end != std::string::npos; end = ical->find("\r\n", start)) {
        longest = std::max(longest, end - start);
        start = end + 2;
    }
    EXPECT_LE(longest, 75U);
    std::string unfolded;
    for (std::size_t i = 0; i < ical->size(); ++i) {
        if (ical->compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += (*ical)[i];
    }
    EXPECT_NE(unfolded.find("SUMMARY:On call: ev"), std::string::npos);
}

} // namespace
