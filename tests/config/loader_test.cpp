// SPDX-License-Identifier: Apache-2.0
// Tests that the loader reads every section and reports each kind of mistake with its place.
#include "config/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sb::config {
namespace {

// A small complete config; tests change one piece of it at a time.
std::string const base = R"({
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice" } },
    "bob": { "name": "Bob", "chat": { "console": "bob" }, "push": [{ "type": "ntfy", "address": "bob-topic", "delay": "2m" }] }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "holidays": "DE-BY",
      "business_hours": { "days": ["mon", "tue"], "start": "09:00", "end": "18:00" },
      "coverage": [
        { "name": "evening", "days": ["mon"], "start": "18:00", "end": "22:00" },
        { "name": "holiday", "holidays": true, "start": "09:00", "end": "21:00" }
      ],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["alice", "bob"], "shift": "1w", "handoff": { "day": "tue", "time": "08:30" }, "start": "2026-01-05", "windows": ["evening"] },
        { "name": "secondary", "members": ["bob"], "shift": { "spans": 2 }, "start": "2026-01-05", "substitution": { "layer": "primary" } }
      ],
      "escalation": { "business_hours": "day", "after_hours": "night" }
    }
  },
  "escalation_policies": {
    "day": { "steps": [{ "after": "0m", "notify": [{ "room": true }] }] },
    "night": { "steps": [{ "after": "0m", "notify": [{ "layer": "primary" }], "via": ["push"] }, { "after": "10m", "notify": [{ "person": "alice" }] }], "repeat": 2 }
  },
  "sources": { "web": { "type": "webhook", "secret": { "env": "WEB_SECRET" }, "site": "shop" } },
  "routing": [
    { "match": { "regex": "refund|cancel", "kinds": ["dm"] }, "priority": "high" },
    { "match": {}, "team": "care" }
  ],
  "absences": [{ "person": "bob", "kind": "sick", "from": "2026-03-02", "to": "2026-03-04" }],
  "overrides": [{ "team": "care", "layer": "primary", "person": "alice", "from": "2026-03-02T18:00", "to": "2026-03-03T09:00" }],
  "swaps": [{ "team": "care", "layer": "primary", "from_person": "alice", "to_person": "bob", "from": "2026-04-01", "to": "2026-04-02" }]
}
)";

// Replaces the first occurrence of what; the test fails loudly if the base changed under it.
std::string with(std::string text, std::string const& what, std::string const& replacement) {
    auto at = text.find(what);
    EXPECT_NE(at, std::string::npos) << "test text does not contain " << what;
    if (at != std::string::npos)
        text.replace(at, what.size(), replacement);
    return text;
}

