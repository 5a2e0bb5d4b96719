// SPDX-License-Identifier: Apache-2.0
// The items list: filters, newest first, cursor paging and limits, the indexes its queries use,
// and the audit rows that item changes by people leave, on a SQLite store on disk.
#include "bot/store/store.hpp"
#include "tests/support/store_access.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <set>

namespace sb::test {
namespace {

constexpr std::int64_t base_time = 1795000000; // late November 2026

class ItemQueryTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-items-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
    }

    void TearDown() override {
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }

    // Items i = 0 … count-1, received a minute apart: team care for even i, sales for odd;
    // source x for i % 3 == 0, else mastodon; states cycle open, claimed, resolved, snoozed;
    // every fifth is urgent.
    void fill(int count) {
        auto& db = StoreAccessForTest::connection(*m_store);
        SQLite::Transaction transaction(db);
        SQLite::Statement q(db, "INSERT INTO items(source, platform, external_id, team, priority, "
                                "state, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        static constexpr char const* states[] = {"open", "claimed", "resolved", "snoozed"};
        for (int i = 0; i < count; ++i) {
            q.bind(1, i % 3 == 0 ? "x" : "mastodon");
            q.bind(2, "test");
            q.bind(3, std::to_string(i));
            q.bind(4, i % 2 == 0 ? "care" : "sales");
            q.bind(5, i % 5 == 0 ? "urgent" : "normal");
            q.bind(6, states[i % 4]);
            q.bind(7, static_cast<int64_t>(base_time + i * 60));
            q.bind(8, static_cast<int64_t>(base_time + i * 60));
            q.exec();
            q.reset();
        }
        transaction.commit();
    }

    std::string plan(std::string const& sql) {
        SQLite::Statement q(StoreAccessForTest::connection(*m_store), "EXPLAIN QUERY PLAN " + sql);
        std::string out;
        while (q.executeStep())
            out += q.getColumn(3).getString() + "\n";
        return out;
    }

    std::int64_t audit_rows() {
        SQLite::Statement q(StoreAccessForTest::connection(*m_store),
                            "SELECT COUNT(*) FROM audit_log");
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    ItemId add_item(std::string const& external_id) {
        Item item;
        item.mention.source = "x";
        item.mention.platform = "test";
        item.mention.external_id = external_id;
        item.team = "care";
        item.received_at = instant_of(base_time);
        auto inserted = m_store->items().insert(
            item, TimelineEvent{0, 0, item.received_at, "switchboard", Via::source, "received", ""},
            {}, std::nullopt);
        EXPECT_TRUE(inserted.has_value());
        return inserted.has_value() ? inserted->item_id : 0;
    }

    std::filesystem::path m_dir;
    std::unique_ptr<Store> m_store;
};

TEST_F(ItemQueryTest, NewestFirstWithTheNextCursorOnlyWhenMoreExist) {
    fill(5);
    ItemQuery query;
    query.limit = 3;
    auto page = m_store->items().page(query).value();
    ASSERT_EQ(page.items.size(), 3u);
    EXPECT_EQ(page.items[0].mention.external_id, "4");
    EXPECT_EQ(page.items[2].mention.external_id, "2");
    ASSERT_TRUE(page.next_before_id.has_value());
    EXPECT_EQ(*page.next_before_id, page.items[2].id);
    query.before_id = page.next_before_id;
    auto rest = m_store->items().page(query).value();
    ASSERT_EQ(rest.items.size(), 2u);
    EXPECT_EQ(rest.items[1].mention.external_id, "0");
    EXPECT_FALSE(rest.next_before_id.has_value());
}

TEST_F(ItemQueryTest, ExactlyFullPageHasNoNextCursor) {
    fill(4);
    ItemQuery query;
    query.limit = 4;
    auto page = m_store->items().page(query).value();
    EXPECT_EQ(page.items.size(), 4u);
    EXPECT_FALSE(page.next_before_id.has_value());
}

TEST_F(ItemQueryTest, LimitIsKeptBetweenOneAndFiveHundred) {
    fill(600);
    ItemQuery query;
    query.limit = 0;
    EXPECT_EQ(m_store->items().page(query).value().items.size(), 1u);
    query.limit = -5;
    EXPECT_EQ(m_store->items().page(query).value().items.size(), 1u);
    query.limit = 10000;
    auto page = m_store->items().page(query).value();
    EXPECT_EQ(page.items.size(), 500u);
    EXPECT_TRUE(page.next_before_id.has_value());
}

TEST_F(ItemQueryTest, FiltersCombine) {
    fill(40);
    ItemQuery query;
    query.limit = 500;
    query.states = {ItemState::open};
    query.team = "care";
    auto page = m_store->items().page(query).value();
    ASSERT_EQ(page.items.size(), 10u); // i % 4 == 0 is always even
    for (auto const& item : page.items) {
        EXPECT_EQ(item.state, ItemState::open);
        EXPECT_EQ(item.team, "care");
    }

    ItemQuery several;
    several.limit = 500;
    several.states = {ItemState::claimed, ItemState::snoozed};
    EXPECT_EQ(m_store->items().page(several).value().items.size(), 20u);

    ItemQuery by_source;
    by_source.limit = 500;
    by_source.source = "x";
    by_source.priority = Priority::urgent;
    auto urgent = m_store->items().page(by_source).value();
    ASSERT_EQ(urgent.items.size(), 3u); // i = 0, 15, 30
    EXPECT_EQ(urgent.items[0].mention.external_id, "30");
}

TEST_F(ItemQueryTest, AgesBoundTheArrivalTime) {
    fill(10);
    ItemQuery old_enough;
    old_enough.limit = 500;
    old_enough.received_until = instant_of(base_time + 3 * 60);
    auto older = m_store->items().page(old_enough).value();
    ASSERT_EQ(older.items.size(), 4u); // 0 … 3
    EXPECT_EQ(older.items[0].mention.external_id, "3");

    ItemQuery recent;
    recent.limit = 500;
    recent.received_since = instant_of(base_time + 7 * 60);
    auto newer = m_store->items().page(recent).value();
    ASSERT_EQ(newer.items.size(), 3u); // 7 … 9
    EXPECT_EQ(newer.items[2].mention.external_id, "7");
}

TEST_F(ItemQueryTest, CursorPagingVisitsEveryMatchOnce) {
    fill(103);
    ItemQuery query;
    query.team = "sales"; // 51 items
    query.limit = 20;
    std::set<ItemId> seen;
    ItemId previous = std::numeric_limits<ItemId>::max();
    int pages = 0;
    while (true) {
        auto page = m_store->items().page(query).value();
        ++pages;
        for (auto const& item : page.items) {
            EXPECT_LT(item.id, previous);
            previous = item.id;
            EXPECT_TRUE(seen.insert(item.id).second);
            EXPECT_EQ(item.team, "sales");
        }
        if (!page.next_before_id)
            break;
        query.before_id = page.next_before_id;
        ASSERT_LT(pages, 10);
    }
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen.size(), 51u);
}

TEST_F(ItemQueryTest, CommonFiltersUseTheirIndex) {
    fill(50);
    StoreAccessForTest::connection(*m_store).exec("ANALYZE");
    auto by_state = plan("SELECT id FROM items WHERE state = 'open' AND id < 100 "
                         "ORDER BY id DESC LIMIT 51");
    EXPECT_NE(by_state.find("items_state_id"), std::string::npos) << by_state;
    EXPECT_EQ(by_state.find("TEMP B-TREE"), std::string::npos) << by_state;
    auto by_team = plan("SELECT id FROM items WHERE team = 'care' ORDER BY id DESC LIMIT 51");
    EXPECT_NE(by_team.find("items_team_id"), std::string::npos) << by_team;
    auto by_source = plan("SELECT id FROM items WHERE source = 'x' ORDER BY id DESC LIMIT 51");
    EXPECT_NE(by_source.find("items_source_id"), std::string::npos) << by_source;
}

TEST_F(ItemQueryTest, ItemChangesByPeopleAreAudited) {
    auto id = add_item("a");
    Transition claim;
    claim.item_id = id;
    claim.allowed_from = {ItemState::open};
    claim.to = ItemState::claimed;
    claim.claimed_by = "bob";
    claim.event = TimelineEvent{0,
                                id,
                                instant_of(base_time + 60),
                                "bob",
                                Via::slack,
                                "claimed",
                                "Bob claimed #" + std::to_string(id) + " after 1m"};
    ASSERT_TRUE(m_store->items().apply(claim).value_or(false));
    // A second claim is refused and leaves no row.
    EXPECT_FALSE(m_store->items().apply(claim).value_or(true));
    ASSERT_TRUE(m_store->items()
                    .add_event(TimelineEvent{0, id, instant_of(base_time + 120), "bob", Via::web,
                                             "note", "Bob: called them back"})
                    .has_value());
    // The bot's own events are not changes by a person.
    ASSERT_TRUE(m_store->items()
                    .add_event(TimelineEvent{0, id, instant_of(base_time + 130), "switchboard",
                                             Via::system, "paged", "paged"})
                    .has_value());
    SQLite::Statement q(StoreAccessForTest::connection(*m_store),
                        "SELECT actor, via, action, detail FROM audit_log ORDER BY id");
    std::vector<std::vector<std::string>> rows;
    while (q.executeStep())
        rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                        q.getColumn(2).getString(), q.getColumn(3).getString()});
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0],
              (std::vector<std::string>{"bob", "slack", "item.claim",
                                        "Bob claimed #" + std::to_string(id) + " after 1m"}));
    EXPECT_EQ(rows[1][2], "item.note");
    EXPECT_EQ(rows[1][1], "web");
    EXPECT_NE(rows[1][3].find("called them back"), std::string::npos);
}

} // namespace
} // namespace sb::test
