// SPDX-License-Identifier: Apache-2.0
// The rota service: who may change what, validation with field names, versions, swaps, gap
// warnings in the outbox and the audit trail, on a real rota and a SQLite store on disk.
#include "bot/core/context.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/core/rota_service.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/rota_repository.hpp"
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

// Care: Bob and Carol take weekly turns as primary (Bob this week), Dave alone is secondary with
// no substitute, Mona leads at weekends and manages care. Sales: Oscar (its manager) and Sam.
// Alice manages and is in no layer, so she manages every team; Erin is in no team.
std::string config_text(std::string const& extra = "") {
    return R"json({
      "chat": [{ "type": "console", "name": "console" }],
      "people": {
        "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice" } },
        "mona":  { "name": "Mona", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "mona" } },
        "oscar": { "name": "Oscar", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "oscar" } },
        "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } },
        "carol": { "name": "Carol", "timezone": "Europe/Berlin", "chat": { "console": "carol" } },
        "dave":  { "name": "Dave", "timezone": "Europe/Berlin", "chat": { "console": "dave" } },
        "sam":   { "name": "Sam", "timezone": "Europe/Berlin", "chat": { "console": "sam" } },
        "erin":  { "name": "Erin", "timezone": "Europe/Berlin", "chat": { "console": "erin" } }
      },
      "teams": {
        "care": {
          "timezone": "Europe/Berlin",
          "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
          "coverage": [
            { "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" },
            { "name": "weekend", "days": ["sat", "sun"], "start": "09:00", "end": "21:00" }
          ],
          "rooms": { "console": "#care" },
          "layers": [
            { "name": "primary", "members": ["bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-23" },
            { "name": "secondary", "members": ["dave"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-23", "substitution": "none" },
            { "name": "lead", "members": ["mona"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-23", "windows": ["weekend"], "substitution": "none" }
          ],
          "escalation": { "business_hours": "after-hours", "after_hours": "after-hours" }
        },
        "sales": {
          "timezone": "Europe/Berlin",
          "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
          "coverage": [],
          "rooms": { "console": "#sales" },
          "layers": [
            { "name": "primary", "members": ["oscar", "sam"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-23" }
          ],
          "escalation": { "business_hours": "after-hours", "after_hours": "after-hours" }
        }
      },
      "escalation_policies": {
        "after-hours": {
          "steps": [{ "after": "0m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }],
          "repeat": 1
        }
      },
      "routing": [{ "match": {}, "team": "care" }])json" +
           extra + "}";
}

config::Config load(std::string const& text) {
    auto loaded = config::load_config_text(text, "rota_service_test.jsonc");
    if (!loaded.config) {
        for (auto const& e : loaded.errors)
            ADD_FAILURE() << e.to_string();
        return {};
    }
    return *loaded.config;
}

Instant at(std::string const& text) {
    return parse_instant(text).value();
}

class RotaServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-rota-service-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_clock.set(at("2026-11-27T20:00:00+01:00")); // a Friday evening
        start(config_text());
    }

    void TearDown() override {
        stop();
        std::filesystem::remove_all(m_dir);
    }

    void stop() {
        m_subscriptions.clear();
        m_service.reset();
        m_context.reset();
        m_rota_store = nullptr;
        m_store.reset();
        m_rota.reset();
    }

    // Everything built afresh on the same store file, as the daemon does at start.
    void start(std::string const& text) {
        stop();
        m_config = std::make_unique<config::Config>(load(text));
        auto rota = rota::ConfigRota::create(*m_config);
        ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
        m_rota = std::make_unique<rota::ConfigRota>(std::move(*rota));
        m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
        m_rota_store = &m_store->rota();
        m_context = std::make_unique<CoreContext>(
            CoreContext{*m_config, *m_store, m_clock, m_timers, *m_rota, m_events, {}});
        // What the engine's outbox listens to wakes it; the live views hear of every change.
        m_subscriptions.push_back(m_events.subscribe<RotaChanged>([this](RotaChanged const& e) {
            ++m_wakes;
            m_changed.push_back(e.entry);
        }));
        m_subscriptions.push_back(
            m_events.subscribe<MessagesQueued>([this](MessagesQueued const&) { ++m_wakes; }));
        m_service = std::make_unique<RotaService>(*m_context, *m_rota_store, *m_rota);
        m_service->load();
    }

    RotaActor member(std::string const& person, std::string const& via = "api") const {
        return {person, via, false};
    }
    RotaActor manager(std::string const& person, std::string const& via = "api") const {
        return {person, via, true};
    }

    std::optional<std::string> on_call(std::string const& team, std::string const& layer,
                                       std::string const& when) const {
        for (auto const& entry : m_rota->who(team, at(when)).layers)
            if (entry.layer == layer)
                return entry.person;
        return std::nullopt;
    }

    std::int64_t count(std::string const& table) {
        SQLite::Statement q(StoreAccessForTest::connection(*m_store),
                            "SELECT COUNT(*) FROM " + table);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    std::vector<StoredOutbox> outbox() { return m_store->outbox().pending(100).value(); }

    NewAbsence absence(std::string const& person, std::string const& from, std::string const& to,
                       std::string const& reason = "sick") const {
        return {person, reason, at(from), at(to)};
    }

    std::filesystem::path m_dir;
    ManualClock m_clock{};
    ManualTimers m_timers{m_clock};
    std::unique_ptr<config::Config> m_config;
    std::unique_ptr<rota::ConfigRota> m_rota;
    std::unique_ptr<Store> m_store;
    RotaRepository* m_rota_store = nullptr;
    EventBus m_events;
    std::vector<Subscription> m_subscriptions;
    std::unique_ptr<CoreContext> m_context;
    std::unique_ptr<RotaService> m_service;
    std::vector<RotaEntry> m_changed;
    int m_wakes = 0;
};

constexpr char saturday[] = "2026-11-28T00:00:00+01:00";
constexpr char sunday[] = "2026-11-29T00:00:00+01:00";
constexpr char monday[] = "2026-11-30T00:00:00+01:00";

// Care speaks German, sales English: the API and the web page answer each person in their
// team's language, with German dates, and the sales room keeps its English.
std::string german_care() {
    auto text = config_text();
    auto at = text.find(R"("care": {)");
    return text.insert(at + std::string(R"("care": {)").size(), R"( "language": "de",)");
}

TEST(RotaTimes, GermanDatesNameTheWeekdayThemselvesAndEnglishStaysAsItWas) {
    auto monday_two = parse_instant("2026-12-07T14:00:00+01:00").value();
    auto tuesday_nine = parse_instant("2026-12-08T09:00:00+01:00").value();
    auto sunday_noon = parse_instant("2026-12-13T12:00:00+01:00").value();
    EXPECT_EQ(rota_local_text(monday_two, "Europe/Berlin", Language::de), "Mo 07.12. 14:00");
    EXPECT_EQ(rota_local_text(monday_two, "Europe/Berlin", Language::en), "Mon 07 Dec 14:00");
    EXPECT_EQ(rota_local_text(sunday_noon, "Europe/Berlin", Language::de), "So 13.12. 12:00");
    EXPECT_EQ(rota_span_text(monday_two, tuesday_nine, "Europe/Berlin", Language::de),
              "Mo 07.12. 14:00–Di 08.12. 09:00");
    EXPECT_EQ(rota_span_text(monday_two, tuesday_nine, "Europe/Berlin", Language::en),
              "Mon 07 Dec 14:00–Tue 08 Dec 09:00");
    EXPECT_EQ(rota_span_text(monday_two, monday_two + std::chrono::hours(2), "Europe/Berlin",
                             Language::de),
              "Mo 07.12. 14:00–16:00");
}

TEST_F(RotaServiceTest, GermanTeamIsAnsweredInGermanAndAnEnglishOneInEnglish) {
    start(german_care());
    auto noted = m_service->add_absence(member("bob"), absence("bob", saturday, sunday));
    ASSERT_TRUE(noted.has_value()) << noted.error().message;
    EXPECT_EQ(noted->message, "Notiert: Bob ist von Sa 28.11. 00:00 bis So 29.11. 00:00 abwesend "
                              "(krank); Carol übernimmt primary (Vertretung)");
    EntryChange change;
    change.reason = "vacation";
    auto changed = m_service->change_entry(member("bob"), noted->entry.id, 1, change);
    ASSERT_TRUE(changed.has_value()) << changed.error().message;
    EXPECT_EQ(changed->message, "Geändert: Bob ist von Sa 28.11. 00:00 bis So 29.11. 00:00 "
                                "abwesend (Urlaub)");
    auto stale = m_service->change_entry(member("bob"), noted->entry.id, 1, change);
    ASSERT_FALSE(stale.has_value());
    EXPECT_EQ(stale.error().message, "Die Abwesenheit wurde inzwischen geändert (jetzt Version "
                                     "2); lade neu und versuche es noch einmal");
    auto bad = m_service->add_absence(member("bob"), absence("bob", sunday, saturday));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().message, "Die Abwesenheit muss nach ihrem Beginn enden");
    EXPECT_EQ(bad.error().context, "end");
    auto ended = m_service->end_entry(member("bob"), noted->entry.id, 2);
    ASSERT_TRUE(ended.has_value()) << ended.error().message;
    EXPECT_EQ(ended->message, "Beendet: Die Abwesenheit von Bob (Urlaub) ist gestrichen; sie "
                              "tritt nie in Kraft");

    auto sales = m_service->add_override(
        manager("oscar"),
        {"sales", "", "sam", at("2026-11-30T10:00:00+01:00"), at("2026-11-30T12:00:00+01:00")});
    ASSERT_TRUE(sales.has_value()) << sales.error().message;
    EXPECT_EQ(sales->message, "Noted: Sam covers primary Mon 30 Nov 10:00–12:00 (override)");
}

TEST_F(RotaServiceTest, GermanDoubleDutyWarningNamesBothLayers) {
    start(german_care());
    auto outcome = m_service->add_override(manager("alice"), {"care", "primary", "dave",
                                                              at("2026-11-28T10:00:00+01:00"),
                                                              at("2026-11-28T12:00:00+01:00")});
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    auto rooms = outbox();
    ASSERT_EQ(rooms.size(), 1u);
    EXPECT_EQ(rooms[0].message.text, "Lücke im Dienstplan: Dave ist Sa 28.11. 10:00–12:00 "
                                     "(weekend) gleichzeitig für secondary und primary "
                                     "eingeteilt");
}

TEST_F(RotaServiceTest, GermanGapWarningsExplainEveryCause) {
    start(german_care());
    // Mona leads at weekends with no substitute; on leave, the lead has nobody.
    auto outcome =
        m_service->add_absence(manager("mona"), absence("mona", saturday, sunday, "other"));
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    auto rooms = outbox();
    ASSERT_EQ(rooms.size(), 1u);
    EXPECT_EQ(rooms[0].message.text,
              "Lücke im Dienstplan: lead ist Sa 28.11. 09:00–21:00 (weekend) nicht "
              "besetzt, weil Mona abwesend ist und die Ebene keine Vertretung hat");
    EXPECT_NE(outcome->message.find("abwesend (sonstiges)"), std::string::npos) << outcome->message;
    EXPECT_NE(outcome->message.find("Ich habe 1 Lückenwarnung in den Team-Raum geschickt"),
              std::string::npos)
        << outcome->message;
}

TEST_F(RotaServiceTest, MemberMayRecordTheirOwnAbsence) {
    auto outcome = m_service->add_absence(member("bob"), absence("bob", saturday, sunday));
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    EXPECT_EQ(outcome->entry.person, "bob");
    EXPECT_EQ(outcome->entry.version, 1);
    EXPECT_NE(outcome->message.find("Carol covers primary (substitute)"), std::string::npos)
        << outcome->message;
    EXPECT_EQ(on_call("care", "primary", "2026-11-28T12:00:00+01:00"), "carol");
}

TEST_F(RotaServiceTest, MemberCannotRecordAnotherPersonsAbsence) {
    auto outcome = m_service->add_absence(member("carol"), absence("bob", saturday, sunday));
    ASSERT_FALSE(outcome.has_value());
    EXPECT_EQ(outcome.error().code, ErrorCode::forbidden);
    EXPECT_EQ(outcome.error().context, "person");
    EXPECT_EQ(count("rota_entries"), 0);
    EXPECT_EQ(count("audit_log"), 0);
    EXPECT_EQ(m_wakes, 0);
}

TEST_F(RotaServiceTest, ManagerMayChangeTheTeamsTheyManageOnly) {
    // Mona leads care: she may record Bob's absence, not Sam's of sales.
    EXPECT_TRUE(m_service->add_absence(manager("mona"), absence("bob", saturday, sunday)));
    auto other_team = m_service->add_absence(manager("mona"), absence("sam", monday, monday));
    ASSERT_FALSE(other_team.has_value());
    EXPECT_EQ(other_team.error().code, ErrorCode::forbidden);
    // Oscar manages sales only.
    EXPECT_TRUE(m_service->add_absence(
        manager("oscar"), absence("sam", monday, "2026-12-01T00:00:00+01:00", "vacation")));
    auto override_care = m_service->add_override(
        manager("oscar"),
        {"care", "", "erin", at("2026-11-27T20:30:00+01:00"), at("2026-11-27T22:00:00+01:00")});
    ASSERT_FALSE(override_care.has_value());
    EXPECT_EQ(override_care.error().code, ErrorCode::forbidden);
    // Alice is in no layer, so she manages every team.
    EXPECT_TRUE(m_service->add_override(
        manager("alice"),
        {"sales", "", "erin", at("2026-11-30T10:00:00+01:00"), at("2026-11-30T12:00:00+01:00")}));
    EXPECT_EQ(on_call("sales", "primary", "2026-11-30T11:00:00+01:00"), "erin");
    EXPECT_EQ(m_service->managed_teams("alice"), (std::vector<std::string>{"care", "sales"}));
    EXPECT_EQ(m_service->managed_teams("mona"), (std::vector<std::string>{"care"}));
    EXPECT_TRUE(m_service->managed_teams("bob").empty());
}

TEST_F(RotaServiceTest, MemberCannotSetAnOverride) {
    auto outcome =
        m_service->add_override(member("bob"), {"care", "", "bob", at("2026-11-30T19:00:00+01:00"),
                                                at("2026-11-30T21:00:00+01:00")});
    ASSERT_FALSE(outcome.has_value());
    EXPECT_EQ(outcome.error().code, ErrorCode::forbidden);
    EXPECT_EQ(count("rota_entries"), 0);
}

TEST_F(RotaServiceTest, InvalidInputNamesTheField) {
    auto unknown = m_service->add_absence(manager("alice"), absence("bobb", saturday, sunday));
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(unknown.error().context, "person");
    EXPECT_NE(unknown.error().message.find("did you mean 'bob'"), std::string::npos)
        << unknown.error().message;

    auto reason = m_service->add_absence(member("bob"), absence("bob", saturday, sunday, "party"));
    ASSERT_FALSE(reason.has_value());
    EXPECT_EQ(reason.error().context, "reason");

    auto backwards = m_service->add_absence(member("bob"), absence("bob", sunday, saturday));
    ASSERT_FALSE(backwards.has_value());
    EXPECT_EQ(backwards.error().context, "end");

    auto past = m_service->add_absence(
        member("bob"), absence("bob", "2026-11-20T00:00:00+01:00", "2026-11-21T00:00:00+01:00"));
    ASSERT_FALSE(past.has_value());
    EXPECT_EQ(past.error().context, "end");

    auto team =
        m_service->add_override(manager("alice"), {"kare", "", "erin", at(saturday), at(sunday)});
    ASSERT_FALSE(team.has_value());
    EXPECT_EQ(team.error().context, "team");

    auto layer = m_service->add_override(manager("alice"),
                                         {"care", "tertiary", "erin", at(saturday), at(sunday)});
    ASSERT_FALSE(layer.has_value());
    EXPECT_EQ(layer.error().context, "layer");
    EXPECT_NE(layer.error().message.find("primary, secondary, lead"), std::string::npos);

    auto to_person = m_service->request_swap(member("bob"),
                                             {"care", "", "zed", at("2026-11-28T10:00:00+01:00")});
    ASSERT_FALSE(to_person.has_value());
    EXPECT_EQ(to_person.error().context, "to_person");

    auto shift = m_service->request_swap(member("carol"),
                                         {"care", "", "bob", at("2026-11-28T10:00:00+01:00")});
    ASSERT_FALSE(shift.has_value());
    EXPECT_EQ(shift.error().context, "shift_at");
    EXPECT_EQ(count("rota_entries"), 0);
}

TEST_F(RotaServiceTest, StaleVersionIsAConflict) {
    auto created = m_service->add_absence(member("bob"), absence("bob", saturday, sunday));
    ASSERT_TRUE(created.has_value());
    auto id = created->entry.id;
    EntryChange change;
    change.reason = "vacation";
    auto changed = m_service->change_entry(member("bob"), id, 1, change);
    ASSERT_TRUE(changed.has_value()) << changed.error().message;
    EXPECT_EQ(changed->entry.version, 2);
    EXPECT_EQ(changed->entry.reason, "vacation");

    auto stale = m_service->change_entry(member("bob"), id, 1, change);
    ASSERT_FALSE(stale.has_value());
    EXPECT_EQ(stale.error().code, ErrorCode::conflict);
    EXPECT_NE(stale.error().message.find("changed meanwhile (version 2 now)"), std::string::npos)
        << stale.error().message;
    auto stale_end = m_service->end_entry(member("bob"), id, 1);
    ASSERT_FALSE(stale_end.has_value());
    EXPECT_EQ(stale_end.error().code, ErrorCode::conflict);
    EXPECT_EQ(m_rota_store->entry(id).value()->state, RotaEntryState::active);
}

TEST_F(RotaServiceTest, StoreRefusesAStaleVersionEvenWhenTheServiceSawTheOldOne) {
    auto created = m_service->add_absence(member("bob"), absence("bob", saturday, sunday));
    ASSERT_TRUE(created.has_value());
    auto updated = created->entry;
    updated.reason = "other";
    RotaChange change{"bob", "api", m_clock.now(), "absence.change", "test"};
    ASSERT_TRUE(m_rota_store->change_entry(updated.id, 1, updated, change).has_value());
    auto again = m_rota_store->change_entry(updated.id, 1, updated, change);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::conflict);
    EXPECT_EQ(m_rota_store->entry(updated.id).value()->version, 2);
}

TEST_F(RotaServiceTest, ChangeMovesTheRota) {
    auto created = m_service->add_absence(member("bob"), absence("bob", saturday, sunday));
    ASSERT_TRUE(created.has_value());
    ASSERT_EQ(on_call("care", "primary", "2026-11-28T12:00:00+01:00"), "carol");
    EntryChange change;
    change.start = at(sunday);
    change.end = std::optional<Instant>(at(monday));
    auto changed = m_service->change_entry(member("bob"), created->entry.id, 1, change);
    ASSERT_TRUE(changed.has_value()) << changed.error().message;
    EXPECT_EQ(on_call("care", "primary", "2026-11-28T12:00:00+01:00"), "bob");
    EXPECT_EQ(on_call("care", "primary", "2026-11-29T12:00:00+01:00"), "carol");
    ASSERT_FALSE(m_changed.empty());
    EXPECT_EQ(m_changed.back().version, 2);

    // An override changes its person and layer.
    auto cover = m_service->add_override(
        manager("mona"),
        {"care", "", "erin", at("2026-11-28T10:00:00+01:00"), at("2026-11-28T12:00:00+01:00")});
    ASSERT_TRUE(cover.has_value()) << cover.error().message;
    EXPECT_EQ(on_call("care", "primary", "2026-11-28T11:00:00+01:00"), "erin");
    EntryChange move;
    move.layer = "secondary";
    auto moved = m_service->change_entry(manager("mona"), cover->entry.id, 1, move);
    ASSERT_TRUE(moved.has_value()) << moved.error().message;
    EXPECT_EQ(on_call("care", "primary", "2026-11-28T11:00:00+01:00"), "bob");
    EXPECT_EQ(on_call("care", "secondary", "2026-11-28T11:00:00+01:00"), "erin");
}

TEST_F(RotaServiceTest, EndingARunningAbsenceKeepsItsPast) {
    auto created =
        m_service->add_absence(member("bob"), {"bob", "sick", at("2026-11-27T19:00:00+01:00"), {}});
    ASSERT_TRUE(created.has_value());
    ASSERT_EQ(on_call("care", "primary", "2026-11-27T21:00:00+01:00"), "carol");
    m_clock.set(at("2026-11-27T20:30:00+01:00"));
    auto ended = m_service->end_entry(member("bob"), created->entry.id, 1);
    ASSERT_TRUE(ended.has_value()) << ended.error().message;
    EXPECT_EQ(ended->entry.state, RotaEntryState::ended);
    EXPECT_EQ(ended->entry.ends_at, at("2026-11-27T20:30:00+01:00"));
    EXPECT_EQ(ended->entry.version, 2);
    EXPECT_EQ(on_call("care", "primary", "2026-11-27T21:00:00+01:00"), "bob");
    auto twice = m_service->end_entry(member("bob"), created->entry.id, std::nullopt);
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::conflict);
}

TEST_F(RotaServiceTest, EndingAnAbsenceAheadMeansItNeverApplies) {
    auto created = m_service->add_absence(member("bob"), absence("bob", saturday, sunday));
    ASSERT_TRUE(created.has_value());
    auto ended = m_service->end_entry(member("bob"), created->entry.id, 1);
    ASSERT_TRUE(ended.has_value()) << ended.error().message;
    EXPECT_EQ(ended->entry.ends_at, at(saturday));
    EXPECT_EQ(on_call("care", "primary", "2026-11-28T12:00:00+01:00"), "bob");
}

TEST_F(RotaServiceTest, RequesterWithdrawsASwapAndTheAskedPersonIsTold) {
    auto requested = m_service->request_swap(
        member("bob", "web"), {"care", "", "carol", at("2026-11-28T10:00:00+01:00")});
    ASSERT_TRUE(requested.has_value()) << requested.error().message;
    auto id = requested->entry.id;
    EXPECT_EQ(requested->entry.state, RotaEntryState::requested);

    auto stranger = m_service->withdraw_swap(member("dave"), id);
    ASSERT_FALSE(stranger.has_value());
    EXPECT_EQ(stranger.error().code, ErrorCode::forbidden);

    auto withdrawn = m_service->withdraw_swap(member("bob", "web"), id);
    ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().message;
    EXPECT_EQ(withdrawn->entry.state, RotaEntryState::withdrawn);
    auto messages = outbox();
    ASSERT_EQ(messages.size(), 2u); // the request, then the withdrawal
    EXPECT_EQ(messages[1].message.person, "carol");
    EXPECT_NE(messages[1].message.text.find("Bob withdrew swap request"), std::string::npos)
        << messages[1].message.text;

    auto late = m_service->accept_swap(member("carol"), id);
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, ErrorCode::conflict);
    EXPECT_EQ(on_call("care", "primary", "2026-11-28T10:00:00+01:00"), "bob");
}

TEST_F(RotaServiceTest, OnlyTheAskedPersonAnswersASwap) {
    auto requested = m_service->request_swap(
        member("bob"), {"care", "", "carol", at("2026-11-28T10:00:00+01:00")});
    ASSERT_TRUE(requested.has_value());
    auto wrong = m_service->accept_swap(manager("alice"), requested->entry.id);
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().code, ErrorCode::forbidden);
    auto accepted = m_service->accept_swap(member("carol"), requested->entry.id);
    ASSERT_TRUE(accepted.has_value()) << accepted.error().message;
    EXPECT_EQ(accepted->entry.state, RotaEntryState::active);
    EXPECT_EQ(on_call("care", "primary", "2026-11-28T10:00:00+01:00"), "carol");
    auto missing = m_service->accept_swap(member("carol"), 999);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(RotaServiceTest, GapWarningGoesToTheTeamRoomInTheSameChange) {
    auto outcome = m_service->add_absence(member("dave"), absence("dave", saturday, sunday));
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    EXPECT_EQ(outcome->gap_warnings, 1u);
    auto messages = outbox();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].message.kind, OutboxKind::room_message);
    EXPECT_EQ(messages[0].message.room, "#care");
    EXPECT_EQ(messages[0].message.text,
              "Gap ahead: secondary has nobody Sat 28 Nov 09:00–21:00 (weekend) because Dave is "
              "absent (sick) and the layer has no substitute");
    EXPECT_EQ(m_wakes, 1);
    // Ending it closes the gap again and warns about nothing new.
    auto ended = m_service->end_entry(member("dave"), outcome->entry.id, 1);
    ASSERT_TRUE(ended.has_value());
    EXPECT_EQ(ended->gap_warnings, 0u);
    EXPECT_EQ(outbox().size(), 1u);
}