int line_containing(std::string const& text, std::string const& needle) {
    auto at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::string all_errors(LoadResult const& result) {
    std::string out;
    for (auto const& error : result.errors)
        out += "  " + error.to_string() + "\n";
    return out;
}

LoadResult load(std::string const& text) {
    return load_config_text(text, "test.jsonc");
}

// Asserts one error at path, on line, whose message contains fragment.
void expect_error(LoadResult const& result, int line, std::string const& path,
                  std::string const& fragment) {
    EXPECT_FALSE(result.config.has_value());
    for (auto const& error : result.errors)
        if (error.path == path && error.message.find(fragment) != std::string::npos) {
            EXPECT_EQ(error.file, "test.jsonc");
            EXPECT_EQ(error.line, line) << error.to_string();
            return;
        }
    ADD_FAILURE() << "no error at " << path << " containing '" << fragment << "'; got:\n"
                  << all_errors(result);
}

TEST(ConfigLoader, BaseConfigLoadsEverySection) {
    auto result = load(base);
    ASSERT_TRUE(result.errors.empty()) << all_errors(result);
    auto const& config = *result.config;
    ASSERT_EQ(config.chat.size(), 1u);
    EXPECT_EQ(config.people.at("alice").role, Role::manager);
    EXPECT_EQ(config.people.at("bob").push.at(0).delay, std::chrono::minutes(2));
    auto const& team = config.teams.at("care");
    EXPECT_EQ(team.business_hours.days, (std::vector<unsigned>{1, 2}));
    EXPECT_EQ(team.business_hours.start, std::chrono::hours(9));
    EXPECT_TRUE(team.coverage.at(1).holidays);
    auto const& primary = team.layers.at(0);
    EXPECT_EQ(primary.shift_unit, "weeks");
    EXPECT_EQ(primary.shift_length, 1);
    EXPECT_EQ(primary.handoff_day, 2u);
    EXPECT_EQ(primary.handoff_time, std::chrono::minutes(8 * 60 + 30));
    EXPECT_EQ(primary.start_date, "2026-01-05");
    EXPECT_EQ(primary.substitution, "next");
    auto const& secondary = team.layers.at(1);
    EXPECT_EQ(secondary.shift_unit, "spans");
    EXPECT_EQ(secondary.shift_length, 2);
    EXPECT_EQ(secondary.substitution, "layer:primary");
    EXPECT_EQ(team.after_hours_policy, "night");
    auto const& night = config.policies.at("night");
    EXPECT_EQ(night.repeat, 2);
    EXPECT_EQ(night.steps.at(1).after, std::chrono::minutes(10));
    EXPECT_EQ(night.steps.at(1).notify.at(0).person, "alice");
    EXPECT_EQ(config.sources.at("web").settings.at("secret").at("env"), "WEB_SECRET");
    EXPECT_EQ(config.sources.at("web").settings.at("site"), "shop");
    EXPECT_EQ(config.routing.at(0).priority, "high");
    EXPECT_EQ(config.routing.at(1).team, "care");
    EXPECT_EQ(config.absences.at(0).kind, "sick");
    EXPECT_EQ(config.overrides.at(0).person, "alice");
    EXPECT_EQ(config.swaps.at(0).to_person, "bob");
}

TEST(ConfigLoader, ShiftsInHoursDaysAndWeeksAreRead) {
    for (auto [text, unit, length] : {std::tuple{"12h", "hours", 12}, std::tuple{"2d", "days", 2},
                                      std::tuple{"3w", "weeks", 3}}) {
        auto result =
            load(with(base, "\"shift\": \"1w\"", std::string("\"shift\": \"") + text + "\""));
        ASSERT_TRUE(result.config) << all_errors(result);
        EXPECT_EQ(result.config->teams.at("care").layers.at(0).shift_unit, unit);
        EXPECT_EQ(result.config->teams.at("care").layers.at(0).shift_length, length);
    }
}

TEST(ConfigLoader, SubstitutionByDeputyAndNoneAreRead) {
    auto deputy = load(with(base, "{ \"layer\": \"primary\" }", "{ \"deputy\": \"alice\" }"));
    ASSERT_TRUE(deputy.config) << all_errors(deputy);
    EXPECT_EQ(deputy.config->teams.at("care").layers.at(1).substitution, "deputy:alice");
    auto none = load(with(base, "{ \"layer\": \"primary\" }", "\"none\""));
    ASSERT_TRUE(none.config) << all_errors(none);
    EXPECT_EQ(none.config->teams.at("care").layers.at(1).substitution, "none");
}

TEST(ConfigLoader, MissingChatSectionMeansOneConsoleAdapter) {
    auto result =
        load(with(base, "\"chat\": [{ \"type\": \"console\", \"name\": \"console\" }],", ""));
    ASSERT_TRUE(result.config) << all_errors(result);
    ASSERT_EQ(result.config->chat.size(), 1u);
    EXPECT_EQ(result.config->chat[0].type, "console");
    EXPECT_EQ(result.config->chat[0].name, "console");
}

TEST(ConfigLoader, SyntaxErrorGivesLineAndColumn) {
    std::string text = "{\n  \"listen\": \"127.0.0.1:80\",\n  \"log\": { \"level\" \"info\" }\n}\n";
    auto result = load(text);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].line, 3);
    EXPECT_NE(result.errors[0].message.find("syntax error at column 25"), std::string::npos)
        << result.errors[0].message;
}

TEST(ConfigLoader, NumberTooLargeForAnyTypeIsAnErrorNotACrash) {
    auto result = load("{ \"repeat\": 1e99999 }");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].message.find("number overflow"), std::string::npos)
        << result.errors[0].message;
}

TEST(ConfigLoader, UnknownKeySuggestsTheClosestKnownKey) {
    std::string text = with(base, "\"name\": \"Bob\"", "\"nmae\": \"Bob\"");
    expect_error(load(text), line_containing(text, "nmae"), "/people/bob/nmae",
                 "unknown key \"nmae\"; did you mean \"name\"?");
}

