// SPDX-License-Identifier: Apache-2.0
// Bounded JSON parsing: strangers' bodies that nest too deep are refused before parsing.
#include "base/json_bounded.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sb {
namespace {

TEST(ParseJsonBounded, RefusesAHundredThousandOpenBrackets) {
    std::string const hostile(100'000, '[');
    EXPECT_EQ(json_nesting_depth(hostile), 100'000u);
    EXPECT_TRUE(parse_json_bounded(hostile).is_discarded());
    // Closed, it is valid JSON, and still refused.
    std::string const closed = hostile + std::string(100'000, ']');
    EXPECT_TRUE(parse_json_bounded(closed).is_discarded());
}

TEST(ParseJsonBounded, AcceptsNestingUpToTheLimitAndNotOneMore) {
    auto nested = [](std::size_t depth) {
        return std::string(depth, '[') + std::string(depth, ']');
    };
    EXPECT_FALSE(parse_json_bounded(nested(json_max_depth)).is_discarded());
    EXPECT_TRUE(parse_json_bounded(nested(json_max_depth + 1)).is_discarded());
    EXPECT_FALSE(parse_json_bounded(nested(3), 3).is_discarded());
    EXPECT_TRUE(parse_json_bounded(nested(4), 3).is_discarded());
}

TEST(ParseJsonBounded, BracketsInsideStringsDoNotCount) {
    std::string const text = R"({"text": "[[[[{{{{ \" [[[[", "list": [1, "]]]]"]})";
    EXPECT_EQ(json_nesting_depth(text), 2u);
    auto const parsed = parse_json_bounded(text, 2);
    ASSERT_FALSE(parsed.is_discarded());
    EXPECT_EQ(parsed["text"], "[[[[{{{{ \" [[[[");
    EXPECT_EQ(parsed["list"][1], "]]]]");
}

TEST(ParseJsonBounded, NotJsonIsDiscardedWithoutThrowing) {
    EXPECT_TRUE(parse_json_bounded("").is_discarded());
    EXPECT_TRUE(parse_json_bounded("{\"a\": ").is_discarded());
    EXPECT_TRUE(parse_json_bounded("\"\xff\xfe\"").is_discarded()); // invalid UTF-8
    EXPECT_TRUE(parse_json_bounded("1e999999").is_discarded());     // overflows a double
    EXPECT_EQ(parse_json_bounded(R"({"n": 18446744073709551616})")["n"].is_number_float(), true);
}

} // namespace
} // namespace sb
