// SPDX-License-Identifier: Apache-2.0
// Tests for the scanner that maps JSON pointer paths to source lines.
#include "config/json_positions.hpp"

#include <gtest/gtest.h>

namespace sb::config {
namespace {

TEST(JsonPositions, MembersAndArrayElementsGetTheLineTheyStartOn) {
    auto positions = scan_positions("{\n"
                                    "  \"a\": {\n"
                                    "    \"b\": [1,\n"
                                    "          2]\n"
                                    "  },\n"
                                    "  \"c\": true\n"
                                    "}\n");
    EXPECT_EQ(positions.lines.at("/a"), 2);
    EXPECT_EQ(positions.lines.at("/a/b"), 3);
    EXPECT_EQ(positions.lines.at("/a/b/0"), 3);
    EXPECT_EQ(positions.lines.at("/a/b/1"), 4);
    EXPECT_EQ(positions.lines.at("/c"), 6);
}

TEST(JsonPositions, CommentsAndStringsWithBracesDoNotConfuseTheScanner) {
    auto positions = scan_positions("// { \"not\": 1 }\n"
                                    "{ /* \"x\": [\n ] */\n"
                                    "  \"s\": \"}\\\" // not a comment {\",\n"
                                    "  \"t\": 1 // trailing\n"
                                    "}\n");
    EXPECT_EQ(positions.lines.count("/not"), 0u);
    EXPECT_EQ(positions.lines.count("/x"), 0u);
    EXPECT_EQ(positions.lines.at("/s"), 4);
    EXPECT_EQ(positions.lines.at("/t"), 5);
}

TEST(JsonPositions, EscapedKeysMapToTheirDecodedPointer) {
    auto positions = scan_positions("{\"a/b\": 1,\n\"t\\u00e4g\": 2,\n\"q\\\"\": 3}");
    EXPECT_EQ(positions.lines.at("/a~1b"), 1);
    EXPECT_EQ(positions.lines.at("/t\xC3\xA4g"), 2);
    EXPECT_EQ(positions.lines.at("/q\""), 3);
}

TEST(JsonPositions, RepeatedKeysAreReportedWithBothLines) {
    auto positions = scan_positions("{\n\"a\": 1,\n\"b\": {\"x\": 1,\n\"x\": 2}}");
    ASSERT_EQ(positions.duplicates.size(), 1u);
    EXPECT_EQ(positions.duplicates[0].path, "/b/x");
    EXPECT_EQ(positions.duplicates[0].first_line, 3);
    EXPECT_EQ(positions.duplicates[0].line, 4);
}

TEST(JsonPositions, UnknownPathsFallBackToTheNearestAncestor) {
    auto positions = scan_positions("{\n\"a\": {\n\"b\": 1}}");
    EXPECT_EQ(positions.line_of("/a/missing/deeper"), 2);
    EXPECT_EQ(positions.line_of("/nothing"), 1);
}

TEST(JsonPositions, MalformedInputEndsTheScanWithoutCrashing) {
    for (char const* text : {"{", "{\"a\"", "[1,", "{\"a\": [", "\"open", "/* open", "{\"a\":}"})
        EXPECT_NO_THROW(scan_positions(text)) << text;
}

} // namespace
} // namespace sb::config