TEST(ConfigLoader, UnknownKeyFarFromAnyListsTheKnownKeys) {
    std::string text = with(base, "\"holidays\": \"DE-BY\"", "\"colour\": \"blue\"");
    expect_error(load(text), line_containing(text, "colour"), "/teams/care/colour",
                 "expected one of timezone, holidays");
}

TEST(ConfigLoader, TypoInAnAdapterSettingIsCaughtButItsOwnSettingsPass) {
    std::string text =
        with(base, "\"site\": \"shop\"", "\"max_body_byte\": 10, \"site\": \"shop\"");
    expect_error(load(text), line_containing(text, "max_body_byte"), "/sources/web/max_body_byte",
                 "did you mean \"max_body_bytes\"?");
}

TEST(ConfigLoader, WrongTypeSaysWhatWasExpectedAndFound) {
    std::string text = with(base, "\"name\": \"Bob\"", "\"name\": 42");
    expect_error(load(text), line_containing(text, "\"name\": 42"), "/people/bob/name",
                 "expected a string, found a number");
    std::string list = with(base, "\"members\": [\"bob\"]", "\"members\": \"bob\"");
    expect_error(load(list), line_containing(list, "\"members\": \"bob\""),
                 "/teams/care/layers/1/members", "expected an array, found a string");
}

TEST(ConfigLoader, MissingRequiredKeyIsReportedOnItsObject) {
    std::string text =
        with(base, "\"timezone\": \"Europe/Berlin\",\n      \"holidays\"", "\"holidays\"");
    expect_error(load(text), line_containing(text, "\"care\": {"), "/teams/care",
                 "missing required key \"timezone\"");
}

TEST(ConfigLoader, UnknownPersonInALayerSuggestsAKnownOne) {
    std::string text = with(base, "\"members\": [\"bob\"]", "\"members\": [\"bobb\"]");
    expect_error(load(text), line_containing(text, "bobb"), "/teams/care/layers/1/members/0",
                 "no person \"bobb\" is defined in \"people\"; did you mean \"bob\"?");
}

TEST(ConfigLoader, UnknownPersonInAnEscalationTarget) {
    std::string text = with(base, "{ \"person\": \"alice\" }", "{ \"person\": \"zoe\" }");
    expect_error(load(text), line_containing(text, "zoe"),
                 "/escalation_policies/night/steps/1/notify/0/person", "no person \"zoe\"");
}

TEST(ConfigLoader, UnknownPersonInAnAbsence) {
    std::string text = with(base, "\"person\": \"bob\", \"kind\"", "\"person\": \"zoe\", \"kind\"");
    expect_error(load(text), line_containing(text, "zoe"), "/absences/0/person",
                 "no person \"zoe\"");
}

TEST(ConfigLoader, UnknownTimezoneIsRefused) {
    std::string text = with(base, "\"timezone\": \"Europe/Berlin\", \"role\"",
                            "\"timezone\": \"Europe/Berlinn\", \"role\"");
    expect_error(load(text), line_containing(text, "Berlinn"), "/people/alice/timezone",
                 "\"Europe/Berlinn\" is not a known IANA timezone");
}

TEST(ConfigLoader, TeamNamingAnUnknownPolicy) {
    std::string text = with(base, "\"after_hours\": \"night\"", "\"after_hours\": \"nite\"");
    expect_error(load(text), line_containing(text, "nite"), "/teams/care/escalation/after_hours",
                 "no escalation policy \"nite\"");
}

TEST(ConfigLoader, PolicyStepNamingALayerTheTeamLacks) {
    std::string text =
        with(base, "{ \"layer\": \"primary\" }], \"via\"", "{ \"layer\": \"tertiary\" }], \"via\"");
    expect_error(load(text), line_containing(text, "tertiary"),
                 "/escalation_policies/night/steps/0/notify/0/layer",
                 "team \"care\" uses this policy but has no layer named \"tertiary\"");
}

TEST(ConfigLoader, LayerNamingAnUnknownWindow) {
    std::string text = with(base, "\"windows\": [\"evening\"]", "\"windows\": [\"evenings\"]");
    expect_error(load(text), line_containing(text, "evenings"), "/teams/care/layers/0/windows/0",
                 "no coverage window \"evenings\" is defined in this team's \"coverage\"; did you "
                 "mean \"evening\"?");
}

