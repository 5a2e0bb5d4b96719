// SPDX-License-Identifier: Apache-2.0
// Phone pages: contact rules with delays, quiet hours, hand-over on failure, claim links,
// acknowledgements and restarts, on simulated time with notifiers that record.
#include "core_fixture.hpp"

#include "bot/core/claim_links.hpp"

#include <algorithm>
#include <deque>

namespace sb::test {
namespace {

using namespace std::chrono_literals;

// Records every page; answers with scripted errors first, then success.
class RecordingNotifier : public Notifier {
public:
    explicit RecordingNotifier(std::string name) : m_name(std::move(name)) {}
    std::string const& name() const override { return m_name; }
    AdapterHealth health() const override { return {}; }
    void send(PageRequest const& page, std::function<void(Result<PageSent>)> done) override {
        attempts.push_back(page);
        if (!failures.empty()) {
            auto error = failures.front();
            failures.pop_front();
            done(unexpected(error));
            return;
        }
        sent.push_back(page);
        done(PageSent{receipt});
    }
    void check_receipt(std::string const& r,
                       std::function<void(Result<ReceiptStatus>)> done) override {
        checked.push_back(r);
        ReceiptStatus status;
        status.acknowledged = acknowledged;
        done(status);
    }
    void cancel_receipt(std::string const& r) override { cancelled.push_back(r); }

    std::vector<PageRequest> attempts;
    std::vector<PageRequest> sent;
    std::deque<Error> failures;
    std::string receipt;
    bool acknowledged = false;
    std::vector<std::string> checked;
    std::vector<std::string> cancelled;

private:
    std::string m_name;
};

std::string token_of(std::string const& claim_url) {
    auto at = claim_url.find("/claim/");
    return at == std::string::npos ? std::string() : claim_url.substr(at + 7);
}

class PagingTest : public CoreTest {
protected:
    void SetUp() override {
        CoreTest::SetUp();
        m_config.people["bob"].push = {{"ntfy", "bob-phone", 2min}};
        m_config.people["carol"].push = {{"ntfy", "carol-phone", 0s}};
        auto& steps = m_config.policies["after-hours"].steps;
        steps[0].via = {"chat_dm", "push"};
        steps[1].via = {"push"};
        reopen();
    }
    // A restart with the phone notifiers attached, as the daemon does.
    void reopen() {
        restart();
        m_engine->add_notifier(m_ntfy);
        m_engine->add_notifier(m_pushover);
        m_engine->context().base_url = "https://sb.example.com";
    }
    std::vector<std::string> kinds(ItemId id) {
        std::vector<std::string> out;
        for (auto const& e : m_store->items().timeline(id).value())
            out.push_back(e.kind);
        return out;
    }
    bool has_event(ItemId id, std::string const& kind, std::string const& text) {
        for (auto const& e : m_store->items().timeline(id).value())
            if (e.kind == kind && e.detail.find(text) != std::string::npos)
                return true;
        return false;
    }

