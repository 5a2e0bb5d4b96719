// SPDX-License-Identifier: Apache-2.0
// A read on a broken database is an error, never an empty answer that looks like "nothing there".
#include "bot/store/auth_repository.hpp"
#include "bot/store/store.hpp"
#include "tests/support/store_access.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace sb {
namespace {

class BrokenStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-broken-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir = pattern;
        store = std::make_unique<Store>((dir / "switchboard.db").string());
    }
    void TearDown() override {
        store.reset();
        std::filesystem::remove_all(dir);
    }
    // Drops the tables, as a damaged or foreign file would lack them.
    void drop(std::initializer_list<char const*> tables) {
        for (auto const* table : tables)
            StoreAccessForTest::connection(*store).exec(std::string("DROP TABLE ") + table);
    }

    std::filesystem::path dir;
    std::unique_ptr<Store> store;
    Instant t0 = Instant(std::chrono::seconds(1'800'000'000));
};

TEST_F(BrokenStoreTest, ReadsOfAWorkingStoreFindNothingWithoutAnError) {
    EXPECT_EQ(store->cursor("x").value(), std::nullopt);
    EXPECT_EQ(store->find_item("s", "x", "1").value(), std::nullopt);
    EXPECT_EQ(store->deadline(1).value(), std::nullopt);
    EXPECT_TRUE(store->pending_outbox(10).value().empty());
}

TEST_F(BrokenStoreTest, ReadsOfMissingTablesAreErrorsNotEmptyAnswers) {
    drop({"cursors", "cards", "deadlines", "outbox", "item_aliases", "items", "api_tokens",
          "web_sessions"});
    auto cursor = store->cursor("x");
    ASSERT_FALSE(cursor.has_value());
    EXPECT_EQ(cursor.error().code, ErrorCode::unavailable);
    EXPECT_NE(cursor.error().message.find("cursor"), std::string::npos) << cursor.error().message;
    EXPECT_FALSE(store->card_ref(1, "console").has_value());
    EXPECT_FALSE(store->item_for_card("console", "ref-1").has_value());
    EXPECT_FALSE(store->deadline(1).has_value());
    EXPECT_FALSE(store->load_deadlines().has_value());
    EXPECT_FALSE(store->pending_outbox(10).has_value());
    EXPECT_FALSE(store->find_item("s", "x", "1").has_value());
    EXPECT_FALSE(store->find_alias("s", "x", "1").has_value());
    EXPECT_FALSE(store->burst_target("group", t0).has_value());
    EXPECT_FALSE(store->load_item(1).has_value());

    AuthRepository auth(*store);
    EXPECT_FALSE(auth.tokens("").has_value());
    EXPECT_FALSE(auth.unrevoked_token("hash").has_value());
    EXPECT_FALSE(auth.open_session("hash", t0).has_value());
}

} // namespace
} // namespace sb
