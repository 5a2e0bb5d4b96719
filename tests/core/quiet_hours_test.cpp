// SPDX-License-Identifier: Apache-2.0
#include "schedules/quiet_hours.hpp"

#include <gtest/gtest.h>

namespace sb::schedules {
namespace {

using namespace std::chrono_literals;

Instant at(std::string const& text) {
    return parse_instant(text).value();
}

TEST(QuietHours, AcrossMidnightInThePersonsZone) {
    QuietHours quiet{22h, 7h, "Europe/Berlin"};
    EXPECT_EQ(quiet_until(quiet, at("2026-11-27T21:59:00+01:00")), at("2026-11-27T21:59:00+01:00"));
    EXPECT_EQ(quiet_until(quiet, at("2026-11-27T22:00:00+01:00")), at("2026-11-28T07:00:00+01:00"));
    EXPECT_EQ(quiet_until(quiet, at("2026-11-28T03:10:00+01:00")), at("2026-11-28T07:00:00+01:00"));
    EXPECT_EQ(quiet_until(quiet, at("2026-11-28T07:00:00+01:00")), at("2026-11-28T07:00:00+01:00"));
}

TEST(QuietHours, WithinOneDay) {
    QuietHours quiet{13h, 14h, "America/New_York"};
    EXPECT_EQ(quiet_until(quiet, at("2026-07-01T13:30:00-04:00")), at("2026-07-01T14:00:00-04:00"));
    EXPECT_EQ(quiet_until(quiet, at("2026-07-01T12:59:00-04:00")), at("2026-07-01T12:59:00-04:00"));
}

TEST(QuietHours, TheNightTheClocksGoBack) {
    // Berlin leaves summer time at 03:00 on 2026-10-25: the night is an hour longer.
    QuietHours quiet{22h, 7h, "Europe/Berlin"};
    EXPECT_EQ(quiet_until(quiet, at("2026-10-24T23:00:00+02:00")), at("2026-10-25T07:00:00+01:00"));
}

} // namespace
} // namespace sb::schedules
