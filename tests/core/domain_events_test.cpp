// SPDX-License-Identifier: Apache-2.0
// Domain events: the bus's order and unsubscription, and that only committed changes are told.
#include "core_fixture.hpp"

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

TEST(EventBus, HandlersRunInTheOrderTheySubscribed) {
    EventBus bus;
    std::vector<std::string> calls;
    auto first = bus.subscribe<ItemClaimed>(
        [&](ItemClaimed const& e) { calls.push_back("first " + e.person); });
    auto second = bus.subscribe<ItemClaimed>(
        [&](ItemClaimed const& e) { calls.push_back("second " + e.person); });
    bus.publish(ItemClaimed{7, "bob"});
    EXPECT_EQ(calls, (std::vector<std::string>{"first bob", "second bob"}));
}

TEST(EventBus, OnlyHandlersOfThePublishedTypeRun) {
    EventBus bus;
    int opened = 0;
    int resolved = 0;
    auto a = bus.subscribe<ItemOpened>([&](ItemOpened const&) { ++opened; });
    auto b = bus.subscribe<ItemResolved>([&](ItemResolved const&) { ++resolved; });
    bus.publish(ItemOpened{1, "care", Priority::high});
    EXPECT_EQ(opened, 1);
    EXPECT_EQ(resolved, 0);
}

TEST(EventBus, DroppingTheSubscriptionUnsubscribes) {
    EventBus bus;
    int calls = 0;
    {
        auto subscription = bus.subscribe<ItemChanged>([&](ItemChanged const&) { ++calls; });
        bus.publish(ItemChanged{1, "note"});
        EXPECT_EQ(bus.subscribers_for_test(), 1u);
    }
    bus.publish(ItemChanged{1, "note"});
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(bus.subscribers_for_test(), 0u);
}

TEST(EventBus, AMovedSubscriptionStaysSubscribedOnce) {
    EventBus bus;
    int calls = 0;
    std::vector<Subscription> kept;
    kept.push_back(bus.subscribe<ItemChanged>([&](ItemChanged const&) { ++calls; }));
    Subscription moved = std::move(kept.back());
    kept.clear();
    bus.publish(ItemChanged{1, "note"});
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(moved.active());
    moved.reset();
    bus.publish(ItemChanged{1, "note"});
    EXPECT_EQ(calls, 1);
}

TEST(EventBus, AHandlerMayUnsubscribeAnotherDuringAPublish) {
    EventBus bus;
    int second_calls = 0;
    Subscription second;
    auto first = bus.subscribe<ItemChanged>([&](ItemChanged const&) { second.reset(); });
    second = bus.subscribe<ItemChanged>([&](ItemChanged const&) { ++second_calls; });
    bus.publish(ItemChanged{1, "note"});
    EXPECT_EQ(second_calls, 0);
}

TEST(EventBus, ASubscriptionMayOutliveItsBus) {
    Subscription subscription;
    {
        EventBus bus;
        subscription = bus.subscribe<RotaChanged>([](RotaChanged const&) {});
    }
    EXPECT_FALSE(subscription.active());
    subscription.reset();
}

TEST_F(CoreTest, EachChangeOfAnItemIsAnnouncedAfterItCommitted) {
    std::vector<std::string> seen;
    auto subscriptions = subscribe_item_events(m_engine->events(), [&](ItemId id) {
        // The change is in the store by the time anybody hears of it.
        auto item = m_store->items().get(id).value();
        ASSERT_TRUE(item);
        seen.push_back(to_string(item->state));
    });
    std::vector<std::string> kinds;
    auto opened = m_engine->events().subscribe<ItemOpened>(
        [&](ItemOpened const& e) { kinds.push_back("opened " + e.team); });
    auto claimed = m_engine->events().subscribe<ItemClaimed>(
        [&](ItemClaimed const& e) { kinds.push_back("claimed by " + e.person); });
    auto changed = m_engine->events().subscribe<ItemChanged>(
        [&](ItemChanged const& e) { kinds.push_back("changed: " + e.kind); });
    auto resolved = m_engine->events().subscribe<ItemResolved>(
        [&](ItemResolved const& e) { kinds.push_back("resolved by " + e.person); });

    auto id = ingest("m1");
    ASSERT_GT(id, 0);
    command("bob", "claim " + std::to_string(id));
    command("bob", "note " + std::to_string(id) + " called back");
    command("bob", "resolve " + std::to_string(id));
    ASSERT_GE(kinds.size(), 4u);
    EXPECT_EQ(kinds.front(), "opened care");
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "claimed by bob"), kinds.end());
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "changed: note"), kinds.end());
    EXPECT_EQ(kinds.back(), "resolved by bob");
    EXPECT_EQ(seen.back(), "resolved");
}

TEST_F(CoreTest, ARolledBackUnitOfWorkAnnouncesNothing) {
    int changes = 0;
    auto subscription =
        m_engine->events().subscribe<ItemChanged>([&](ItemChanged const&) { ++changes; });
    auto done = m_store->unit_of_work([&]() -> Result<void> {
        m_engine->context().publish(ItemChanged{1, "note"});
        EXPECT_EQ(changes, 0) << "told before the commit";
        return unexpected(ErrorCode::unavailable, "the disk is full");
    });
    ASSERT_FALSE(done);
    EXPECT_EQ(changes, 0);

    done = m_store->unit_of_work([&]() -> Result<void> {
        m_engine->context().publish(ItemChanged{1, "note"});
        EXPECT_EQ(changes, 0) << "told before the commit";
        return {};
    });
    ASSERT_TRUE(done);
    EXPECT_EQ(changes, 1);
}

TEST_F(CoreTest, TheOutboxWakesOnAnnouncedMessages) {
    NewOutbox entry;
    entry.kind = OutboxKind::room_message;
    entry.adapter = "console";
    entry.room = "#care";
    entry.text = "hello room";
    ASSERT_TRUE(m_store->outbox().add(0, {entry}));
    EXPECT_TRUE(m_chat.of_kind(OutboxKind::room_message).empty());
    m_engine->context().publish(MessagesQueued{});
    ASSERT_EQ(m_chat.of_kind(OutboxKind::room_message).size(), 1u);
}

TEST_F(CoreTest, AnEndedSnoozeReopensTheItemThroughItsEvent) {
    auto id = ingest("m1");
    command("bob", "claim " + std::to_string(id));
    command("bob", "snooze " + std::to_string(id) + " 30m");
    ASSERT_EQ(m_store->items().get(id).value()->state, ItemState::snoozed);
    std::vector<ItemId> ended;
    auto subscription = m_engine->events().subscribe<SnoozeEnded>(
        [&](SnoozeEnded const& e) { ended.push_back(e.item); });
    m_clock.set(m_clock.now() + 31min);
    m_timers->run_due();
    EXPECT_EQ(ended, (std::vector<ItemId>{id}));
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::open);
}
