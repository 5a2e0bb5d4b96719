// SPDX-License-Identifier: Apache-2.0
// Rota changes from chat: permissions, the rota the next page sees, swaps, gap warnings, restarts.
#include "bot/core/engine.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/core/rota_commands.hpp"
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

// Bob and Carol take weekly turns as primary (Bob this week); Dave alone is secondary and has
// no substitute, so his absence opens gaps. Erin is in no rotation; Alice manages.
config::Config rota_config() {
    auto loaded = config::load_config_text(R"json({
      "chat": [{ "type": "console", "name": "console" }],
      "people": {
        "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice" } },
        "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } },
        "carol": { "name": "Carol", "timezone": "Europe/Berlin", "chat": { "console": "carol" } },
        "dave":  { "name": "Dave", "timezone": "Europe/Berlin", "chat": { "console": "dave" } },
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
            { "name": "secondary", "members": ["dave"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-23", "substitution": "none" }
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
      "routing": [{ "match": {}, "team": "care" }]
    })json",
                                           "rota_commands_test.jsonc");
    if (!loaded.config) {
        for (auto const& e : loaded.errors)
            ADD_FAILURE() << e.to_string();
        return {};
    }
    return *loaded.config;
}

class RecordingChat : public ChatAdapter {
public:
    std::string const& name() const override { return m_name; }
    void start(ChatInbound&) override {}
    void stop() override {}
    AdapterHealth health() const override { return {}; }
    void deliver(OutboxMessage const& message, std::function<void(DeliveryOutcome)> done) override {
        delivered.push_back(message);
        DeliveryOutcome outcome;
        outcome.delivered = true;
        outcome.receipt.message_ref = "ref-" + std::to_string(delivered.size());
        done(outcome);
    }
    std::vector<OutboxMessage> of_kind(OutboxKind kind) const {
        std::vector<OutboxMessage> out;
        for (auto const& m : delivered)
            if (m.kind == kind)
                out.push_back(m);
        return out;
    }
    std::vector<OutboxMessage> delivered;

private:
    std::string m_name = "console";
};

class RotaCommandsTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-rota-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_config = rota_config();
        m_clock.set(at("2026-11-27T20:00:00+01:00")); // a Friday evening
        restart();
    }

    void TearDown() override {
        shut_down();
        std::filesystem::remove_all(m_dir);
    }

    void shut_down() {
        m_engine.reset();
        m_store.reset();
        m_rota.reset();
    }

    // Everything built afresh on the same store file, as the daemon does at start.
    void restart() {
        shut_down();
        auto rota = rota::ConfigRota::create(m_config);
        ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
        m_rota = std::make_unique<rota::ConfigRota>(std::move(*rota));
        m_timers = std::make_unique<ManualTimers>(m_clock);
        m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
        auto engine = Engine::create({.config = m_config,
                                      .store = *m_store,
                                      .clock = m_clock,
                                      .timers = *m_timers,
                                      .rota = *m_rota,
                                      .editable_rota = m_rota.get()});
        ASSERT_TRUE(engine.has_value());
        m_engine = std::move(*engine);
        m_engine->add_chat(m_chat);
        m_engine->start();
    }

    Instant at(std::string const& text) const { return parse_instant(text).value(); }

    std::string command(std::string const& person, std::string const& text) {
        ChatOrigin origin{"console", person, "#care", "", false};
        auto reply = m_engine->commands().execute(origin, text);
        m_timers->run_due();
        return reply;
    }

    std::optional<std::string> on_call(std::string const& layer, std::string const& when) {
        for (auto const& entry : m_rota->who("care", at(when)).layers)
            if (entry.layer == layer)
                return entry.person;
        return std::nullopt;
    }

    std::vector<std::string> room_texts() const {
        std::vector<std::string> out;
        for (auto const& m : m_chat.of_kind(OutboxKind::room_message))
            out.push_back(m.text);
        return out;
    }

    std::int64_t count(std::string const& table) {
        SQLite::Statement q(StoreAccessForTest::connection(*m_store),
                            "SELECT COUNT(*) FROM " + table);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    std::filesystem::path m_dir;
    config::Config m_config;
    ManualClock m_clock{};
    std::unique_ptr<ManualTimers> m_timers;
    std::unique_ptr<rota::ConfigRota> m_rota;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Engine> m_engine;
    RecordingChat m_chat;
};

