// SPDX-License-Identifier: Apache-2.0
// HMAC-SHA256 against published vectors, and constant-time comparison.
#include "base/hmac.hpp"

#include <gtest/gtest.h>

using namespace sb;

TEST(Hmac, MatchesRfc4231TestCase2) {
    EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, ComparesEqualAndUnequal) {
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_NE(random_token(), random_token());
    EXPECT_EQ(random_token(16).size(), 32u);
}
