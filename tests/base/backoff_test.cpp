// SPDX-License-Identifier: Apache-2.0
#include "base/backoff.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace sb {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, HostileCountsNeitherOverflowNorShrinkTheWait) {
    Backoff const backoff{1s, 5min, 2, 0};
    EXPECT_EQ(backoff.delay(std::numeric_limits<int>::max()), 5min);
    EXPECT_EQ(backoff.delay(0), 1s);
    EXPECT_EQ(backoff.delay(-7), 1s);
    Backoff const wild{1s, 1min, 1000, 7.5}; // a jitter above 1 counts as 1
    std::mt19937_64 random(1);
    for (int i = 0; i < 100; ++i) {
        auto wait = wild.delay(3, random);
        EXPECT_GE(wait, 0ms);
        EXPECT_LE(wait, 1min);
    }
}

TEST(Backoff, GrowsByItsFactorUpToItsCeiling) {
    Backoff const pages{5s, 300s, 3, 0};
    EXPECT_EQ(pages.delay(1), 5s);
    EXPECT_EQ(pages.delay(2), 15s);
    EXPECT_EQ(pages.delay(3), 45s);
    EXPECT_EQ(pages.delay(5), 300s);
}

TEST(Backoff, JitterTakesOffAtMostItsShare) {
    Backoff const polls{10s, 80s, 2, 0.2};
    std::mt19937_64 random(42);
    bool varied = false;
    auto first = polls.delay(3, random);
    for (int i = 0; i < 200; ++i) {
        auto wait = polls.delay(3, random);
        EXPECT_GE(wait, 32s);
        EXPECT_LE(wait, 40s);
        varied = varied || wait != first;
    }
    EXPECT_TRUE(varied);
}

} // namespace
} // namespace sb