TEST_F(RotaCommandsTest, OwnAbsenceIsAcceptedAndTheSubstituteIsOnCall) {
    ASSERT_EQ(on_call("primary", "2026-11-27T20:30:00+01:00"), "bob");
    auto reply = command("bob", "absent @bob sick 2026-11-27T19:00");
    EXPECT_NE(reply.find("Noted: Bob is absent (sick) from Fri 27 Nov 19:00 until they are back"),
              std::string::npos)
        << reply;
    EXPECT_NE(reply.find("Carol covers primary (substitute)"), std::string::npos) << reply;
    EXPECT_EQ(on_call("primary", "2026-11-27T20:30:00+01:00"), "carol");
    auto who = command("bob", "who");
    EXPECT_NE(who.find("primary: Carol (substitute for Bob)"), std::string::npos) << who;
    auto entries = m_store->rota().list(RotaEntryKind::absence).value();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].person, "bob");
    EXPECT_EQ(entries[0].reason, "sick");
    EXPECT_FALSE(entries[0].ends_at.has_value());
}

TEST_F(RotaCommandsTest, MemberCannotRecordAnotherPersonsAbsenceAndNothingIsStored) {
    auto reply = command("carol", "absent @bob vacation 2026-12-01 2026-12-03");
    EXPECT_NE(reply.find("only a rota manager can change the absences of Bob"), std::string::npos)
        << reply;
    EXPECT_EQ(count("rota_entries"), 0);
    EXPECT_EQ(count("audit_log"), 0);
    EXPECT_EQ(on_call("primary", "2026-12-01T19:00:00+01:00"), "carol");
}

TEST_F(RotaCommandsTest, ManagerMayRecordAnotherPersonsAbsence) {
    auto reply = command("alice", "absent @bob vacation 2026-11-28 2026-11-28");
    EXPECT_NE(reply.find("Noted: Bob is absent (vacation) from Sat 28 Nov 00:00 to Sun 29 Nov "
                         "00:00"),
              std::string::npos)
        << reply;
    EXPECT_EQ(on_call("primary", "2026-11-28T12:00:00+01:00"), "carol");
    // A bare date as the end covers that day and no more.
    EXPECT_EQ(on_call("primary", "2026-11-29T12:00:00+01:00"), "bob");
    auto entries = m_store->rota().list(RotaEntryKind::absence).value();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].created_by, "alice");
}

TEST_F(RotaCommandsTest, UnknownPersonIsNamedInTheAnswer) {
    auto reply = command("alice", "absent @zed sick 2026-11-28");
    EXPECT_NE(reply.find("nobody called 'zed'"), std::string::npos) << reply;
    EXPECT_EQ(count("rota_entries"), 0);
}

TEST_F(RotaCommandsTest, AbsenceMakesTheEscalationPageTheSubstitute) {
    command("bob", "absent @bob sick 2026-11-27T19:00");
    Mention mention;
    mention.source = "demo";
    mention.platform = "x";
    mention.external_id = "1";
    mention.author = "@someone";
    mention.text = "hello";
    mention.url = "https://example.org/1";
    mention.created_at = m_clock.now();
    ASSERT_TRUE(m_engine->items().ingest(mention).has_value());
    m_timers->run_due();
    auto pages = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_FALSE(pages.empty());
    EXPECT_EQ(pages.front().person, "carol");
    for (auto const& page : pages)
        EXPECT_NE(page.person, "bob");
}

TEST_F(RotaCommandsTest, BackEndsAnOpenEndedAbsenceNow) {
    command("bob", "absent @bob sick 2026-11-27T19:00");
    ASSERT_EQ(on_call("primary", "2026-11-27T21:00:00+01:00"), "carol");
    m_clock.set(at("2026-11-27T20:45:00+01:00"));
    auto reply = command("bob", "back @bob");
    EXPECT_NE(reply.find("Welcome back, Bob"), std::string::npos) << reply;
    EXPECT_EQ(on_call("primary", "2026-11-27T21:00:00+01:00"), "bob");
    auto entries = m_store->rota().list(RotaEntryKind::absence).value();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].state, RotaEntryState::ended);
    EXPECT_EQ(entries[0].ends_at, at("2026-11-27T20:45:00+01:00"));
    EXPECT_NE(command("bob", "back @bob").find("no absence running now"), std::string::npos);
}

