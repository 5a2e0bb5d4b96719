// SPDX-License-Identifier: Apache-2.0
// Items from ingest to resolve: dedupe, first claim wins, and every other state change.
#include "core_fixture.hpp"

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

TEST_F(CoreTest, IngestStoresTheItemAndPostsOneCard) {
    auto id = ingest("m1");
    ASSERT_GT(id, 0);
    auto item = m_store->items().get(id).value();
    ASSERT_TRUE(item);
    EXPECT_EQ(item->state, ItemState::open);
    EXPECT_EQ(item->team, "care");
    auto cards = m_chat.of_kind(OutboxKind::post_card);
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].room, "#care");
    EXPECT_EQ(cards[0].card->item_id, id);
    EXPECT_NE(cards[0].card->on_call.find("primary: Bob"), std::string::npos);
}

TEST_F(CoreTest, RepeatedExternalIdReturnsTheSameItemAndChangesNothing) {
    auto first = ingest("m1");
    Mention again;
    again.source = "demo";
    again.platform = "x";
    again.external_id = "m1";
    again.text = "different text";
    auto outcome = m_engine->items().ingest(again);
    ASSERT_TRUE(outcome);
    EXPECT_FALSE(outcome->created);
    EXPECT_EQ(outcome->item_id, first);
    EXPECT_EQ(m_store->items().get(first).value()->mention.text, "hello");
    EXPECT_EQ(m_chat.of_kind(OutboxKind::post_card).size(), 1u);
}

TEST_F(CoreTest, FirstClaimWinsAndTheSecondClaimerIsToldWhoHasIt) {
    auto id = ingest("m1");
    m_clock.set(m_clock.now() + 3min);
    auto first = command("bob", "claim " + std::to_string(id));
    EXPECT_NE(first.find("Bob claimed #1 after 3m"), std::string::npos) << first;
    m_clock.set(m_clock.now() + 2min);
    auto second = command("carol", "claim 1");
    EXPECT_NE(second.find("Bob has #1 since 2m ago"), std::string::npos) << second;
    auto item = m_store->items().get(id).value();
    EXPECT_EQ(item->claimed_by, "bob");
    auto updates = m_chat.of_kind(OutboxKind::update_card);
    ASSERT_FALSE(updates.empty());
    EXPECT_EQ(updates.back().card->status_line, "Claimed by Bob after 3m");
    EXPECT_EQ(updates.back().card_ref, "ref-1");
}

TEST_F(CoreTest, ReleaseReopensAndResolveRecordsTheNote) {
    auto id = ingest("m1");
    command("bob", "claim 1");
    EXPECT_NE(command("bob", "release 1").find("open again"), std::string::npos);
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::open);
    command("carol", "claim 1");
    auto reply = command("carol", "resolve 1 answered in public");
    EXPECT_NE(reply.find("answered in public"), std::string::npos);
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::resolved);
    EXPECT_NE(command("bob", "resolve 1").find("already resolved"), std::string::npos);
    auto timeline = m_store->items().timeline(id).value();
    std::vector<std::string> kinds;
    for (auto const& e : timeline)
        kinds.push_back(e.kind);
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "released"), kinds.end());
    EXPECT_EQ(timeline.back().kind, "resolved");
    EXPECT_EQ(timeline.back().via, Via::console);
}

TEST_F(CoreTest, SnoozedItemWakesUpOpenAtItsTime) {
    auto id = ingest("m1");
    command("bob", "claim 1");
    command("bob", "snooze 1 1h");
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::snoozed);
    m_timers->advance_to(m_clock.now() + 59min);
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::snoozed);
    m_timers->advance_to(m_clock.now() + 2min);
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::open);
}

TEST_F(CoreTest, DismissAndHandoffAndNote) {
    ingest("m1");
    ingest("m2");
    EXPECT_NE(command("bob", "handoff 1 @carol").find("handed #1 to Carol"), std::string::npos);
    EXPECT_EQ(m_store->items().get(1).value()->claimed_by, "carol");
    EXPECT_NE(command("bob", "handoff 1 @nobody").find("nobody called 'nobody'"),
              std::string::npos);
    EXPECT_NE(command("carol", "note 1 called the customer").find("Noted"), std::string::npos);
    EXPECT_NE(command("bob", "dismiss 2 spam").find("dismissed #2: spam"), std::string::npos);
    EXPECT_EQ(m_store->items().get(2).value()->state, ItemState::dismissed);
}