TEST_F(RotaServiceTest, EveryChangeIsAuditedWithItsInterface) {
    auto created = m_service->add_absence(member("bob", "web"), absence("bob", saturday, sunday));
    ASSERT_TRUE(created.has_value());
    EntryChange change;
    change.reason = "vacation";
    ASSERT_TRUE(m_service->change_entry(manager("alice", "api"), created->entry.id, 1, change));
    ASSERT_TRUE(m_service->end_entry(member("bob", "slack"), created->entry.id, 2));
    auto log = m_store->audit().oldest().value();
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0].action, "absence.create");
    EXPECT_EQ(log[0].via, "web");
    EXPECT_EQ(log[1].action, "absence.change");
    EXPECT_EQ(log[1].actor, "alice");
    EXPECT_EQ(log[1].via, "api");
    EXPECT_EQ(log[2].action, "absence.end");
    EXPECT_EQ(log[2].via, "slack");
    EXPECT_EQ(created->entry.created_via, "web");

    auto page = m_store->audit().page(std::nullopt, 2).value();
    ASSERT_EQ(page.records.size(), 2u);
    EXPECT_EQ(page.records[0].action, "absence.end"); // newest first
    ASSERT_TRUE(page.next_before_id.has_value());
    auto rest = m_store->audit().page(page.next_before_id, 2).value();
    ASSERT_EQ(rest.records.size(), 1u);
    EXPECT_EQ(rest.records[0].action, "absence.create");
    EXPECT_FALSE(rest.next_before_id.has_value());
}