TEST_F(RotaCommandsTest, ManagerOverridePutsThePersonOnCall) {
    auto reply = command("alice", "override @erin 2026-11-27T20:30 2026-11-27T22:00");
    EXPECT_NE(reply.find("Noted: Erin covers primary Fri 27 Nov 20:30–22:00"), std::string::npos)
        << reply;
    EXPECT_EQ(on_call("primary", "2026-11-27T21:00:00+01:00"), "erin");
    EXPECT_EQ(on_call("primary", "2026-11-27T20:15:00+01:00"), "bob");
}

TEST_F(RotaCommandsTest, OverrideOnASecondLayerNamesIt) {
    auto reply = command("alice", "override @erin 2026-11-27T20:30 2026-11-27T22:00 secondary");
    EXPECT_NE(reply.find("covers secondary"), std::string::npos) << reply;
    EXPECT_EQ(on_call("secondary", "2026-11-27T21:00:00+01:00"), "erin");
    EXPECT_EQ(on_call("primary", "2026-11-27T21:00:00+01:00"), "bob");
}

TEST_F(RotaCommandsTest, MemberCannotSetAnOverrideForSomeoneElse) {
    auto reply = command("bob", "override @erin 2026-11-27T20:30 2026-11-27T22:00");
    EXPECT_NE(reply.find("only a rota manager"), std::string::npos) << reply;
    EXPECT_EQ(count("rota_entries"), 0);
    EXPECT_EQ(on_call("primary", "2026-11-27T21:00:00+01:00"), "bob");
}

TEST_F(RotaCommandsTest, SwapRequestDirectMessagesTheOtherPersonAndAcceptChangesTheRota) {
    auto reply = command("bob", "swap request @carol 2026-11-28T10:00");
    EXPECT_NE(reply.find("Asked Carol to take your primary shift"), std::string::npos) << reply;
    auto swaps = m_store->rota().list(RotaEntryKind::swap).value();
    ASSERT_EQ(swaps.size(), 1u);
    auto id = std::to_string(swaps[0].id);
    auto dms = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_EQ(dms.size(), 1u);
    EXPECT_EQ(dms[0].person, "carol");
    EXPECT_EQ(dms[0].person_address, "carol");
    EXPECT_NE(dms[0].text.find("Bob asks you to take their primary shift Sat 28 Nov 09:00–21:00; "
                               "answer 'swap accept " +
                               id + "' or 'swap decline " + id + "'"),
              std::string::npos)
        << dms[0].text;
    // Nothing changes before the answer.
    EXPECT_EQ(on_call("primary", "2026-11-28T10:00:00+01:00"), "bob");

    auto accepted = command("carol", "swap accept " + id);
    EXPECT_NE(accepted.find("Done: you cover Bob's primary shift"), std::string::npos) << accepted;
    EXPECT_EQ(on_call("primary", "2026-11-28T10:00:00+01:00"), "carol");
    auto rota = command("bob", "rota care 3");
    EXPECT_NE(rota.find("carol (swap with bob)"), std::string::npos) << rota;
    auto told = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_EQ(told.size(), 2u);
    EXPECT_EQ(told[1].person, "bob");
    EXPECT_NE(told[1].text.find("Carol took your primary shift"), std::string::npos);
}

TEST_F(RotaCommandsTest, DeclinedSwapLeavesTheRotaAndTellsTheRequester) {
    command("bob", "swap request @carol 2026-11-28T10:00");
    auto id = std::to_string(m_store->rota().list(RotaEntryKind::swap).value().at(0).id);
    auto reply = command("carol", "swap decline " + id);
    EXPECT_NE(reply.find("Declined: Bob keeps their primary shift"), std::string::npos) << reply;
    EXPECT_EQ(m_store->rota().entry(std::stoll(id)).value()->state, RotaEntryState::declined);
    EXPECT_EQ(on_call("primary", "2026-11-28T10:00:00+01:00"), "bob");
    auto dms = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_EQ(dms.size(), 2u);
    EXPECT_EQ(dms[1].person, "bob");
    EXPECT_NE(dms[1].text.find("Carol declined"), std::string::npos);
    EXPECT_NE(command("carol", "swap accept " + id).find("already declined"), std::string::npos);
}

