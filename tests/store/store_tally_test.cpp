// SPDX-License-Identifier: Apache-2.0
// The tally /metrics reads: every committed write moves it, an undone one does not, and it always
// equals what counting the tables afresh gives.
#include "bot/store/page_repository.hpp"
#include "bot/store/store.hpp"
#include "tests/support/store_access.hpp"
#include "tests/support/temp_dir.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

namespace sb {
namespace {

// The tally without the labels that dropped to zero: a fresh count never lists those.
struct Figures {
    std::map<std::string, std::int64_t> by_state, by_source, by_priority;
    std::map<std::pair<std::string, std::string>, std::int64_t> pages;
    std::int64_t outbox = 0;
    std::int64_t pages_stored = 0;

    bool operator==(Figures const&) const = default;
};

template <class Map> auto nonzero(Map const& counts) {
    std::map<typename Map::key_type, std::int64_t> out;
    for (auto const& [key, count] : counts)
        if (count != 0)
            out[key] = count;
    return out;
}

Figures figures(StoreTally const& tally) {
    return {nonzero(tally.items_by("state")),
            nonzero(tally.items_by("source")),
            nonzero(tally.items_by("priority")),
            nonzero(tally.pages()),
            tally.outbox_depth(),
            tally.pages_stored()};
}

std::ostream& operator<<(std::ostream& out, Figures const& f) {
    out << "outbox " << f.outbox << ", pages " << f.pages_stored << ", states";
    for (auto const& [key, count] : f.by_state)
        out << ' ' << key << '=' << count;
    out << ", priorities";
    for (auto const& [key, count] : f.by_priority)
        out << ' ' << key << '=' << count;
    out << ", page states";
    for (auto const& [key, count] : f.pages)
        out << ' ' << key.first << '/' << key.second << '=' << count;
    return out;
}

class StoreTallyTest : public ::testing::Test {
protected:
    void SetUp() override { store = std::make_unique<Store>(path()); }
    std::string path() const { return (dir / "switchboard.db").string(); }

    // What a store opened on the same file counts in its one scan.
    Figures fresh() const {
        Store other(path());
        return figures(other.tally());
    }

    TimelineEvent event(std::string kind) const {
        return TimelineEvent{0, 0, t0, "switchboard", Via::system, std::move(kind), ""};
    }

    static NewOutbox message(std::string text) {
        NewOutbox out;
        out.adapter = "console";
        out.room = "#care";
        out.text = std::move(text);
        return out;
    }

    ItemId ingest(std::string const& external_id, std::string const& source = "demo",
                  Priority priority = Priority::normal) {
        Item item;
        item.mention.source = source;
        item.mention.platform = "x";
        item.mention.external_id = external_id;
        item.priority = priority;
        item.received_at = t0;
        auto inserted = store->items().insert(item, event("received"), {message("card")}, {});
        EXPECT_TRUE(inserted);
        return inserted ? inserted->item_id : 0;
    }

    Result<bool> move(ItemId id, ItemState from, ItemState to) {
        Transition t;
        t.item_id = id;
        t.allowed_from = {from};
        t.to = to;
        t.claimed_by = to == ItemState::claimed ? "bob" : "";
        t.event = event(to_string(to));
        t.event.item_id = id;
        t.outbox = {message("update")};
        return store->items().apply(t);
    }

