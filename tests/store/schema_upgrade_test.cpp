// SPDX-License-Identifier: Apache-2.0
// Upgrades of the store's file: a copy of the old database is kept before it is migrated, and a
// database of a newer schema than this binary knows is refused, untouched.
#include "bot/store/migration.hpp"
#include "bot/store/rota_reader.hpp"
#include "bot/store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace sb {
namespace {

namespace fs = std::filesystem;

std::vector<Migration> migrations_in_order() {
    std::vector<Migration> all;
    for (auto steps : {item_migrations(), rota_migrations(), page_migrations(), inbox_migrations(),
                       auth_migrations(), outbox_migrations(), calendar_migrations()})
        all.insert(all.end(), steps.begin(), steps.end());
    std::sort(all.begin(), all.end(),
              [](Migration const& a, Migration const& b) { return a.version < b.version; });
    return all;
}

int version_of(std::string const& path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT MAX(version) FROM schema_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

class SchemaUpgradeTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "switchboard-upgrade-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir = pattern;
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string db() const { return (dir / "switchboard.db").string(); }

    // The file an older switchboard would have left: its first `version` migrations and an item.
    void write_older_database(int version) {
        SQLite::Database old(db(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        old.exec("PRAGMA foreign_keys=OFF");
        old.exec("CREATE TABLE schema_version(version INTEGER NOT NULL)");
        auto const all = migrations_in_order();
        for (int i = 0; i < version; ++i)
            old.exec(all[static_cast<std::size_t>(i)].sql);
        old.exec("INSERT INTO schema_version(version) VALUES (" + std::to_string(version) + ")");
        old.exec("INSERT INTO items(id, source, platform, external_id, created_at, received_at) "
                 "VALUES (7, 'demo', 'x', 'before-upgrade', 0, 0)");
    }

    fs::path dir;
};

TEST_F(SchemaUpgradeTest, AnUpgradeKeepsACopyOfTheOldDatabaseBeforeItMigrates) {
    int const known = store_schema_version();
    ASSERT_GT(known, 1);
    write_older_database(1);

    { Store upgraded(db()); }

    EXPECT_EQ(version_of(db()), known);
    auto const copy = db() + ".schema-1.bak";
    ASSERT_TRUE(fs::exists(copy));
    EXPECT_EQ(version_of(copy), 1);
    SQLite::Database kept(copy, SQLite::OPEN_READONLY);
    EXPECT_EQ(kept.execAndGet("SELECT external_id FROM items WHERE id = 7").getString(),
              "before-upgrade");
    struct stat info {};
    ASSERT_EQ(::stat(copy.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777U, 0600U) << "the copy holds tokens like the database";
    EXPECT_FALSE(fs::exists(copy + ".partial"));
}

TEST_F(SchemaUpgradeTest, ADatabaseAtTheCurrentSchemaIsNotCopied) {
    { Store first(db()); }
    { Store again(db()); }
    for (auto const& entry : fs::directory_iterator(dir))
        EXPECT_EQ(entry.path().string().find(".bak"), std::string::npos) << entry.path();
}

TEST_F(SchemaUpgradeTest, ANewerSchemaIsRefusedWithBothVersionsNamedAndLeftUntouched) {
    int const known = store_schema_version();
    { Store first(db()); }
    {
        SQLite::Database newer(db(), SQLite::OPEN_READWRITE);
        newer.exec("UPDATE schema_version SET version = " + std::to_string(known + 3));
    }

    try {
        Store refused(db());
        FAIL() << "an older binary opened a newer database";
    } catch (std::exception const& e) {
        std::string const message = e.what();
        EXPECT_NE(message.find("schema version " + std::to_string(known + 3)), std::string::npos)
            << message;
        EXPECT_NE(message.find("version " + std::to_string(known) + " that this switchboard knows"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find(db()), std::string::npos) << message;
    }
    EXPECT_EQ(version_of(db()), known + 3);
    EXPECT_FALSE(fs::exists(db() + ".schema-" + std::to_string(known + 3) + ".bak"));
}

} // namespace
} // namespace sb