TEST_F(RotaCommandsTest, OnlyTheAskedPersonCanAcceptASwap) {
    command("bob", "swap request @carol 2026-11-28T10:00");
    auto id = std::to_string(m_store->rota().list(RotaEntryKind::swap).value().at(0).id);
    auto reply = command("dave", "swap accept " + id);
    EXPECT_NE(reply.find("only they can answer it"), std::string::npos) << reply;
    EXPECT_EQ(m_store->rota().entry(std::stoll(id)).value()->state, RotaEntryState::requested);
    EXPECT_EQ(on_call("primary", "2026-11-28T10:00:00+01:00"), "bob");
}

TEST_F(RotaCommandsTest, SwapRequestOutsideOwnShiftIsRefused) {
    auto reply = command("carol", "swap request @bob 2026-11-28T10:00");
    EXPECT_NE(reply.find("you have no shift of your own"), std::string::npos) << reply;
    EXPECT_EQ(count("rota_entries"), 0);
}

TEST_F(RotaCommandsTest, AbsenceOpeningAGapWithinTwoWeeksWarnsTheRoom) {
    auto reply = command("dave", "absent @dave sick 2026-11-28 2026-11-28");
    EXPECT_NE(reply.find("warned the team room"), std::string::npos) << reply;
    auto rooms = m_chat.of_kind(OutboxKind::room_message);
    ASSERT_EQ(rooms.size(), 1u);
    EXPECT_EQ(rooms[0].room, "#care");
    EXPECT_EQ(rooms[0].text, "Gap ahead: secondary has nobody Sat 28 Nov 09:00–21:00 (weekend) "
                             "because Dave is absent (sick) and the layer has no substitute");
}

TEST_F(RotaCommandsTest, GapBeyondTwoWeeksPostsNothing) {
    auto reply = command("dave", "absent @dave vacation 2026-12-19 2026-12-20");
    EXPECT_NE(reply.find("Noted"), std::string::npos) << reply;
    EXPECT_TRUE(room_texts().empty());
    auto gaps = command("dave", "gaps 30");
    EXPECT_NE(gaps.find("secondary"), std::string::npos) << gaps;
}

TEST_F(RotaCommandsTest, EntriesSurviveARestart) {
    command("bob", "absent @bob sick 2026-11-27T19:00");
    restart();
    EXPECT_EQ(on_call("primary", "2026-11-27T20:30:00+01:00"), "carol");
    auto who = command("alice", "who");
    EXPECT_NE(who.find("Carol (substitute for Bob)"), std::string::npos) << who;
}

TEST_F(RotaCommandsTest, EveryChangeWritesAnAuditRow) {
    command("bob", "absent @bob sick 2026-11-27T19:00");
    m_clock.set(at("2026-11-27T20:10:00+01:00"));
    command("bob", "back @bob");
    command("bob", "swap request @carol 2026-11-28T10:00");
    auto id = std::to_string(m_store->rota().list(RotaEntryKind::swap).value().at(0).id);
    command("carol", "swap accept " + id);
    auto log = m_store->audit().oldest().value();
    ASSERT_EQ(log.size(), 4u);
    EXPECT_EQ(log[0].action, "absence.create");
    EXPECT_EQ(log[0].actor, "bob");
    EXPECT_EQ(log[0].via, "console");
    EXPECT_EQ(log[0].at, at("2026-11-27T20:00:00+01:00"));
    EXPECT_EQ(log[1].action, "absence.end");
    EXPECT_EQ(log[1].at, at("2026-11-27T20:10:00+01:00"));
    EXPECT_EQ(log[2].action, "swap.request");
    EXPECT_EQ(log[3].action, "swap.accept");
    EXPECT_EQ(log[3].actor, "carol");
}