    test::TempDir dir{"switchboard-tally"};
    std::unique_ptr<Store> store;
    Instant t0 = Instant(std::chrono::seconds(1'800'000'000));
};

TEST_F(StoreTallyTest, FollowsEveryKindOfWriteAndEqualsAFreshCount) {
    auto first = ingest("1");
    auto second = ingest("2", "mastodon", Priority::low);
    ingest("3");
    // A mention already known changes nothing.
    EXPECT_EQ(ingest("1"), first);

    ASSERT_TRUE(*move(first, ItemState::open, ItemState::claimed));
    ASSERT_TRUE(*move(first, ItemState::claimed, ItemState::resolved));
    // A refused change (the item is not open any more) writes nothing and counts nothing.
    ASSERT_FALSE(*move(first, ItemState::open, ItemState::claimed));

    Mention burst;
    burst.source = "mastodon";
    burst.platform = "x";
    burst.external_id = "2b";
    ASSERT_TRUE(*store->items().group_into(second, burst, Priority::urgent, event("grouped"),
                                           {message("grouped")}));
    ASSERT_TRUE(store->items().add_event(event("note"), {message("note")}));
    ASSERT_TRUE(store->outbox().add(second, {message("a"), message("b")}));

    auto pending = store->outbox().pending(100);
    ASSERT_TRUE(pending);
    ASSERT_GE(pending->size(), 3u);
    ASSERT_TRUE(store->outbox().delivered((*pending)[0].message.id, "ts-1"));
    ASSERT_TRUE(store->outbox().failed((*pending)[1].message.id, "gone"));
    // Settling an entry twice must not count it twice.
    ASSERT_TRUE(store->outbox().delivered((*pending)[0].message.id, "ts-1"));

    auto& pages = store->pages();
    PageRecord page;
    page.item_id = second;
    page.person = "bob";
    page.method = "push:ntfy";
    auto phone = pages.add(page);
    ASSERT_TRUE(phone);
    auto other = pages.add(page);
    ASSERT_TRUE(other);
    ASSERT_TRUE(pages.mark_sent(*phone, t0, ""));
    ASSERT_TRUE(pages.set_state(*other, "cancelled", t0, "claimed"));
    PageRecord dm;
    dm.item_id = second;
    dm.person = "bob";
    dm.method = "chat_dm";
    dm.state = "sent";
    dm.created_at = t0;
    auto record = store->pages().add(dm);
    ASSERT_TRUE(record);
    ASSERT_TRUE(store->pages().set_state(*record, "acknowledged", t0, ""));

    auto const now = figures(store->tally());
    EXPECT_EQ(now, fresh());
    EXPECT_EQ(now.by_state, (std::map<std::string, std::int64_t>{{"open", 2}, {"resolved", 1}}));
    EXPECT_EQ(now.by_priority, (std::map<std::string, std::int64_t>{{"normal", 2}, {"urgent", 1}}));
    EXPECT_EQ(now.by_source, (std::map<std::string, std::int64_t>{{"demo", 2}, {"mastodon", 1}}));
    EXPECT_EQ(now.pages_stored, 3);
    EXPECT_EQ(now.pages.at({"push:ntfy", "sent"}), 1);
    EXPECT_EQ(now.pages.at({"push:ntfy", "cancelled"}), 1);
    EXPECT_EQ(now.pages.at({"chat_dm", "acknowledged"}), 1);
    EXPECT_EQ(store->outbox().depth(), now.outbox);
}

TEST_F(StoreTallyTest, AUnitOfWorkThatRollsBackCountsNothing) {
    ingest("1");
    auto const before = figures(store->tally());
    auto& pages = store->pages();
    auto undone = store->unit_of_work([&]() -> Result<void> {
        auto id = ingest("2");
        SB_TRY(move(id, ItemState::open, ItemState::claimed));
        PageRecord page;
        page.item_id = id;
        page.person = "bob";
        page.method = "push:ntfy";
        SB_TRY(pages.add(page));
        return unexpected(ErrorCode::unavailable, "the caller gave up");
    });
    ASSERT_FALSE(undone);
    EXPECT_EQ(figures(store->tally()), before);
    EXPECT_EQ(fresh(), before);
}

TEST_F(StoreTallyTest, AWriteThatFailsHalfwayCountsNothing) {
    auto id = ingest("1");
    auto const before = figures(store->tally());
    // The outbox entry comes after the state change in a transition: the change is undone.
    StoreAccessForTest::connection(*store).exec(
        "CREATE TEMP TRIGGER fault BEFORE INSERT ON outbox BEGIN "
        "SELECT RAISE(ABORT, 'injected fault'); END");
    auto moved = move(id, ItemState::open, ItemState::claimed);
    ASSERT_FALSE(moved);
    EXPECT_NE(moved.error().message.find("injected fault"), std::string::npos);
    EXPECT_EQ(figures(store->tally()), before);
    EXPECT_EQ(fresh(), before);
}

TEST_F(StoreTallyTest, AStoreOpenedOnAnOldFileCountsWhatIsThere) {
    ingest("1");
    ingest("2", "mastodon", Priority::high);
    auto const before = figures(store->tally());
    store.reset();
    store = std::make_unique<Store>(path());
    EXPECT_EQ(figures(store->tally()), before);
    EXPECT_EQ(before.by_state.at("open"), 2);
    EXPECT_EQ(before.outbox, 2);
}

} // namespace
} // namespace sb