TEST(ConfigLoader, SubstitutionNamingAnUnknownDeputyOrLayer) {
    std::string deputy = with(base, "{ \"layer\": \"primary\" }", "{ \"deputy\": \"zoe\" }");
    expect_error(load(deputy), line_containing(deputy, "zoe"),
                 "/teams/care/layers/1/substitution/deputy", "no person \"zoe\"");
    std::string layer = with(base, "{ \"layer\": \"primary\" }", "{ \"layer\": \"other\" }");
    expect_error(load(layer), line_containing(layer, "\"other\""),
                 "/teams/care/layers/1/substitution/layer", "no other layer \"other\"");
}

TEST(ConfigLoader, InlineSecretIsRefusedWherever) {
    std::string source =
        with(base, "\"secret\": { \"env\": \"WEB_SECRET\" }", "\"secret\": \"hunter2\"");
    auto result = load(source);
    expect_error(result, line_containing(source, "hunter2"), "/sources/web/secret",
                 "secrets must not be written in the config; use {\"env\": \"NAME\"} or "
                 "{\"file\": \"path\"}");
    for (auto const& error : result.errors)
        EXPECT_EQ(error.message.find("hunter2"), std::string::npos) << "the secret leaked";
    std::string chat = with(base, "\"name\": \"console\" }",
                            "\"name\": \"console\",\n \"bot_token\": \"xoxb-1\" }");
    expect_error(load(chat), line_containing(chat, "xoxb"), "/chat/0/bot_token",
                 "secrets must not be written in the config");
}

TEST(ConfigLoader, SecretReferenceNamesExactlyOnePlace) {
    std::string text =
        with(base, "{ \"env\": \"WEB_SECRET\" }", "{ \"env\": \"WEB_SECRET\", \"file\": \"x\" }");
    expect_error(load(text), line_containing(text, "WEB_SECRET"), "/sources/web/secret",
                 "exactly one of \"env\" or \"file\"");
}

TEST(ConfigLoader, NamesChosenByTheUserAreNotMistakenForSecrets) {
    std::string text = with(base, "\"web\": {", "\"token\": {");
    auto result = load(text);
    EXPECT_TRUE(result.config) << all_errors(result);
}

TEST(ConfigLoader, BadDurationTimeDateWeekdayAndShiftAreEachReported) {
    std::string text = base;
    text = with(text, "\"after\": \"10m\"", "\"after\": \"10 minutes\"");
    text = with(text, "\"end\": \"22:00\"", "\"end\": \"22:70\"");
    text = with(text, "\"start\": \"2026-01-05\"", "\"start\": \"2026-02-30\"");
    text = with(text, "\"days\": [\"mon\"]", "\"days\": [\"monday\"]");
    text = with(text, "\"shift\": \"1w\"", "\"shift\": \"1 week\"");
    text = with(text, "\"to\": \"2026-03-04\"", "\"to\": \"March 4th\"");
    auto result = load(text);
    expect_error(result, line_containing(text, "10 minutes"),
                 "/escalation_policies/night/steps/1/after", "is not a duration");
    expect_error(result, line_containing(text, "22:70"), "/teams/care/coverage/0/end",
                 "\"22:70\" is not a time of day");
    expect_error(result, line_containing(text, "2026-02-30"), "/teams/care/layers/0/start",
                 "\"2026-02-30\" is not a date");
    expect_error(result, line_containing(text, "monday"), "/teams/care/coverage/0/days/0",
                 "\"monday\" is not a weekday");
    expect_error(result, line_containing(text, "1 week"), "/teams/care/layers/0/shift",
                 "is not a shift length");
    expect_error(result, line_containing(text, "March 4th"), "/absences/0/to",
                 "is not a date or time");
    EXPECT_EQ(result.errors.size(), 6u) << all_errors(result);
}

// Found by the config fuzzer: a third dash made the date parser write past its three parts.
TEST(ConfigLoader, ADateWithADashTooManyIsRefusedNotOverrun) {
    for (auto const* bad : {"2026-0-1-05", "20-6-01-05", "----------", "2026--1-05"}) {
        std::string text =
            with(base, "\"start\": \"2026-01-05\"", std::string("\"start\": \"") + bad + "\"");
        expect_error(load(text), line_containing(text, bad), "/teams/care/layers/0/start",
                     std::string("\"") + bad + "\" is not a date");
    }
}