TEST_F(RotaCommandsTest, RotaAnswerListsTheResolvedShifts) {
    auto reply = command("bob", "rota");
    EXPECT_EQ(reply.rfind("Rota of care", 0), 0u) << reply;
    EXPECT_NE(reply.find("bob"), std::string::npos) << reply;
}

// A German team: the same changes as above, answered the way its staff talk, with German dates;
// the room's team picks the language, so Alice (a manager in no layer) is answered in German too.
class GermanRotaCommandsTest : public RotaCommandsTest {
protected:
    void SetUp() override {
        RotaCommandsTest::SetUp();
        m_config.teams.at("care").language = Language::de;
        restart();
    }
};

TEST_F(GermanRotaCommandsTest, ManagerReportingSomeoneSickGetsAGermanNoteAndTheRoomAGermanGap) {
    auto reply = command("alice", "absent @dave sick 2026-11-28 2026-11-28");
    EXPECT_EQ(reply, "Notiert: Dave ist von Sa 28.11. 00:00 bis So 29.11. 00:00 abwesend (krank); "
                     "secondary ist Sa 28.11. 09:00–21:00 nicht besetzt. Ich habe 1 "
                     "Lückenwarnung in den Team-Raum geschickt");
    auto rooms = room_texts();
    ASSERT_EQ(rooms.size(), 1u);
    EXPECT_EQ(rooms[0], "Lücke im Dienstplan: secondary ist Sa 28.11. 09:00–21:00 (weekend) nicht "
                        "besetzt, weil Dave krank ist und die Ebene keine Vertretung hat");
    // The typed reason stays the command word; the stored one too.
    auto entries = m_store->rota().list(RotaEntryKind::absence).value();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].reason, "sick");
    // The audit trail is one English log, whoever wrote it.
    auto log = m_store->audit().oldest().value();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].detail, "Dave is absent (sick) from Sat 28 Nov 00:00 to Sun 29 Nov 00:00");
}

TEST_F(GermanRotaCommandsTest, RotaAndGapTablesSpeakGermanAndKeepTheConfigsNames) {
    command("alice", "absent @dave sick 2026-11-28 2026-11-28");
    auto gaps = command("alice", "gaps 7");
    EXPECT_EQ(gaps.rfind("Lücken in care, Fr 27.11. 20:00–Fr 04.12. 20:00:\nTEAM  EBENE", 0), 0u)
        << gaps;
    EXPECT_NE(gaps.find("ZEITFENSTER"), std::string::npos) << gaps;
    EXPECT_NE(gaps.find("GRUND"), std::string::npos) << gaps;
    EXPECT_NE(gaps.find("weekend"), std::string::npos) << "window names stay the config's";
    EXPECT_NE(gaps.find("weil Dave krank ist und die Ebene keine Vertretung hat"),
              std::string::npos)
        << gaps;
    EXPECT_EQ(gaps.find("because"), std::string::npos) << gaps;

    auto rota = command("alice", "rota");
    EXPECT_EQ(rota.rfind("Dienstplan von care, ", 0), 0u) << rota;
    EXPECT_NE(rota.find("VON"), std::string::npos) << rota;
    EXPECT_NE(rota.find("BEREITSCHAFT"), std::string::npos) << rota;
    EXPECT_NE(rota.find("niemand: weil Dave krank ist"), std::string::npos) << rota;
    EXPECT_EQ(rota.find("nobody"), std::string::npos) << rota;
}

TEST_F(RotaCommandsTest, TheEnglishGapTableIsTheCommandLinesOwn) {
    command("alice", "absent @dave sick 2026-11-28 2026-11-28");
    auto gaps = command("alice", "gaps 7");
    EXPECT_EQ(gaps.rfind("Gaps in care, Fri 27 Nov 20:00–Fri 04 Dec 20:00:\nTEAM  LAYER", 0), 0u)
        << gaps;
    EXPECT_NE(gaps.find("dave is absent (sick) and the layer has no substitute"), std::string::npos)
        << gaps;
}

