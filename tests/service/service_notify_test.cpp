// SPDX-License-Identifier: Apache-2.0
// Readiness for systemd: READY=1 once nothing is missing and never before, what is missing in
// STATUS= on one line whatever a remote server wrote, STOPPING=1 at shutdown.
#include "bot/core/manual_time.hpp"
#include "bot/daemon/service_notify.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb {
namespace {

class RecordingManager : public ServiceManager {
public:
    void notify(std::string const& assignments) override { sent.push_back(assignments); }
    std::vector<std::string> sent;
};

class ReadinessAnnouncerTest : public ::testing::Test {
protected:
    ManualClock clock{Instant{std::chrono::seconds(1'800'000'000)}};
    ManualTimers timers{clock};
    RecordingManager manager;
    std::optional<std::string> missing;
    ReadinessAnnouncer announcer{manager, timers, clock, [this] { return missing; }};
};

TEST_F(ReadinessAnnouncerTest, AHostileReasonCannotAddAnAssignmentOfItsOwn) {
    missing = "chat:slack: server said \nREADY=1\nMAINPID=1\r\x1b[2J" + std::string(500, 'x');
    announcer.start();
    ASSERT_EQ(manager.sent.size(), 1u);
    auto const& status = manager.sent.front();
    EXPECT_EQ(status.find('\n'), std::string::npos) << status;
    EXPECT_EQ(status.find('\r'), std::string::npos);
    EXPECT_EQ(status.find('\x1b'), std::string::npos);
    EXPECT_EQ(status.rfind("STATUS=waiting for chat:slack: server said  READY=1 MAINPID=1", 0), 0u)
        << status;
    EXPECT_LE(status.size(), std::string("STATUS=waiting for ").size() + 200);
    EXPECT_FALSE(announcer.announced());
}

TEST_F(ReadinessAnnouncerTest, ReadyIsSentOnceWhenNothingIsMissingAnyMore) {
    missing = "chat:slack: connecting";
    announcer.start();
    timers.advance_to(clock.now() + std::chrono::seconds(5));
    // The same status five times over would only fill the journal.
    ASSERT_EQ(manager.sent.size(), 1u);
    EXPECT_EQ(manager.sent[0], "STATUS=waiting for chat:slack: connecting");
    EXPECT_FALSE(announcer.announced());

    missing = "source:mastodon: 503 from the server";
    timers.advance_to(clock.now() + std::chrono::seconds(1));
    ASSERT_EQ(manager.sent.size(), 2u);
    EXPECT_EQ(manager.sent[1], "STATUS=waiting for source:mastodon: 503 from the server");

    missing.reset();
    timers.advance_to(clock.now() + std::chrono::seconds(1));
    ASSERT_EQ(manager.sent.size(), 3u);
    EXPECT_EQ(manager.sent[2], "READY=1\nSTATUS=ready");
    EXPECT_TRUE(announcer.announced());
    EXPECT_EQ(timers.pending(), 0u);

    // Readiness lost later is /readyz's to report; the unit has started once.
    missing = "store: disk full";
    timers.advance_to(clock.now() + std::chrono::seconds(10));
    EXPECT_EQ(manager.sent.size(), 3u);
}

TEST_F(ReadinessAnnouncerTest, AReadyDaemonAnnouncesAtStartWithoutWaiting) {
    announcer.start();
    ASSERT_EQ(manager.sent.size(), 1u);
    EXPECT_EQ(manager.sent[0], "READY=1\nSTATUS=ready");
    EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(ReadinessAnnouncerTest, StoppingCancelsTheWaitAndSaysSo) {
    missing = "chat:matrix: syncing";
    announcer.start();
    announcer.stopping();
    EXPECT_EQ(manager.sent.back(), "STOPPING=1\nSTATUS=stopping");
    EXPECT_EQ(timers.pending(), 0u);
    missing.reset();
    timers.advance_to(clock.now() + std::chrono::seconds(5));
    EXPECT_FALSE(announcer.announced());
}

TEST(ServiceStatusLine, KeepsUtf8WholeAtTheLimit) {
    std::string text(199, 'a');
    text += "\xc3\xa4"; // ä across the 200-byte limit
    auto const line = service_status_line(text);
    EXPECT_EQ(line, std::string(199, 'a'));
}

} // namespace
} // namespace sb
