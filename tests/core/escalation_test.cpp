// SPDX-License-Identifier: Apache-2.0
// Escalation on a hand-driven clock: steps, skips, stops, restarts and planned gaps.
#include "core_fixture.hpp"

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

TEST_F(CoreTest, UnclaimedItemPagesPrimaryThenSecondaryThenManager) {
    ingest("m1");
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob"}));
    m_timers->advance_to(m_clock.now() + 9min);
    EXPECT_EQ(paged_people().size(), 1u);
    m_timers->advance_to(m_clock.now() + 1min);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob", "carol"}));
    m_timers->advance_to(m_clock.now() + 10min);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob", "carol", "alice"}));
    m_timers->advance_to(m_clock.now() + 2h);
    EXPECT_EQ(paged_people().size(), 3u); // one round only
}

TEST_F(CoreTest, ClaimStopsTheEscalation) {
    ingest("m1");
    m_timers->advance_to(m_clock.now() + 5min);
    command("bob", "claim 1");
    m_timers->advance_to(m_clock.now() + 1h);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob"}));
    EXPECT_FALSE(m_store->deadlines().get(1).value().has_value());
}

TEST_F(CoreTest, StepWithNobodyOnCallIsSkippedAtOnce) {
    m_rota.answer = [](Instant) { return after_hours(std::nullopt, "carol"); };
    ingest("m1");
    // Primary has nobody: secondary is paged now, not after ten minutes.
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"carol"}));
    bool skipped = false;
    for (auto const& e : m_store->items().timeline(1).value())
        skipped = skipped || e.kind == "step_skipped";
    EXPECT_TRUE(skipped);
}

TEST_F(CoreTest, RestartInTheMiddleOfAnEscalationResumesOnTime) {
    ingest("m1");
    m_timers->advance_to(m_clock.now() + 4min);
    restart();
    m_timers->run_due();
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob"}));
    m_timers->advance_to(m_clock.now() + 5min);
    EXPECT_EQ(paged_people().size(), 1u);
    m_timers->advance_to(m_clock.now() + 1min);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob", "carol"}));
}

TEST_F(CoreTest, DeadlinePassedDuringDowntimeFiresRightAfterRestart) {
    ingest("m1");
    m_engine.reset(); // the daemon is down for a quarter of an hour
    m_clock.set(m_clock.now() + 15min);
    restart();
    m_timers->run_due();
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob", "carol"}));
}

TEST_F(CoreTest, ItemInAPlannedGapWaitsWithADueTimeAndPagesWhenCoverageBegins) {
    auto opens = at("2026-11-28T09:00:00+01:00");
    m_rota.answer = [opens](Instant t) {
        if (t < opens)
            return OnCallAnswer{};
        return after_hours("bob", "carol");
    };
    m_rota.next = [opens](Instant) { return std::optional<Instant>(opens); };
    m_clock.set(at("2026-11-28T02:13:00+01:00"));
    auto id = ingest("night");
    auto item = m_store->items().get(id).value();
    ASSERT_TRUE(item->due_at);
    EXPECT_EQ(*item->due_at, opens);
    EXPECT_NE(m_chat.of_kind(OutboxKind::post_card)[0].card->due_line.find("Due"),
              std::string::npos);
    EXPECT_TRUE(paged_people().empty());
    m_timers->advance_to(opens - 1min);
    EXPECT_TRUE(paged_people().empty());
    m_timers->advance_to(opens);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob"}));
}

TEST_F(CoreTest, BusinessHoursUseTheDaytimePolicy) {
    m_rota.answer = [](Instant) {
        OnCallAnswer a;
        a.window = "business_hours";
        return a;
    };
    ingest("m1");
    EXPECT_TRUE(paged_people().empty());
    EXPECT_EQ(m_chat.of_kind(OutboxKind::room_message).size(), 1u);
}

TEST_F(CoreTest, SnoozeExpiryRestartsTheEscalation) {
    ingest("m1");
    command("bob", "snooze 1 30m");
    m_timers->advance_to(m_clock.now() + 20min);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob"}));
    m_timers->advance_to(m_clock.now() + 10min);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob", "bob"}));
}