TEST(ConfigLoader, SpanEndingBeforeItStartsIsRefused) {
    std::string text = with(base, "\"to\": \"2026-04-02\"", "\"to\": \"2026-03-31\"");
    expect_error(load(text), line_containing(text, "2026-03-31"), "/swaps/0/to",
                 "the end must be after the start");
}

TEST(ConfigLoader, DuplicateKeysLayersWindowsAndAdaptersAreRefused) {
    std::string keys =
        with(base, "\"role\": \"manager\",", "\"role\": \"manager\",\n \"role\": \"member\",");
    expect_error(load(keys), line_containing(keys, "\"member\""), "/people/alice/role",
                 "written twice in the same object (first on line 4)");
    std::string layers = with(base, "{ \"name\": \"secondary\"", "{ \"name\": \"primary\"");
    expect_error(load(layers), line_containing(layers, "\"members\": [\"bob\"]"),
                 "/teams/care/layers/1/name", "a layer named \"primary\" is already defined");
    std::string windows = with(base, "{ \"name\": \"holiday\"", "{ \"name\": \"evening\"");
    expect_error(load(windows), line_containing(windows, "\"holidays\": true"),
                 "/teams/care/coverage/1/name", "a coverage window named \"evening\"");
    std::string adapters = with(base, "[{ \"type\": \"console\", \"name\": \"console\" }]",
                                "[{ \"type\": \"console\" },\n { \"type\": \"console\" }]");
    expect_error(load(adapters), 3, "/chat/1", "a chat adapter named \"console\" is already");
}

TEST(ConfigLoader, RoutingRuleNamingAnUnknownTeamOrPriority) {
    std::string text = with(with(base, "\"team\": \"care\" }", "\"team\": \"cares\" }"),
                            "\"priority\": \"high\"", "\"priority\": \"hihg\"");
    auto result = load(text);
    expect_error(result, line_containing(text, "cares"), "/routing/1/team",
                 "no team \"cares\" is defined in \"teams\"; did you mean \"care\"?");
    expect_error(result, line_containing(text, "hihg"), "/routing/0/priority",
                 "\"hihg\" is not one of low, normal, high, urgent; did you mean \"high\"?");
}

TEST(ConfigLoader, RoutingRegexThatDoesNotCompile) {
    std::string text = with(base, "\"refund|cancel\"", "\"refund(\"");
    expect_error(load(text), line_containing(text, "refund("), "/routing/0/match/regex",
                 "the regular expression does not compile");
}

TEST(ConfigLoader, RoutingRegexRe2RefusesBackreferenceAndLookaround) {
    // RE2 matches in linear time, so it refuses what needs backtracking; the reason names it.
    std::string backreference = with(base, "\"refund|cancel\"", R"("(a)\\1")");
    expect_error(load(backreference), line_containing(backreference, "(a)"),
                 "/routing/0/match/regex", "invalid escape sequence: \\1");
    std::string lookahead = with(base, "\"refund|cancel\"", "\"(?=x)\"");
    expect_error(load(lookahead), line_containing(lookahead, "(?=x)"), "/routing/0/match/regex",
                 "RE2 syntax");
    EXPECT_TRUE(load(with(base, "\"refund|cancel\"", R"("refund.*x")")).config.has_value());
}

TEST(ConfigLoader, RoomOrPersonAddressOnAnAdapterNotConfigured) {
    std::string text =
        with(with(base, "\"console\": \"#care\"", "\"slack\": \"C123\""),
             "\"chat\": { \"console\": \"bob\" }", "\"chat\": { \"matrix\": \"@bob:x\" }");
    auto result = load(text);
    expect_error(result, line_containing(text, "C123"), "/teams/care/rooms/slack",
                 "no chat adapter named \"slack\" is configured");
    expect_error(result, line_containing(text, "@bob:x"), "/people/bob/chat/matrix",
                 "no chat adapter named \"matrix\"");
}

TEST(ConfigLoader, HolidayRegionMustLookLikeAnIsoCode) {
    std::string text = with(base, "\"DE-BY\"", "\"Bavaria\"");
    expect_error(load(text), line_containing(text, "Bavaria"), "/teams/care/holidays",
                 "is not a region code");
    EXPECT_TRUE(load(with(base, "\"DE-BY\"", "\"US\"")).config.has_value());
}

