// SPDX-License-Identifier: Apache-2.0
// Reading strangers' JSON: whatever is missing or of another type reads as absent.
#include "base/json_fields.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

using nlohmann::json;

TEST(JsonFields, AStringOfAnotherTypeOrOfNoObjectIsEmpty) {
    auto const object = json::parse(R"({"name": "Ada", "count": 3, "list": []})");
    EXPECT_EQ(string_field(object, "name"), "Ada");
    EXPECT_EQ(string_field(object, "count"), "");
    EXPECT_EQ(string_field(object, "missing"), "");
    EXPECT_EQ(string_field(json::array({1}), "name"), "");
    EXPECT_EQ(string_field(json(), "name"), "");
}

TEST(JsonFields, TextAlsoReadsAnIdSentAsANumber) {
    auto const object = json::parse(R"({"id": "17", "number": 1234567890123, "x": 1.5})");
    EXPECT_EQ(text_field(object, "id"), "17");
    EXPECT_EQ(text_field(object, "number"), "1234567890123");
    EXPECT_EQ(text_field(object, "x"), "");
    EXPECT_EQ(text_field(json("text"), "id"), "");
}

TEST(JsonFields, AFlagIsSetOnlyByTrue) {
    auto const object = json::parse(R"({"yes": true, "no": false, "text": "true", "one": 1})");
    EXPECT_TRUE(flag_field(object, "yes"));
    EXPECT_FALSE(flag_field(object, "no"));
    EXPECT_FALSE(flag_field(object, "text"));
    EXPECT_FALSE(flag_field(object, "one"));
    EXPECT_FALSE(flag_field(object, "missing"));
    EXPECT_FALSE(flag_field(json::array(), "yes"));
}

TEST(JsonFields, ObjectsArraysAndNullsByType) {
    auto const object = json::parse(R"({"o": {"a": 1}, "l": [1], "s": "x"})");
    ASSERT_NE(object_field(object, "o"), nullptr);
    EXPECT_EQ(object_field(object, "l"), nullptr);
    ASSERT_NE(array_field(object, "l"), nullptr);
    EXPECT_EQ(array_field(object, "o"), nullptr);
    EXPECT_TRUE(field_or_null(object, "missing").is_null());
    EXPECT_EQ(field_or_null(object, "s"), "x");
}

} // namespace
} // namespace sb
