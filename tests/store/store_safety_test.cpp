// SPDX-License-Identifier: Apache-2.0
// The store's file is private, tells when it cannot write, and forgets delivered secrets.
#include "bot/store/rota_reader.hpp"
#include "bot/store/store.hpp"
#include "tests/support/store_access.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace sb {
namespace {

class StoreSafetyTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-store-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    static unsigned mode_of(std::filesystem::path const& path) {
        struct stat info {};
        EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
        return info.st_mode & 0777;
    }
    std::string db() const { return (dir / "switchboard.db").string(); }

    std::filesystem::path dir;
    Instant t0 = Instant(std::chrono::seconds(1'800'000'000));
};

TEST_F(StoreSafetyTest, WiderModesOfAnExistingDatabaseAndItsWalAreNarrowedToOwnerOnly) {
    { Store first(db()); }
    std::ofstream(db() + "-wal", std::ios::app).close();
    std::ofstream(db() + "-shm", std::ios::app).close();
    for (auto const* suffix : {"", "-wal", "-shm"})
        ::chmod((db() + suffix).c_str(), 0666);
    Store store(db());
    EXPECT_EQ(mode_of(db()), 0600u);
    EXPECT_EQ(mode_of(db() + "-wal"), 0600u);
    EXPECT_EQ(mode_of(db() + "-shm"), 0600u);
}

TEST_F(StoreSafetyTest, ANewDatabaseIsOwnerOnlyWhateverTheUmask) {
    auto const old = ::umask(0);
    Store store(db());
    ::umask(old);
    EXPECT_EQ(mode_of(db()), 0600u);
    EXPECT_EQ(mode_of(db() + "-wal"), 0600u);
    EXPECT_EQ(mode_of(db() + "-shm"), 0600u);
}

TEST_F(StoreSafetyTest, AReadOnlyDatabaseFailsTheRealWriteOfTheProbe) {
    Store store(db());
    StoreAccessForTest::connection(store).exec("PRAGMA query_only = 1");
    auto refused = store.check_writable(t0);
    ASSERT_FALSE(refused.has_value());
    EXPECT_NE(refused.error().message.find("readonly"), std::string::npos)
        << refused.error().message;
    StoreAccessForTest::connection(store).exec("PRAGMA query_only = 0");
    EXPECT_TRUE(store.check_writable(t0 + std::chrono::seconds(5)).has_value());
}

// A database at its size limit still takes the probe's one-row rewrite, but no new item: the
// probe must look at the numbers, or /readyz would say ready while every webhook gets 503.
TEST_F(StoreSafetyTest, ADatabaseAtItsSizeLimitIsNotWritable) {
    Store store(db());
    ASSERT_TRUE(store.check_writable(t0).has_value());
    auto& database = StoreAccessForTest::connection(store);
    database.exec("CREATE TABLE filler(data BLOB)");
    auto const pages = database.execAndGet("PRAGMA page_count").getInt64();
    database.exec("PRAGMA max_page_count = " + std::to_string(pages));
    EXPECT_THROW(database.exec("INSERT INTO filler VALUES (zeroblob(100000))"), SQLite::Exception);

    auto refused = store.check_writable(t0 + std::chrono::seconds(5));
    ASSERT_FALSE(refused.has_value());
    EXPECT_NE(refused.error().message.find("full"), std::string::npos) << refused.error().message;
    // Within the interval the answer is remembered, not probed again.
    EXPECT_FALSE(store.check_writable(t0 + std::chrono::seconds(6)).has_value());

    database.exec("PRAGMA max_page_count = 1073741823");
    EXPECT_TRUE(store.check_writable(t0 + std::chrono::seconds(10)).has_value());
}

TEST_F(StoreSafetyTest, ASecretMessageKeepsOnlyItsPlaceholderOnceDeliveredOrGivenUp) {
    Store store(db());
    NewOutbox secret{OutboxKind::direct_message,
                     "console",
                     "",
                     "alice",
                     "alice",
                     "https://sb.example/web/signin?t=SECRET1",
                     "(sign-in link, removed)"};
    NewOutbox plain{OutboxKind::direct_message, "console", "", "alice", "alice", "hello", ""};
    store.outbox().insert(0, secret);
    store.outbox().insert(0, plain);
    secret.text = "https://sb.example/web/signin?t=SECRET2";
    store.outbox().insert(0, secret);
    auto pending = store.outbox().pending(10).value();
    ASSERT_EQ(pending.size(), 3u);
    EXPECT_EQ(pending[0].message.text, "https://sb.example/web/signin?t=SECRET1");
    ASSERT_TRUE(store.outbox().delivered(pending[0].message.id, "ref-1").has_value());
    ASSERT_TRUE(store.outbox().delivered(pending[1].message.id, "ref-2").has_value());
    ASSERT_TRUE(store.outbox().failed(pending[2].message.id, "no such user").has_value());

    SQLite::Statement q(StoreAccessForTest::connection(store),
                        "SELECT text FROM outbox ORDER BY id");
    std::vector<std::string> texts;
    while (q.executeStep())
        texts.push_back(q.getColumn(0).getString());
    EXPECT_EQ(texts, (std::vector<std::string>{"(sign-in link, removed)", "hello",
                                               "(sign-in link, removed)"}));
}

TEST_F(StoreSafetyTest, TheSamePlatformAndIdFromTwoSourcesAreTwoItems) {
    Store store(db());
    auto item_from = [&](std::string const& source) {
        Item item;
        item.mention.source = source;
        item.mention.platform = "x";
        item.mention.external_id = "1";
        item.mention.created_at = t0;
        item.received_at = t0;
        return store.items().insert(
            item, TimelineEvent{0, 0, t0, "switchboard", Via::source, "received", ""}, {},
            std::nullopt);
    };
    auto shop_a = item_from("shop-a");
    auto shop_b = item_from("shop-b");
    auto again = item_from("shop-a");
    ASSERT_TRUE(shop_a && shop_b && again);
    EXPECT_TRUE(shop_a->created);
    EXPECT_TRUE(shop_b->created);
    EXPECT_NE(shop_a->item_id, shop_b->item_id);
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->item_id, shop_a->item_id);
    EXPECT_EQ(store.items().find("shop-b", "x", "1").value(), shop_b->item_id);
    EXPECT_EQ(store.items().find("shop-c", "x", "1").value(), std::nullopt);
}

TEST_F(StoreSafetyTest, TheRebuildOfItemsKeepsEveryItemAndItsTimeline) {
    { Store fresh(db()); }
    {
        SQLite::Database raw(db(), SQLite::OPEN_READWRITE);
        raw.exec("INSERT INTO items(source, platform, external_id, created_at, received_at) "
                 "VALUES ('shop-a', 'x', '7', 0, 0)");
        raw.exec("INSERT INTO timeline(item_id, at, actor, via, kind, detail) "
                 "VALUES (1, 0, 'switchboard', 'source', 'received', '')");
        raw.exec("UPDATE schema_version SET version = 6"); // the rebuild runs again
    }
    Store store(db());
    EXPECT_EQ(store.schema_version(), store_schema_version()); // every migration after it too
    EXPECT_EQ(store.items().find("shop-a", "x", "7").value(), ItemId{1});
    EXPECT_EQ(store.items().timeline(1).value().size(), 1u);
}

} // namespace
} // namespace sb