TEST(ConfigLoader, EscalationTargetNamesExactlyOneThing) {
    std::string text =
        with(base, "{ \"room\": true }", "{ \"room\": true, \"role\": \"manager\" }");
    expect_error(load(text), line_containing(text, "\"room\": true, \"role\""),
                 "/escalation_policies/day/steps/0/notify/0", "exactly one of");
}

TEST(ConfigLoader, EveryErrorIsReportedAtOnceInLineOrder) {
    std::string text = base;
    text = with(text, "\"timezone\": \"Europe/Berlin\", \"role\"",
                "\"timezone\": \"Nowhere\", \"role\"");
    text = with(text, "\"members\": [\"bob\"]", "\"members\": [\"nobody\"]");
    text = with(text, "\"priority\": \"high\"", "\"priority\": \"highest\"");
    text = with(text, "\"team\": \"care\" }", "\"team\": \"nowhere\" }");
    auto result = load(text);
    EXPECT_EQ(result.errors.size(), 4u) << all_errors(result);
    EXPECT_TRUE(std::is_sorted(result.errors.begin(), result.errors.end(),
                               [](auto const& a, auto const& b) { return a.line < b.line; }));
}

TEST(ConfigLoader, DeeplyNestedInputIsOneErrorNotACrash) {
    std::string text =
        "{\"sources\": {\"web\": {\"type\": \"webhook\", \"deep\": " + std::string(5000, '[') +
        std::string(5000, ']') + "}}}";
    auto result = load(text);
    ASSERT_FALSE(result.config);
    EXPECT_NE(result.errors.at(0).message.find("nested too deeply"), std::string::npos);
}

TEST(ConfigLoader, RoomTargetNeedsTheTeamToHaveARoom) {
    std::string text = with(base, "\"rooms\": { \"console\": \"#care\" },", "");
    expect_error(load(text), line_containing(text, "{ \"room\": true }"),
                 "/escalation_policies/day/steps/0/notify/0/room",
                 "team \"care\" uses this policy but has no \"rooms\"");
}

TEST(ConfigLoader, SwapGiverMustBeInTheLayer) {
    std::string text = with(base, "\"layer\": \"primary\", \"from_person\"",
                            "\"layer\": \"secondary\", \"from_person\"");
    expect_error(load(text), line_containing(text, "\"from_person\""), "/swaps/0/from_person",
                 "\"alice\" is not a member of layer \"secondary\"");
}

TEST(ConfigLoader, PublicUrlMustBeHttp) {
    std::string text =
        with(base, "{\n  \"chat\"", "{\n  \"public_url\": \"example.com\", \"chat\"");
    expect_error(load(text), 2, "/public_url", "is not an http:// or https:// URL");
}

TEST(ConfigLoader, LayerWithoutAStartDateIsRefused) {
    std::string text = with(base, "\"start\": \"2026-01-05\", \"windows\"", "\"windows\"");
    expect_error(load(text), line_containing(text, "\"name\": \"primary\""), "/teams/care/layers/0",
                 "missing required key \"start\"");
}

TEST(ConfigLoader, RootThatIsNotAnObjectIsOneError) {
    auto result = load("[1, 2]");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].message, "expected an object, found an array");
}

TEST(ConfigError, PrintsFileLinePathAndMessage) {
    EXPECT_EQ((ConfigError{"a.jsonc", 3, "/x", "bad"}).to_string(), "a.jsonc:3: /x: bad");
    EXPECT_EQ((ConfigError{"a.jsonc", 0, "", "bad"}).to_string(), "a.jsonc: bad");
}

TEST(ReadSecret, ReadsAFileBesideTheConfigWithoutItsTrailingNewline) {
    auto folder = std::filesystem::temp_directory_path() / "switchboard-secret-test";
    std::filesystem::create_directories(folder / "secrets");
    std::ofstream(folder / "secrets" / "token") << "s3cret\n";
    std::string why;
    auto secret = read_secret({{}, "secrets/token"}, (folder / "config.jsonc").string(), &why);
    ASSERT_TRUE(secret) << why;
    EXPECT_EQ(*secret, "s3cret");
}

TEST(ReadSecret, ReadsAnEnvironmentVariable) {
    ::setenv("SWITCHBOARD_TEST_SECRET", "from-env", 1);
    EXPECT_EQ(read_secret({"SWITCHBOARD_TEST_SECRET", {}}, "/etc/x.jsonc"), "from-env");
    ::unsetenv("SWITCHBOARD_TEST_SECRET");
}

