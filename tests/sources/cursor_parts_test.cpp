// SPDX-License-Identifier: Apache-2.0
// The parts of sources' cursors: what they remember of recent entries, and how they are stored.
#include "adapters/sources/common/cursor_json.hpp"
#include "adapters/sources/common/recent_keys.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb {
namespace {

std::vector<std::string> keys_of(RecentKeys<int> const& recent) {
    std::vector<std::string> keys;
    recent.each([&](std::string const& key, int) { keys.push_back(key); });
    return keys;
}

TEST(RecentKeys, ForgetsTheOldestBeyondTheCapacity) {
    RecentKeys<int> recent;
    for (int i = 0; i < 5; ++i)
        recent.remember("k" + std::to_string(i), i, 3);
    EXPECT_EQ(keys_of(recent), (std::vector<std::string>{"k2", "k3", "k4"}));
    EXPECT_EQ(recent.find("k1"), nullptr);
    ASSERT_NE(recent.find("k4"), nullptr);
    EXPECT_EQ(*recent.find("k4"), 4);
}

TEST(RecentKeys, ANewValueKeepsTheKeysPlace) {
    RecentKeys<int> recent;
    recent.remember("a", 1, 2);
    recent.remember("b", 2, 2);
    recent.remember("a", 10, 2);
    EXPECT_EQ(keys_of(recent), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(*recent.find("a"), 10);
    recent.remember("c", 3, 2);
    EXPECT_EQ(keys_of(recent), (std::vector<std::string>{"b", "c"}));
}

TEST(CursorJson, HostileStoredTextCountsAsNoCursor) {
    for (std::string const& text :
         std::vector<std::string>{"", "null", "[1, 2]", "\"text\"", "{", "{\"a\": 1} trailing",
                                  std::string(100'000, '[')})
        EXPECT_TRUE(parse_cursor_json(text).is_null()) << text.substr(0, 20);
    EXPECT_EQ(parse_cursor_json(R"({"etag": "x"})").value("etag", ""), "x");
}

TEST(CursorJson, TextThatIsNotUtf8IsReplacedNotThrown) {
    nlohmann::json json = {{"etag", std::string("a\xff"
                                                "b")}};
    EXPECT_EQ(dump_cursor_json(json), "{\"etag\":\"a\xef\xbf\xbd"
                                      "b\"}");
}

} // namespace
} // namespace sb