    RecordingNotifier m_ntfy{"ntfy"};
    RecordingNotifier m_pushover{"pushover"};
};

TEST_F(PagingTest, AfterHoursItemPagesThePhoneAfterItsDelayThenEscalates) {
    auto id = ingest("1", "my bill is wrong");
    EXPECT_EQ(paged_people(), std::vector<std::string>{"bob"}); // chat DM at once
    EXPECT_TRUE(m_ntfy.sent.empty()) << "the push waits for bob's 2 minutes";
    m_timers->advance_to(m_clock.now() + 2min);
    ASSERT_EQ(m_ntfy.sent.size(), 1u);
    auto const& page = m_ntfy.sent[0];
    EXPECT_EQ(page.person, "bob");
    EXPECT_EQ(page.address, "bob-phone");
    EXPECT_EQ(page.urgency, Urgency::after_hours);
    EXPECT_EQ(page.item_id, id);
    EXPECT_TRUE(page.claim_url.starts_with("https://sb.example.com/claim/")) << page.claim_url;
    EXPECT_TRUE(has_event(id, "page_sent", "Page to Bob by ntfy sent"));

    // Unclaimed: step 2 pages the secondary's phone at 10 minutes.
    m_timers->advance_to(m_clock.now() + 8min);
    ASSERT_EQ(m_ntfy.sent.size(), 2u);
    EXPECT_EQ(m_ntfy.sent[1].person, "carol");
    EXPECT_EQ(m_ntfy.sent[1].address, "carol-phone");
}

TEST_F(PagingTest, ClaimBeforeTheDelayCancelsThePhonePage) {
    auto id = ingest("1");
    command("bob", "claim " + std::to_string(id));
    ASSERT_EQ(m_store->items().get(id).value()->state, ItemState::claimed);
    m_timers->advance_to(m_clock.now() + 15min);
    EXPECT_TRUE(m_ntfy.sent.empty());
    // The tally /metrics reads moved the page from queued to cancelled.
    auto const& pages = m_store->tally().pages();
    auto const cancelled = pages.find({"push:ntfy", "cancelled"});
    ASSERT_NE(cancelled, pages.end());
    EXPECT_EQ(cancelled->second, 1);
    EXPECT_EQ(pages.at({"push:ntfy", "queued"}), 0);
}

TEST_F(PagingTest, QuietHoursHoldBackAnOffDutyPersonButNotTheOneOnCall) {
    m_config.people["alice"].push = {{"ntfy", "alice-phone", 0s}};
    m_config.people["alice"].quiet_hours = config::QuietHours{22h, 7h};
    m_config.people["bob"].quiet_hours = config::QuietHours{22h, 7h};
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}};
    m_config.policies["after-hours"].steps[0].notify.push_back(config::EscalationTarget{});
    m_config.policies["after-hours"].steps[0].notify.back().person = "alice";
    reopen();
    m_clock.set(at("2026-11-27T23:30:00+01:00")); // Friday night in Berlin
    m_rota.answer = [](Instant) { return after_hours("bob", "carol"); };
    auto id = ingest("1");
    ASSERT_EQ(m_ntfy.sent.size(), 1u);
    EXPECT_EQ(m_ntfy.sent[0].person, "bob") << "bob is on call: quiet hours do not apply";
    EXPECT_TRUE(has_event(id, "page_queued", "Alice's quiet hours"));
    auto pages_to = [this](std::string const& person) {
        return std::count_if(m_ntfy.sent.begin(), m_ntfy.sent.end(),
                             [&](PageRequest const& page) { return page.person == person; });
    };
    m_timers->advance_to(at("2026-11-28T06:59:00+01:00"));
    EXPECT_EQ(pages_to("alice"), 0) << "alice is off duty and asleep";
    // Nobody claims; at 07:00 Alice's phone rings.
    m_timers->advance_to(at("2026-11-28T07:00:00+01:00"));
    EXPECT_EQ(pages_to("alice"), 1);
}

TEST_F(PagingTest, CriticalItemsReachAnOffDutyPersonInQuietHours) {
    m_config.people["alice"].push = {{"ntfy", "alice-phone", 0s}};
    m_config.people["alice"].quiet_hours = config::QuietHours{22h, 7h};
    m_config.policies["after-hours"].steps[0].notify.push_back(config::EscalationTarget{});
    m_config.policies["after-hours"].steps[0].notify.back().person = "alice";
    reopen();
    m_clock.set(at("2026-11-27T23:30:00+01:00"));
    Mention mention;
    mention.source = "demo";
    mention.platform = "google";
    mention.external_id = "r1";
    mention.author = "angry";
    mention.text = "worst service";
    mention.rating = 1; // routed as urgent
    ASSERT_TRUE(m_engine->items().ingest(mention).has_value());
    m_timers->run_due();
    bool alice = false;
    for (auto const& page : m_ntfy.sent)
        alice |= page.person == "alice" && page.urgency == Urgency::critical;
    EXPECT_TRUE(alice);
}

TEST_F(PagingTest, AMethodThatKeepsFailingHandsOverAtOnce) {
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}, {"pushover", "ubob", 5min}};
    reopen();
    for (int i = 0; i < 3; ++i)
        m_ntfy.failures.push_back(make_error(ErrorCode::unavailable, "ntfy answered HTTP 500"));
    auto id = ingest("1");
    m_timers->advance_to(m_clock.now() + 30s); // three attempts: now, +5 s, +20 s
    EXPECT_EQ(m_ntfy.attempts.size(), 3u);
    EXPECT_TRUE(m_ntfy.sent.empty());
    ASSERT_EQ(m_pushover.sent.size(), 1u) << "pushover must not wait out its 5 minutes";
    EXPECT_EQ(m_pushover.sent[0].address, "ubob");
    EXPECT_TRUE(has_event(id, "page_failed", "handing over to pushover now"));
}