TEST(ReadSecret, MissingSecretSaysWhyWithoutValue) {
    std::string why;
    EXPECT_FALSE(read_secret({"SWITCHBOARD_TEST_UNSET_SECRET", {}}, "/etc/x.jsonc", &why));
    EXPECT_EQ(why, "the environment variable SWITCHBOARD_TEST_UNSET_SECRET is not set");
    EXPECT_FALSE(read_secret({{}, "no-such-file"}, "/nonexistent/x.jsonc", &why));
    EXPECT_NE(why.find("/nonexistent/no-such-file"), std::string::npos) << why;
}

TEST(ParseSecretRef, ReadsEnvOrFileAndNothingElse) {
    EXPECT_EQ(parse_secret_ref(nlohmann::json{{"env", "A"}})->env, "A");
    EXPECT_EQ(parse_secret_ref(nlohmann::json{{"file", "f"}})->file, "f");
    EXPECT_FALSE(parse_secret_ref(nlohmann::json("inline")));
}

} // namespace
} // namespace sb::config

namespace sb::config {
namespace {

TEST(ConfigLoaderPaging, QuietHoursAndPagingServicesAreRead) {
    std::string text = with(base, "\"name\": \"Bob\"",
                            "\"name\": \"Bob\", \"quiet_hours\": { \"start\": \"22:00\", \"end\": "
                            "\"07:00\" }");
    text = with(text, "\"people\": {",
                "\"paging\": { \"attempts\": 2, \"claim_link_lifetime\": \"30m\", \"ntfy\": { "
                "\"url\": \"https://ntfy.example.com/\" } },\n\"people\": {");
    auto result = load(text);
    ASSERT_TRUE(result.config) << all_errors(result);
    auto const& bob = result.config->people.at("bob");
    ASSERT_TRUE(bob.quiet_hours);
    EXPECT_EQ(bob.quiet_hours->start, std::chrono::hours(22));
    EXPECT_EQ(bob.quiet_hours->end, std::chrono::hours(7));
    EXPECT_EQ(result.config->paging.attempts, 2);
    EXPECT_EQ(result.config->paging.claim_link_lifetime, std::chrono::minutes(30));
    EXPECT_EQ(result.config->paging.ntfy_url, "https://ntfy.example.com");
}

TEST(ConfigLoaderPaging, PushoverWithoutAnAppTokenIsAnError) {
    std::string text = with(base, "\"type\": \"ntfy\", \"address\": \"bob-topic\"",
                            "\"type\": \"pushover\", \"address\": \"ubob\"");
    expect_error(load(text), line_containing(text, "\"type\": \"pushover\""),
                 "/people/bob/push/0/type", "pushover needs \"paging\"");
}

TEST(ConfigLoaderPaging, BadQuietHoursAndPushoverLimitsSayWhatIsAllowed) {
    std::string text = with(base, "\"name\": \"Bob\"",
                            "\"name\": \"Bob\", \"quiet_hours\": { \"start\": \"25:00\", \"end\": "
                            "\"07:00\" }");
    expect_error(load(text), line_containing(text, "25:00"), "/people/bob/quiet_hours/start",
                 "is not a time of day");
    std::string limits = with(base, "\"people\": {",
                              "\"paging\": { \"pushover\": { \"app_token\": { \"env\": \"T\" }, "
                              "\"retry\": \"10s\" } },\n\"people\": {");
    expect_error(load(limits), line_containing(limits, "\"retry\""), "/paging/pushover/retry",
                 "at most every 30s");
}

TEST(ConfigLoader, BurstRuleAndTopicsAreReadAndCheckedEachSettingByPath) {
    auto text =
        with(base, R"("priority": "high" },)", R"("priority": "high", "topic": "refunds" },)");
    text = with(text, R"("routing": [)",
                R"("burst": { "window": "10m", "threshold": 4, "priority": "high" },
  "routing": [)");
    auto good = load(text);
    ASSERT_TRUE(good.errors.empty()) << all_errors(good);
    EXPECT_EQ(good.config->routing.at(0).topic, "refunds");
    ASSERT_TRUE(good.config->burst);
    EXPECT_EQ(good.config->burst->window, std::chrono::minutes(10));
    EXPECT_EQ(good.config->burst->threshold, 4);
    EXPECT_EQ(good.config->burst->priority, "high");

    auto bad =
        with(base, R"("routing": [)",
             R"("burst": { "window": "30s", "threshold": 1, "priority": "asap", "windw": "1m" },
  "routing": [)");
    auto result = load(bad);
    int line = line_containing(bad, "\"burst\"");
    expect_error(result, line, "/burst/window", "between 1m and 24h");
    expect_error(result, line, "/burst/threshold", "between 2 and");
    expect_error(result, line, "/burst/priority", "is not one of");
    expect_error(result, line, "/burst/windw", "did you mean \"window\"");
}

TEST(ConfigLoaderHttp, ListenerLimitsHaveDefaultsAndAreRead) {
    auto defaults = load(base);
    ASSERT_TRUE(defaults.config) << all_errors(defaults);
    EXPECT_EQ(defaults.config->http.max_connections, 512U);
    EXPECT_EQ(defaults.config->http.max_connections_per_address, 64U);

    auto const text = with(base, "\"people\": {",
                           "\"http\": { \"max_connections\": 2000, "
                           "\"max_connections_per_address\": 2000 },\n\"people\": {");
    auto result = load(text);
    ASSERT_TRUE(result.config) << all_errors(result);
    EXPECT_EQ(result.config->http.max_connections, 2000U);
    EXPECT_EQ(result.config->http.max_connections_per_address, 2000U);
}

TEST(ConfigLoaderHttp, BadListenerLimitsSayWhatAndWhere) {
    auto const zero =
        with(base, "\"people\": {", "\"http\": {\n \"max_connections\": 0 },\n\"people\": {");
    expect_error(load(zero), line_containing(zero, "\"max_connections\": 0"),
                 "/http/max_connections", "must be between 1 and 100000, found 0");

    auto const more = with(base, "\"people\": {",
                           "\"http\": {\n \"max_connections\": 100,\n "
                           "\"max_connections_per_address\": 200 },\n\"people\": {");
    expect_error(load(more), line_containing(more, "\"max_connections_per_address\""),
                 "/http/max_connections_per_address", "more than max_connections (100)");

    auto const typo =
        with(base, "\"people\": {", "\"http\": {\n \"max_conections\": 10 },\n\"people\": {");
    expect_error(load(typo), line_containing(typo, "\"max_conections\""), "/http/max_conections",
                 "max_connections");
}

TEST(ConfigLoader, ATeamSpeaksEnglishOrGermanAndAnyOtherLanguageSaysWhere) {
    auto english = load(base);
    ASSERT_TRUE(english.config) << all_errors(english);
    EXPECT_EQ(english.config->teams.at("care").language, Language::en);

    std::string german =
        with(base, "\"holidays\": \"DE-BY\"", "\"holidays\": \"DE-BY\", \"language\": \"de\"");
    auto loaded = load(german);
    ASSERT_TRUE(loaded.config) << all_errors(loaded);
    EXPECT_EQ(loaded.config->teams.at("care").language, Language::de);

    std::string french =
        with(base, "\"holidays\": \"DE-BY\"", "\"holidays\": \"DE-BY\", \"language\": \"fr\"");
    expect_error(load(french), line_containing(french, "\"language\""), "/teams/care/language",
                 "\"fr\" is not a language switchboard speaks; use \"en\"");
}

TEST(ConfigLoader, MetricsBearerTokenIsASecretReference) {
    auto result = load(with(base, R"("chat": [)",
                            R"("metrics": { "bearer_token": { "env": "METRICS_TOKEN" } },
  "chat": [)"));
    ASSERT_TRUE(result.config) << all_errors(result);
    ASSERT_TRUE(result.config->metrics.bearer_token);
    EXPECT_EQ(result.config->metrics.bearer_token->env, "METRICS_TOKEN");
    EXPECT_FALSE(load(base).config->metrics.bearer_token);

    auto inline_token = load(with(base, R"("chat": [)", R"("metrics": { "bearer_token": "abc" },
  "chat": [)"));
    EXPECT_FALSE(inline_token.config.has_value());
    auto unknown = load(with(base, R"("chat": [)", R"("metrics": { "token": { "env": "X" } },
  "chat": [)"));
    EXPECT_FALSE(unknown.config.has_value());
}

} // namespace
} // namespace sb::config