TEST_F(RotaServiceTest, BackEndsRunningAbsencesAndSaysWhenThereIsNone) {
    ASSERT_TRUE(m_service->add_absence(member("bob"),
                                       {"bob", "sick", at("2026-11-27T19:00:00+01:00"), {}}));
    auto back = m_service->back(member("bob"), "Bob");
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_NE(back->message.find("Welcome back, Bob"), std::string::npos);
    EXPECT_EQ(back->entry.state, RotaEntryState::ended);
    auto again = m_service->back(member("bob"), "bob");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->entry.id, 0);
}

TEST_F(RotaServiceTest, QueryFiltersEntriesAndPagesNewestFirst) {
    ASSERT_TRUE(m_service->add_absence(member("bob"), absence("bob", saturday, sunday)));
    ASSERT_TRUE(m_service->add_absence(member("dave"), absence("dave", sunday, monday)));
    // Bob is away on Saturday, so he gives away his Sunday.
    ASSERT_TRUE(m_service->request_swap(member("bob"),
                                        {"care", "", "carol", at("2026-11-29T10:00:00+01:00")}));
    RotaEntryQuery absences;
    absences.kind = RotaEntryKind::absence;
    absences.limit = 1;
    auto first = m_rota_store->query(absences).value();
    ASSERT_EQ(first.entries.size(), 1u);
    EXPECT_EQ(first.entries[0].person, "dave");
    ASSERT_TRUE(first.next_before_id.has_value());
    absences.before_id = first.next_before_id;
    auto second = m_rota_store->query(absences).value();
    ASSERT_EQ(second.entries.size(), 1u);
    EXPECT_EQ(second.entries[0].person, "bob");
    EXPECT_FALSE(second.next_before_id.has_value());

    // A swap matches its person on either side.
    RotaEntryQuery carol;
    carol.person = "carol";
    auto swaps = m_rota_store->query(carol).value();
    ASSERT_EQ(swaps.entries.size(), 1u);
    EXPECT_EQ(swaps.entries[0].kind, RotaEntryKind::swap);

    // Overlapping a range: only Bob's Saturday.
    RotaEntryQuery range;
    range.kind = RotaEntryKind::absence;
    range.from = at("2026-11-28T12:00:00+01:00");
    range.to = at("2026-11-28T13:00:00+01:00");
    auto overlapping = m_rota_store->query(range).value();
    ASSERT_EQ(overlapping.entries.size(), 1u);
    EXPECT_EQ(overlapping.entries[0].person, "bob");

    RotaEntryQuery requested;
    requested.states = {RotaEntryState::requested};
    requested.team = "care";
    EXPECT_EQ(m_rota_store->query(requested).value().entries.size(), 1u);
}

TEST_F(RotaServiceTest, ConfigEntriesAreAuditedWhenTheyChange) {
    EXPECT_EQ(m_service->record_config_entries().value_or(true), false); // none, never recorded
    auto with_absence = config_text(R"json(,
      "absences": [{ "person": "bob", "kind": "vacation", "from": "2026-12-07", "to": "2026-12-11" }])json");
    start(with_absence);
    EXPECT_EQ(m_service->record_config_entries().value_or(false), true);
    start(with_absence);
    EXPECT_EQ(m_service->record_config_entries().value_or(true), false);
    auto log = m_store->audit().oldest().value();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].via, "config");
    EXPECT_EQ(log[0].detail, "config: 1 absence, 0 overrides, 0 swaps");
    start(config_text());
    EXPECT_EQ(m_service->record_config_entries().value_or(false), true);
    EXPECT_EQ(m_store->audit().oldest().value().back().detail,
              "config: 0 absences, 0 overrides, 0 swaps");
}

} // namespace
} // namespace sb::test