TEST_F(CoreTest, UnknownPersonIsRefusedPolitely) {
    ingest("m1");
    ChatOrigin origin{"console", "mallory", "#care", "", false};
    auto reply = m_engine->commands().execute(origin, "claim 1");
    EXPECT_NE(reply.find("I don't know you"), std::string::npos);
    EXPECT_EQ(m_store->items().get(1).value()->state, ItemState::open);
}

TEST_F(CoreTest, BadCommandsGetAHintNotACrash) {
    EXPECT_NE(command("bob", "clam 1").find("did you mean 'claim'"), std::string::npos);
    EXPECT_NE(command("bob", "claim 99").find("no item #99"), std::string::npos);
    EXPECT_NE(command("bob", "claim").find("which item?"), std::string::npos);
    EXPECT_NE(command("bob", "snooze 1 soon").find("usage"), std::string::npos);
}

TEST_F(CoreTest, ItemsAndItemShowTheTimeline) {
    ingest("m1", "where is my parcel");
    command("bob", "claim 1");
    auto list = command("bob", "items");
    EXPECT_NE(list.find("#1"), std::string::npos);
    EXPECT_NE(list.find("claimed by Bob"), std::string::npos);
    auto detail = command("bob", "item 1");
    EXPECT_NE(detail.find("received"), std::string::npos);
    EXPECT_NE(detail.find("claimed"), std::string::npos);
}

TEST_F(CoreTest, RoutingRaisesPriorityByKeywordAndRating) {
    auto high = ingest("m1", "I will call my lawyer");
    EXPECT_EQ(m_store->items().get(high).value()->priority, Priority::high);
    Mention review;
    review.source = "demo";
    review.platform = "google";
    review.external_id = "r1";
    review.kind = MentionKind::review;
    review.rating = 1;
    review.text = "bad";
    auto outcome = m_engine->items().ingest(review);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(m_store->items().get(outcome->item_id).value()->priority, Priority::urgent);
    auto plain = ingest("m2", "nice");
    EXPECT_EQ(m_store->items().get(plain).value()->priority, Priority::normal);
}

TEST_F(CoreTest, OutboxRetriesInOrderAndNeverDoubles) {
    m_chat.fail_next = 3;
    auto id = ingest("m1");
    command("bob", "claim 1");
    EXPECT_TRUE(m_chat.delivered.empty());
    m_timers->advance_to(m_clock.now() + 10min);
    ASSERT_GE(m_chat.delivered.size(), 2u);
    EXPECT_EQ(m_chat.delivered[0].kind, OutboxKind::post_card);
    EXPECT_EQ(m_chat.delivered[0].item_id, id);
    EXPECT_EQ(m_chat.of_kind(OutboxKind::post_card).size(), 1u);
    EXPECT_EQ(m_store->outbox().depth(), 0);
}

TEST_F(CoreTest, PendingOutboxSurvivesARestart) {
    m_chat.fail_next = 1000;
    ingest("m1");
    EXPECT_GT(m_store->outbox().depth(), 0);
    m_chat.fail_next = 0;
    restart();
    m_timers->advance_to(m_clock.now() + 10min);
    EXPECT_EQ(m_chat.of_kind(OutboxKind::post_card).size(), 1u);
    EXPECT_EQ(m_store->outbox().depth(), 0);
}

TEST_F(CoreTest, TheDeletionOfAMentionNeverSeenChangesNothing) {
    Mention gone;
    gone.source = "demo";
    gone.platform = "mastodon";
    gone.external_id = "1099";
    gone.change = MentionChange::deleted;
    auto outcome = m_engine->items().ingest(gone);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->item_id, 0);
    EXPECT_TRUE(m_store->items().list({}).value().empty());
    EXPECT_TRUE(m_chat.delivered.empty());
}