TEST_F(PagingTest, AWrongTokenFailsAtOnceWithoutRetries) {
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}, {"pushover", "ubob", 5min}};
    reopen();
    m_ntfy.failures.push_back(make_error(ErrorCode::unauthorized, "ntfy answered HTTP 401"));
    ingest("1");
    EXPECT_EQ(m_ntfy.attempts.size(), 1u);
    EXPECT_EQ(m_pushover.sent.size(), 1u);
}

TEST_F(PagingTest, ClaimLinkClaimsOnceAndIsRefusedWhenReplayed) {
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}};
    reopen();
    auto id = ingest("1");
    ASSERT_EQ(m_ntfy.sent.size(), 1u);
    auto token = token_of(m_ntfy.sent[0].claim_url);
    auto& pager = m_engine->pager();

    auto ask = pager.use_link(token, false);
    EXPECT_EQ(ask.status, 200);
    EXPECT_FALSE(ask.claimed);
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::open)
        << "opening the link claims nothing";

    auto claimed = pager.use_link(token, true);
    EXPECT_TRUE(claimed.claimed) << claimed.message;
    EXPECT_EQ(m_store->items().get(id).value()->claimed_by, "bob");

    ASSERT_EQ(command("bob", "release " + std::to_string(id)).find("Sorry"), std::string::npos);
    auto replay = pager.use_link(token, true);
    EXPECT_EQ(replay.status, 410);
    EXPECT_FALSE(replay.claimed);
    EXPECT_NE(replay.message.find("already used"), std::string::npos) << replay.message;
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::open);
}

TEST_F(PagingTest, ExpiredTamperedAndResolvedLinksClaimNothing) {
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}};
    reopen();
    auto first = ingest("1");
    auto second = ingest("2");
    ASSERT_EQ(m_ntfy.sent.size(), 2u);
    auto token_first = token_of(m_ntfy.sent[0].claim_url);
    auto token_second = token_of(m_ntfy.sent[1].claim_url);
    auto& pager = m_engine->pager();

    auto tampered = token_first;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    EXPECT_EQ(pager.use_link(tampered, true).status, 404);
    EXPECT_EQ(pager.use_link("42-99999999999-nonsense", true).status, 404);

    EXPECT_EQ(command("carol", "resolve " + std::to_string(second)).find("Sorry"),
              std::string::npos);
    auto resolved = pager.use_link(token_second, true);
    EXPECT_EQ(resolved.status, 409);
    EXPECT_NE(resolved.message.find("resolved"), std::string::npos) << resolved.message;

    m_clock.set(m_clock.now() + 2h + 1s); // the default lifetime is 2 hours
    auto expired = pager.use_link(token_first, true);
    EXPECT_EQ(expired.status, 410);
    EXPECT_NE(expired.message.find("expired"), std::string::npos) << expired.message;
    EXPECT_EQ(m_store->items().get(first).value()->state, ItemState::open);
}

TEST_F(PagingTest, PushoverAcknowledgementClaimsTheItem) {
    m_config.people["bob"].push = {{"pushover", "ubob", 0s}};
    m_config.paging.receipt_poll = 30s;
    reopen();
    m_pushover.receipt = "receipt-1";
    auto id = ingest("1", "", "x");
    ASSERT_EQ(m_pushover.sent.size(), 1u);
    m_timers->advance_to(m_clock.now() + 30s);
    EXPECT_EQ(m_pushover.checked.size(), 1u);
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::open);
    m_pushover.acknowledged = true;
    m_timers->advance_to(m_clock.now() + 30s);
    auto item = m_store->items().get(id).value();
    EXPECT_EQ(item->state, ItemState::claimed);
    EXPECT_EQ(item->claimed_by, "bob");
    EXPECT_TRUE(has_event(id, "page_acknowledged", "acknowledged on the phone"));
}

TEST_F(PagingTest, ClaimInChatStopsThePushoverRepeats) {
    m_config.people["bob"].push = {{"pushover", "ubob", 0s}};
    reopen();
    m_pushover.receipt = "receipt-9";
    auto id = ingest("1");
    command("bob", "claim " + std::to_string(id));
    m_timers->advance_to(m_clock.now() + 1min);
    EXPECT_EQ(m_pushover.cancelled, std::vector<std::string>{"receipt-9"});
}

