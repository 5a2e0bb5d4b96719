// SPDX-License-Identifier: Apache-2.0
// RFC 3339 times from vendors: fractions of a second dropped, everything else as parse_instant.
#include "base/rfc3339.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace sb;

namespace {

Instant ten_o_clock() {
    return *parse_instant("2026-11-20T10:00:00Z");
}

} // namespace

TEST(Rfc3339, HostileFractionsAreDroppedOrRefusedNeverMisread) {
    // A fraction of any length is still a fraction: RFC 3339 sets no limit on its digits.
    auto huge = parse_rfc3339("2026-11-20T10:00:00." + std::string(100'000, '9') + "Z");
    ASSERT_TRUE(huge.has_value()) << huge.error().message;
    EXPECT_EQ(*huge, ten_o_clock());
    // The message of a refused time stays short however long the input.
    auto huge_garbage = parse_rfc3339("2026-11-20T10:00:00." + std::string(100'000, '9') + "Zx");
    ASSERT_FALSE(huge_garbage.has_value());
    EXPECT_LT(huge_garbage.error().message.size(), 200u);
    for (std::string const sample : {
             "2026-11-20T10:00:00.Z",             // a dot without digits
             "2026-11-20T10:00:00.",              // a dot at the very end
             "2026-11-20T10:00:00.\u0661\u0662Z", // Arabic-Indic digits
             "2026-11-20T10:00:00.\uff11Z",       // a fullwidth digit
             "2026-11-20T10:00:00.123Zjunk",      // garbage after the zone
             "2026-11-20T10:00:00Z.123",          // a fraction after the zone
             "2026-11-20T10:00.5Z",               // a fraction without seconds
             "2026-11-20T10:00:00.12.34Z",        // two fractions
             "2026-11-20T10:00:00.1 2Z",          // a space inside
             "2026-11-20T10:00:00.-1Z",           // a sign
             "2026.11.20T10:00:00Z",              // dots in the date
             "2026-11-20T10:00:00.123",           // no offset
             ".123",                              // nothing but a fraction
             "",
         })
        EXPECT_FALSE(parse_rfc3339(sample).has_value()) << sample;
}

TEST(Rfc3339, FractionsOfEveryLengthAndOffsetsRead) {
    EXPECT_EQ(*parse_rfc3339("2026-11-20T10:00:00Z"), ten_o_clock());
    EXPECT_EQ(*parse_rfc3339("2026-11-20T10:00:00.1Z"), ten_o_clock());
    EXPECT_EQ(*parse_rfc3339("2026-11-20T10:00:00.999999999Z"), ten_o_clock());
    EXPECT_EQ(*parse_rfc3339("2026-11-20T10:00:00.1234567890123Z"), ten_o_clock());
    EXPECT_EQ(*parse_rfc3339("2026-11-20T11:00:00.5+01:00"), ten_o_clock());
    EXPECT_EQ(*parse_rfc3339("2026-11-20T05:00:00.000-05:00"), ten_o_clock());
}
