// SPDX-License-Identifier: Apache-2.0
// The burst rule: a storm about one post or one topic is one item with a count, paged once.
#include "core_fixture.hpp"

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

namespace {

class BurstTest : public CoreTest {
protected:
    void SetUp() override {
        CoreTest::SetUp();
        m_config.burst = config::BurstRule{10min, 3, "urgent"};
        config::RoutingRule outage;
        outage.match.keywords = {"Störung", "outage"};
        outage.topic = "outage";
        m_config.routing.insert(m_config.routing.begin(), outage);
        restart();
    }

    Result<IngestOutcome> reply(std::string const& id, std::string const& parent,
                                std::string const& text = "me too") {
        Mention mention;
        mention.source = "demo";
        mention.platform = "facebook";
        mention.external_id = id;
        mention.author = "@" + id;
        mention.text = text;
        mention.parent_id = parent;
        mention.created_at = m_clock.now();
        auto outcome = m_engine->items().ingest(mention);
        m_timers->run_due();
        return outcome;
    }
};

} // namespace

TEST_F(BurstTest, RepliesToOnePostBecomeOneItemWithACountAndARaisedPriority) {
    auto first = reply("c1", "post-9");
    ASSERT_TRUE(first && first->created);
    EXPECT_EQ(m_store->items().get(first->item_id).value()->priority, Priority::normal);
    m_clock.set(m_clock.now() + 1min);
    auto second = reply("c2", "post-9");
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->created);
    EXPECT_EQ(second->item_id, first->item_id);
    EXPECT_EQ(m_store->items().get(first->item_id).value()->priority,
              Priority::normal); // 2 < threshold 3
    m_clock.set(m_clock.now() + 1min);
    auto third = reply("c3", "post-9");
    ASSERT_TRUE(third);
    auto item = m_store->items().get(first->item_id).value();
    EXPECT_EQ(item->duplicate_count, 2);
    EXPECT_EQ(item->priority, Priority::urgent);
    EXPECT_EQ(m_chat.of_kind(OutboxKind::post_card).size(), 1u);
    auto updates = m_chat.of_kind(OutboxKind::update_card);
    ASSERT_FALSE(updates.empty());
    EXPECT_NE(updates.back().card->status_line.find("3 mentions"), std::string::npos)
        << updates.back().card->status_line;
    auto timeline = m_store->items().timeline(first->item_id).value();
    EXPECT_NE(timeline.back().detail.find("priority raised to urgent"), std::string::npos)
        << timeline.back().detail;
}

TEST_F(BurstTest, AGroupedMentionDeliveredAgainIsADuplicateAndItsEditIsOnlyNoted) {
    auto first = reply("c1", "post-9");
    ASSERT_TRUE(reply("c2", "post-9"));
    auto again = reply("c2", "post-9");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->item_id, first->item_id);
    EXPECT_EQ(m_store->items().get(first->item_id).value()->duplicate_count, 1);

    Mention edit;
    // An edit arrives through the source that delivered the mention; items are found by source.
    edit.source = "demo";
    edit.platform = "facebook";
    edit.external_id = "c2";
    edit.author = "@c2";
    edit.text = "edited";
    edit.change = MentionChange::edited;
    ASSERT_TRUE(m_engine->items().ingest(edit));
    auto item = m_store->items().get(first->item_id).value();
    EXPECT_EQ(item->mention.text, "me too"); // the item keeps showing its first mention
    EXPECT_EQ(m_store->items().timeline(first->item_id).value().back().kind, "grouped_changed");
}

TEST_F(BurstTest, MentionsOfOneTopicFromDifferentPostsAreGrouped) {
    auto first = reply("a", "", "Störung in Berlin?");
    auto second = reply("b", "", "another outage here");
    auto other = reply("c", "", "a question about my bill");
    ASSERT_TRUE(first && second && other);
    EXPECT_EQ(second->item_id, first->item_id);
    EXPECT_NE(other->item_id, first->item_id);
    EXPECT_TRUE(other->created);
}

TEST_F(BurstTest, AfterTheWindowOrOnceResolvedANewItemStarts) {
    auto first = reply("c1", "post-9");
    m_clock.set(m_clock.now() + 11min);
    auto late = reply("c2", "post-9");
    ASSERT_TRUE(late && late->created);
    EXPECT_NE(late->item_id, first->item_id);
    command("bob", "claim " + std::to_string(late->item_id));
    command("bob", "resolve " + std::to_string(late->item_id) + " answered");
    auto after = reply("c3", "post-9");
    ASSERT_TRUE(after && after->created);
}

TEST_F(BurstTest, AStormIsPagedAsOneItem) {
    m_rota.answer = [](Instant) { return after_hours("bob", "carol"); };
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(reply("s" + std::to_string(i), "post-1"));
    auto items = m_store->items().list({}).value();
    ASSERT_EQ(items.size(), 1u);
    m_clock.set(m_clock.now() + 30min);
    m_timers->run_due();
    auto pages = m_chat.of_kind(OutboxKind::direct_message);
    ASSERT_FALSE(pages.empty());
    for (auto const& page : pages)
        EXPECT_EQ(page.item_id, items[0].id);
    EXPECT_EQ(m_store->pages().of_item(items[0].id).value().size(), pages.size());
}

TEST_F(BurstTest, AGermanTeamsStormIsNotedInGermanInTheTimelineAndTheThread) {
    m_config.teams["care"].language = Language::de;
    restart();
    auto first = reply("a", "", "Störung in Berlin?");
    ASSERT_TRUE(reply("b", "", "{0} outage here too"));
    ASSERT_TRUE(reply("c", "", "Störung {:>99}"));
    ASSERT_TRUE(first);
    auto timeline = m_store->items().timeline(first->item_id).value();
    ASSERT_GE(timeline.size(), 3u);
    EXPECT_EQ(timeline.front().detail, "Von @a auf facebook über die Quelle „demo“, Team care, "
                                       "Priorität normal");
    EXPECT_EQ(timeline.back().detail,
              "Weitere Erwähnung zum Thema outage von @c auf facebook: 3 innerhalb von 10 Min.; "
              "Priorität auf dringend erhöht");
    // The raise is told in the card's thread, in the team's words.
    auto notes = m_chat.of_kind(OutboxKind::thread_note);
    ASSERT_FALSE(notes.empty());
    EXPECT_EQ(notes.back().text, timeline.back().detail);
    EXPECT_EQ(command("alice", "item " + std::to_string(first->item_id)).find("Another"),
              std::string::npos);
}