TEST_F(PagingTest, ClaimInChatStopsTheRingingPhoneBeforeTheNextReceiptPoll) {
    m_config.people["bob"].push = {{"pushover", "ubob", 0s}};
    m_config.paging.receipt_poll = 5min;
    reopen();
    m_pushover.receipt = "receipt-7";
    auto id = ingest("1");
    ASSERT_EQ(m_pushover.sent.size(), 1u);
    command("bob", "claim " + std::to_string(id));
    EXPECT_EQ(m_pushover.cancelled, std::vector<std::string>{"receipt-7"});
    EXPECT_TRUE(m_pushover.checked.empty());
    m_timers->advance_to(m_clock.now() + 10min);
    EXPECT_EQ(m_pushover.cancelled, std::vector<std::string>{"receipt-7"}) << "cancelled once";
}

TEST_F(PagingTest, APageSentBeforeARestartIsNotSentAgain) {
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}, {"pushover", "ubob", 5min}};
    reopen();
    ingest("1");
    ASSERT_EQ(m_ntfy.sent.size(), 1u);
    reopen();
    m_timers->run_due();
    EXPECT_EQ(m_ntfy.sent.size(), 1u);
    // The page still planned for later survives the restart and goes out on time.
    EXPECT_TRUE(m_pushover.sent.empty());
    m_timers->advance_to(m_clock.now() + 5min);
    EXPECT_EQ(m_pushover.sent.size(), 1u);
}

TEST_F(PagingTest, TestPageGoesThroughEveryMethodAndReportsInADm) {
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 2min}, {"pushover", "ubob", 5min}};
    reopen();
    m_pushover.failures.push_back(
        make_error(ErrorCode::unauthorized, "Pushover answered HTTP 400: user key is invalid"));
    auto reply = command("bob", "test-page");
    EXPECT_NE(reply.find("chat DM"), std::string::npos) << reply;
    EXPECT_NE(reply.find("ntfy (bob-phone)"), std::string::npos) << reply;
    EXPECT_EQ(m_ntfy.sent.size(), 1u) << "a test page does not wait for delays";
    m_timers->run_due();
    std::string dms;
    for (auto const& dm : m_chat.of_kind(OutboxKind::direct_message))
        dms += dm.text + "\n";
    EXPECT_NE(dms.find("Test page by ntfy (bob-phone) sent."), std::string::npos) << dms;
    EXPECT_NE(dms.find("Test page by pushover failed: Pushover answered HTTP 400"),
              std::string::npos)
        << dms;
}

TEST_F(PagingTest, AGermanTeamsCardDmPageClaimPageAndRepliesAreInGerman) {
    m_config.teams["care"].language = Language::de;
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}};
    reopen();
    // A stranger's text with format syntax and a mention stays text in every German message.
    auto id = ingest("1", "Rechnung falsch {0} {:>9999}");

    auto cards = m_chat.of_kind(OutboxKind::post_card);
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].card->language, Language::de);
    EXPECT_EQ(cards[0].card->status_line, "Offen seit 0 Sek.");
    EXPECT_EQ(cards[0].card->on_call, "primary: Bob, secondary: Carol");

    auto dms = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_EQ(dms.size(), 1u);
    EXPECT_EQ(dms[0].text, "Alarm (Bereitschaft primary): #1 @someone auf x (normal): „Rechnung "
                           "falsch {0} {:>9999}“\nhttps://example.org/1\nÜbernehmen mit: claim 1");
    ASSERT_TRUE(dms[0].card) << "the DM's Claim button needs its item's language";
    EXPECT_EQ(dms[0].card->language, Language::de);

    ASSERT_EQ(m_ntfy.sent.size(), 1u);
    EXPECT_EQ(m_ntfy.sent[0].language, Language::de);
    EXPECT_EQ(m_ntfy.sent[0].title, "#1 x: @someone wartet auf Antwort");

    auto& pager = m_engine->pager();
    auto token = token_of(m_ntfy.sent[0].claim_url);
    auto ask = pager.use_link(token, false);
    EXPECT_EQ(ask.language, Language::de);
    EXPECT_EQ(ask.title, "#1 (x, @someone) übernehmen?");
    m_clock.set(m_clock.now() + 3min);
    auto claimed = pager.use_link(token, true);
    EXPECT_TRUE(claimed.claimed) << claimed.message;
    EXPECT_EQ(claimed.message, "Bob, Eintrag #1 (x, @someone) gehört jetzt dir.");
    EXPECT_EQ(m_chat.of_kind(OutboxKind::update_card).back().card->status_line,
              "Übernommen von Bob nach 3 Min.");

    m_clock.set(m_clock.now() + 2min);
    EXPECT_EQ(command("carol", "übernehmen 1"), "Tut mir leid: Bob hat #1 seit 2 Min.");
    EXPECT_EQ(command("carol", "claim 99"),
              "Tut mir leid: Es gibt keinen Eintrag #99; „items“ listet sie auf");
    EXPECT_EQ(command("bob", "erledigt 1 per DM beantwortet"),
              "Bob hat #1 nach 5 Min. erledigt: per DM beantwortet");
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::resolved);
    EXPECT_EQ(command("bob", "offen"), "Keine offenen Einträge. Ruhige Zeiten!");
    EXPECT_NE(command("bob", "hilfe").find("Befehle (Nummern als 42"), std::string::npos);
    // A line the parser cannot read is explained in German too; the command words stay.
    EXPECT_EQ(command("bob", "clam 1"),
              "Den Befehl 'clam' kenne ich nicht; meintest du „claim“? „help“ zeigt die Liste.");
    auto const usage = command("bob", "übernehmen zwei");
    EXPECT_EQ(usage.rfind("'zwei' ist keine Eintragsnummer; Aufruf: claim", 0), 0) << usage;
    EXPECT_NE(usage.find(", z. B. claim 42"), std::string::npos) << usage;
}

