// SPDX-License-Identifier: Apache-2.0
// The unit of work: writes of several tables commit together or not at all, nested units join.
#include "bot/store/page_repository.hpp"
#include "bot/store/store.hpp"
#include "tests/support/store_access.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace sb {
namespace {

class UnitOfWorkTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-uow-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir = pattern;
        store = std::make_unique<Store>((dir / "switchboard.db").string());
        Item item;
        item.mention.source = "demo";
        item.mention.platform = "x";
        item.mention.external_id = "1";
        item.received_at = t0;
        auto inserted = store->items().insert(
            item, TimelineEvent{0, 0, t0, "switchboard", Via::system, "received", ""}, {},
            std::nullopt);
        ASSERT_TRUE(inserted);
        id = inserted->item_id;
    }
    void TearDown() override {
        store.reset();
        std::filesystem::remove_all(dir);
    }
    int rows(std::string const& table) {
        SQLite::Statement q(StoreAccessForTest::connection(*store),
                            "SELECT COUNT(*) FROM " + table);
        q.executeStep();
        return q.getColumn(0).getInt();
    }
    // One escalation step's writes, across the four tables.
    Result<void> step(PageRepository& pages) {
        NewOutbox post;
        post.adapter = "console";
        post.room = "#care";
        post.text = "Unclaimed";
        SB_TRY(store->items().add_event(
            TimelineEvent{0, id, t0, "switchboard", Via::system, "room_notified", "Unclaimed"},
            {post}));
        PageRecord page;
        page.item_id = id;
        page.person = "bob";
        page.method = "push:ntfy";
        SB_TRY(pages.add(page));
        Deadline deadline;
        deadline.item_id = id;
        deadline.policy = "chain";
        deadline.step = 1;
        return store->deadlines().set(deadline);
    }

    std::filesystem::path dir;
    std::unique_ptr<Store> store;
    ItemId id = 0;
    Instant t0 = Instant(std::chrono::seconds(1'800'000'000));
};

TEST_F(UnitOfWorkTest, AFailedWriteUndoesEveryEarlierWriteOfTheUnit) {
    auto& pages = store->pages();
    StoreAccessForTest::connection(*store).exec(
        "CREATE TEMP TRIGGER fault BEFORE INSERT ON deadlines BEGIN "
        "SELECT RAISE(ABORT, 'injected fault'); END");
    auto timeline = rows("timeline");
    bool ran_after_commit = false;
    auto done = store->unit_of_work([&]() -> Result<void> {
        store->after_commit([&] { ran_after_commit = true; });
        return step(pages);
    });
    ASSERT_FALSE(done);
    EXPECT_NE(done.error().message.find("injected fault"), std::string::npos)
        << done.error().message;
    EXPECT_EQ(rows("outbox"), 0);
    EXPECT_EQ(rows("pages"), 0);
    EXPECT_EQ(rows("deadlines"), 0);
    EXPECT_EQ(rows("timeline"), timeline);
    EXPECT_FALSE(ran_after_commit);

    // The store is usable at once, and the same unit commits whole once the fault is gone.
    StoreAccessForTest::connection(*store).exec("DROP TRIGGER fault");
    done = store->unit_of_work([&]() -> Result<void> {
        store->after_commit([&] { ran_after_commit = true; });
        return step(pages);
    });
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(rows("outbox"), 1);
    EXPECT_EQ(rows("pages"), 1);
    EXPECT_EQ(rows("deadlines"), 1);
    EXPECT_EQ(rows("timeline"), timeline + 1);
    EXPECT_TRUE(ran_after_commit);
}

TEST_F(UnitOfWorkTest, AnInnerUnitJoinsTheOuterOneAndWaitsForItsCommit) {
    auto& pages = store->pages();
    int after = 0;
    auto done = store->unit_of_work([&]() -> Result<void> {
        SB_TRY(store->unit_of_work([&]() -> Result<void> {
            store->after_commit([&] { ++after; });
            return step(pages);
        }));
        EXPECT_EQ(after, 0) << "ran before the outer unit committed";
        return unexpected(ErrorCode::unavailable, "the caller gave up");
    });
    ASSERT_FALSE(done);
    EXPECT_EQ(after, 0);
    EXPECT_EQ(rows("outbox"), 0);
    EXPECT_EQ(rows("pages"), 0);
    EXPECT_EQ(rows("deadlines"), 0);
    // Outside a unit, store calls still commit on their own.
    ASSERT_TRUE(step(pages));
    EXPECT_EQ(rows("deadlines"), 1);
}

} // namespace
} // namespace sb
