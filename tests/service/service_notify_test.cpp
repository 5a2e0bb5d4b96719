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
    ManualClock m_clock{Instant{std::chrono::seconds(1'800'000'000)}};
    ManualTimers m_timers{m_clock};
    RecordingManager m_manager;
    std::optional<std::string> m_missing;
    ReadinessAnnouncer m_announcer{m_manager, m_timers, m_clock, [this] { return m_missing; }};
};

TEST_F(ReadinessAnnouncerTest, AHostileReasonCannotAddAnAssignmentOfItsOwn) {
    m_missing = "chat:slack: server said \nREADY=1\nMAINPID=1\r\x1b[2J" + std::string(500, 'x');
    m_announcer.start();
    ASSERT_EQ(m_manager.sent.size(), 1U);
    auto const& status = m_manager.sent.front();
    EXPECT_EQ(status.find('\n'), std::string::npos) << status;
    EXPECT_EQ(status.find('\r'), std::string::npos);
    EXPECT_EQ(status.find('\x1b'), std::string::npos);
    EXPECT_EQ(status.rfind("STATUS=waiting for chat:slack: server said  READY=1 MAINPID=1", 0), 0U)
        << status;
    EXPECT_LE(status.size(), std::string("STATUS=waiting for ").size() + 200);
    EXPECT_FALSE(m_announcer.announced());
}

TEST_F(ReadinessAnnouncerTest, ReadyIsSentOnceWhenNothingIsMissingAnyMore) {
    m_missing = "chat:slack: connecting";
    m_announcer.start();
    m_timers.advance_to(m_clock.now() + std::chrono::seconds(5));
    // The same status five times over would only fill the journal.
    ASSERT_EQ(m_manager.sent.size(), 1U);
    EXPECT_EQ(m_manager.sent[0], "STATUS=waiting for chat:slack: connecting");
    EXPECT_FALSE(m_announcer.announced());

    m_missing = "source:mastodon: 503 from the server";
    m_timers.advance_to(m_clock.now() + std::chrono::seconds(1));
    ASSERT_EQ(m_manager.sent.size(), 2U);
    EXPECT_EQ(m_manager.sent[1], "STATUS=waiting for source:mastodon: 503 from the server");

    m_missing.reset();
    m_timers.advance_to(m_clock.now() + std::chrono::seconds(1));
    ASSERT_EQ(m_manager.sent.size(), 3U);
    EXPECT_EQ(m_manager.sent[2], "READY=1\nSTATUS=ready");
    EXPECT_TRUE(m_announcer.announced());
    EXPECT_EQ(m_timers.pending(), 0U);

    // Readiness lost later is /readyz's to report; the unit has started once.
    m_missing = "store: disk full";
    m_timers.advance_to(m_clock.now() + std::chrono::seconds(10));
    EXPECT_EQ(m_manager.sent.size(), 3U);
}

TEST_F(ReadinessAnnouncerTest, AReadyDaemonAnnouncesAtStartWithoutWaiting) {
    m_announcer.start();
    ASSERT_EQ(m_manager.sent.size(), 1U);
    EXPECT_EQ(m_manager.sent[0], "READY=1\nSTATUS=ready");
    EXPECT_EQ(m_timers.pending(), 0U);
}

TEST_F(ReadinessAnnouncerTest, StoppingCancelsTheWaitAndSaysSo) {
    m_missing = "chat:matrix: syncing";
    m_announcer.start();
    m_announcer.stopping();
    EXPECT_EQ(m_manager.sent.back(), "STOPPING=1\nSTATUS=stopping");
    EXPECT_EQ(m_timers.pending(), 0U);
    m_missing.reset();
    m_timers.advance_to(m_clock.now() + std::chrono::seconds(5));
    EXPECT_FALSE(m_announcer.announced());
}

TEST(ServiceStatusLine, KeepsUtf8WholeAtTheLimit) {
    std::string text(199, 'a');
    text += "\xc3\xa4"; // ä across the 200-byte limit
    auto const line = service_status_line(text);
    EXPECT_EQ(line, std::string(199, 'a'));
}

} // namespace
} // namespace sb