TEST_F(PagingTest, AGermanTeamsTimelineReadsInGermanInShow) {
    m_config.teams["care"].language = Language::de;
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}, {"pushover", "ubob", 5min}};
    reopen();
    m_ntfy.failures.push_back(make_error(ErrorCode::unauthorized, "ntfy answered HTTP 401"));
    ingest("1", "Rechnung falsch");
    m_timers->advance_to(m_clock.now() + 20min);
    command("bob", "claim 1");

    // An edit by its author is noted in German in the card's thread as well.
    Mention edit;
    edit.source = "demo";
    edit.platform = "x";
    edit.external_id = "1";
    edit.author = "@someone";
    edit.text = "Rechnung immer noch falsch";
    edit.change = MentionChange::edited;
    ASSERT_TRUE(m_engine->items().ingest(edit));
    m_timers->run_due();
    auto notes = m_chat.of_kind(OutboxKind::thread_note);
    ASSERT_FALSE(notes.empty());
    EXPECT_EQ(notes.back().text, "Vom Autor bearbeitet");

    auto const shown = command("bob", "item 1");
    for (auto const* line :
         {"eingegangen  Von @someone auf x über die Quelle „demo“, Team care, Priorität normal "
          "(Quelle)",
          "alarmiert  Bob (Bereitschaft primary) per Chat-Direktnachricht auf console alarmiert "
          "(System)",
          "Alarm eingeplant  Alarm an Bob per pushover eingeplant (Bereitschaft primary), fällig "
          "in 5 Min. (System)",
          "eskaliert  Stufe 1 der Eskalation „after-hours“: Bob alarmiert (System)",
          "Alarm fehlgeschlagen  Alarm an Bob per ntfy nach 1 Versuch fehlgeschlagen: ntfy "
          "answered HTTP 401; jetzt weiter mit pushover (System)",
          "Alarm gesendet  Alarm an Bob per pushover gesendet (System)",
          "Eskalation ausgeschöpft  Nach einer Runde von „after-hours“ hat niemand übernommen; "
          "der Eintrag bleibt offen (System)",
          "übernommen  Bob hat #1 nach 20 Min. übernommen (Konsole)",
          "bearbeitet  Vom Autor bearbeitet (Quelle)"})
        EXPECT_NE(shown.find(line), std::string::npos) << line << "\n" << shown;

    // The errors of times the parser could only check against the clock are German too.
    EXPECT_EQ(command("bob", "snooze 1 until 2026-11-27T19:00"),
              "Tut mir leid: '2026-11-27T19:00:00' ist schon vorbei; stelle bis zu einem späteren "
              "Zeitpunkt zurück");
}

TEST_F(PagingTest, AnEnglishTeamKeepsItsEnglishWords) {
    m_config.people["bob"].push = {{"ntfy", "bob-phone", 0s}};
    reopen();
    ingest("1", "my bill is wrong");
    ASSERT_EQ(m_ntfy.sent.size(), 1u);
    EXPECT_EQ(m_ntfy.sent[0].language, Language::en);
    EXPECT_EQ(m_ntfy.sent[0].title, "#1 x: @someone needs a reply");
    auto dms = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_FALSE(dms.empty());
    EXPECT_EQ(dms[0].text.substr(0, 27), "Page (primary on call): #1 ");
}

} // namespace
} // namespace sb::test
