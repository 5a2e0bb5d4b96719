// SPDX-License-Identifier: Apache-2.0
// A read on a broken database is an error, never an empty answer that looks like "nothing there".
#include "bot/store/auth_repository.hpp"
#include "bot/store/calendar_repository.hpp"
#include "bot/store/cursor_repository.hpp"
#include "bot/store/inbox_repository.hpp"
#include "bot/store/rota_repository.hpp"
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
    EXPECT_EQ(store->cursors().cursor("x").value(), std::nullopt);
    EXPECT_EQ(store->items().find("s", "x", "1").value(), std::nullopt);
    EXPECT_EQ(store->deadlines().get(1).value(), std::nullopt);
    EXPECT_TRUE(store->outbox().pending(10).value().empty());
    EXPECT_TRUE(store->items().list({}).value().empty());
    EXPECT_TRUE(store->items().timeline(1).value().empty());
    EXPECT_TRUE(store->pages().of_item(1).value().empty());
    EXPECT_TRUE(store->rota().list().value().empty());
    EXPECT_TRUE(store->audit().oldest().value().empty());
    EXPECT_EQ(store->inbox().depth("hook").value(), 0);
}

TEST_F(BrokenStoreTest, ReadsOfMissingTablesAreErrorsNotEmptyAnswers) {
    drop({"cursors", "cards", "deadlines", "outbox", "item_aliases", "items", "timeline", "pages",
          "api_tokens", "web_sessions", "rota_entries", "audit_log", "source_inbox",
          "calendar_copies"});
    auto cursor = store->cursors().cursor("x");
    ASSERT_FALSE(cursor.has_value());
    EXPECT_EQ(cursor.error().code, ErrorCode::unavailable);
    EXPECT_NE(cursor.error().message.find("cursor"), std::string::npos) << cursor.error().message;
    EXPECT_FALSE(store->outbox().card_ref(1, "console").has_value());
    EXPECT_FALSE(store->outbox().item_for_card("console", "ref-1").has_value());
    EXPECT_FALSE(store->deadlines().get(1).has_value());
    EXPECT_FALSE(store->deadlines().all().has_value());
    EXPECT_FALSE(store->outbox().pending(10).has_value());
    EXPECT_FALSE(store->items().find("s", "x", "1").has_value());
    EXPECT_FALSE(store->items().find_alias("s", "x", "1").has_value());
    EXPECT_FALSE(store->items().burst_target("group", t0).has_value());
    EXPECT_FALSE(store->items().get(1).has_value());
    EXPECT_FALSE(store->items().list({}).has_value());
    EXPECT_FALSE(store->items().page({}).has_value());
    EXPECT_FALSE(store->items().timeline(1).has_value());
    EXPECT_FALSE(store->items().timings("", t0, t0 + std::chrono::hours(1)).has_value());
    EXPECT_FALSE(store->items().claim_durations().has_value());
    EXPECT_FALSE(store->items().resolve_durations().has_value());
    EXPECT_FALSE(store->pages().get(1).has_value());
    EXPECT_FALSE(store->pages().of_item(1).has_value());
    PageListQuery sent;
    sent.states = {"sent"};
    EXPECT_FALSE(store->pages().list(sent).has_value());
    EXPECT_FALSE(store->pages().due(t0).has_value());
    EXPECT_FALSE(store->rota().entry(1).has_value());
    EXPECT_FALSE(store->rota().list().has_value());
    EXPECT_FALSE(store->rota().query({}).has_value());
    EXPECT_FALSE(store->audit().oldest().has_value());
    EXPECT_FALSE(store->audit().page(std::nullopt, 10).has_value());
    EXPECT_FALSE(store->inbox().due("hook", t0).has_value());
    EXPECT_FALSE(store->inbox().depth("hook").has_value());
    EXPECT_FALSE(store->calendars().all().has_value());

    auto& auth = store->auth();
    EXPECT_FALSE(auth.tokens("").has_value());
    EXPECT_FALSE(auth.unrevoked_token("hash").has_value());
    EXPECT_FALSE(auth.open_session("hash", t0).has_value());
}

} // namespace
} // namespace sb