TEST_F(GermanRotaCommandsTest, OpenEndedAbsenceAndBackAreGerman) {
    auto reply = command("bob", "absent @bob vacation 2026-11-27T19:00");
    EXPECT_EQ(reply.rfind("Notiert: Bob ist ab Fr 27.11. 19:00 bis auf Weiteres abwesend "
                          "(Urlaub); Carol übernimmt primary (Vertretung)",
                          0),
              0u)
        << reply;
    m_clock.set(at("2026-11-27T20:45:00+01:00"));
    EXPECT_EQ(command("bob", "back @bob"), "Willkommen zurück, Bob: 1 Abwesenheit jetzt beendet.");
    EXPECT_EQ(command("bob", "back @bob"),
              "Bob ist gerade nicht abwesend, also hat sich nichts geändert.");
}

TEST_F(GermanRotaCommandsTest, OverrideReplyIsGerman) {
    EXPECT_EQ(command("alice", "override @erin 2026-11-27T20:30 2026-11-27T22:00"),
              "Notiert: Erin übernimmt primary Fr 27.11. 20:30–22:00 (Sonderschicht)");
    EXPECT_EQ(on_call("primary", "2026-11-27T21:00:00+01:00"), "erin");
}

TEST_F(GermanRotaCommandsTest, RefusalsAndValidationErrorsAreGerman) {
    EXPECT_EQ(command("alice", "absent @zed sick 2026-11-28"), "Tut mir leid: Niemand heißt „zed“");
    EXPECT_EQ(command("carol", "absent @bob vacation 2026-12-01 2026-12-03"),
              "Tut mir leid: Nur wer den Dienstplan verwaltet, kann die Abwesenheiten von Bob "
              "ändern; deine eigenen kannst du selbst ändern");
    EXPECT_EQ(command("carol", "swap request @bob 2026-11-28T10:00"),
              "Tut mir leid: Du hast in care am Sa 28.11. 10:00 keine eigene Schicht; „rota“ "
              "zeigt, wer wann dran ist");
    EXPECT_EQ(count("rota_entries"), 0);
}

TEST_F(GermanRotaCommandsTest, SwapIsAskedAnsweredAndToldInGerman) {
    auto reply = command("bob", "swap request @carol 2026-11-28T10:00");
    auto id = std::to_string(m_store->rota().list(RotaEntryKind::swap).value().at(0).id);
    EXPECT_EQ(reply, "Ich habe Carol gebeten, deine primary-Schicht Sa 28.11. 09:00–21:00 zu "
                     "übernehmen (Tauschanfrage " +
                         id + "); ich sage dir, wie die Antwort ausfällt.");
    EXPECT_EQ(command("carol", "swap accept " + id),
              "Erledigt: Du übernimmst die primary-Schicht von Bob Sa 28.11. 09:00–21:00.");
    auto dms = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_EQ(dms.size(), 2u);
    EXPECT_EQ(dms[0].text, "Bob bittet dich, die primary-Schicht Sa 28.11. 09:00–21:00 zu "
                           "übernehmen; antworte mit „swap accept " +
                               id + "“ oder „swap decline " + id + "“");
    EXPECT_EQ(dms[1].text, "Carol hat deine primary-Schicht Sa 28.11. 09:00–21:00 übernommen "
                           "(Tauschanfrage " +
                               id + ")");
}

// The English words stay byte for byte what they were before German existed.
TEST_F(RotaCommandsTest, EnglishTeamRepliesAreUnchanged) {
    EXPECT_EQ(command("alice", "absent @dave sick 2026-11-28 2026-11-28"),
              "Noted: Dave is absent (sick) from Sat 28 Nov 00:00 to Sun 29 Nov 00:00; nobody "
              "covers secondary Sat 28 Nov 09:00–21:00. I warned the team room about 1 new gap "
              "message");
    EXPECT_EQ(command("alice", "override @erin 2026-11-27T20:30 2026-11-27T22:00"),
              "Noted: Erin covers primary Fri 27 Nov 20:30–22:00 (override)");
    EXPECT_EQ(command("alice", "absent @zed sick 2026-11-28"), "Sorry: nobody called 'zed'");
    command("bob", "absent @bob sick 2026-11-27T19:00");
    m_clock.set(at("2026-11-27T20:45:00+01:00"));
    EXPECT_EQ(command("bob", "back @bob"), "Welcome back, Bob: 1 absence ended now.");
}

} // namespace
} // namespace sb::test
