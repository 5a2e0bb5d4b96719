// SPDX-License-Identifier: Apache-2.0
// An escalation step is one transaction: a store fault half-way through keeps nothing of it, and
// the step runs whole once the fault clears. Faults are injected with SQLite triggers.
#include "core_fixture.hpp"
#include "tests/support/store_access.hpp"

#include "bot/core/outbox_dispatcher.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace sb::test {
namespace {

using namespace std::chrono_literals;

class CountingNotifier : public Notifier {
public:
    std::string const& name() const override { return m_name; }
    AdapterHealth health() const override { return {}; }
    void send(PageRequest const& page, std::function<void(Result<PageSent>)> done) override {
        sent.push_back(page);
        done(PageSent{});
    }
    void check_receipt(std::string const&, std::function<void(Result<ReceiptStatus>)>) override {}
    void cancel_receipt(std::string const&) override {}
    std::vector<PageRequest> sent;

private:
    std::string m_name = "ntfy";
};

struct Snapshot {
    int outbox = 0;
    int pages = 0;
    int timeline = 0;
    std::optional<Deadline> deadline;
};

// The faults, each at another point of step 2: its room post comes first, then Carol's chat DM
// page, then her phone page, then the timeline's "escalated", and its next deadline last.
struct Fault {
    char const* name;
    char const* trigger;
};

void PrintTo(Fault const& fault, std::ostream* out) {
    *out << fault.name;
}

class StepAtomicityTest : public CoreTest, public ::testing::WithParamInterface<Fault> {
protected:
    void SetUp() override {
        CoreTest::SetUp();
        m_config.people["carol"].push = {{"ntfy", "carol-phone", 0s}};
        auto& step = m_config.policies["after-hours"].steps[1];
        config::EscalationTarget room;
        room.room = true;
        step.notify.insert(step.notify.begin(), room);
        step.via = {"chat_dm", "push"};
        restart();
        m_engine->add_notifier(m_ntfy);
    }
    int rows(std::string const& sql, ItemId id) {
        SQLite::Statement q(StoreAccessForTest::connection(*m_store), sql);
        q.bind(1, static_cast<int64_t>(id));
        q.executeStep();
        return q.getColumn(0).getInt();
    }
    Snapshot snapshot(ItemId id) {
        return {rows("SELECT COUNT(*) FROM outbox WHERE item_id = ?", id),
                rows("SELECT COUNT(*) FROM pages WHERE item_id = ?", id),
                rows("SELECT COUNT(*) FROM timeline WHERE item_id = ?", id),
                m_store->deadlines().get(id).value()};
    }
    std::size_t room_posts() const {
        std::size_t n = 0;
        for (auto const& m : m_chat.of_kind(OutboxKind::room_message))
            n += m.text.starts_with("Unclaimed for ");
        return n;
    }

    CountingNotifier m_ntfy;
};

TEST_P(StepAtomicityTest, AFaultHalfWayKeepsNothingOfTheStepAndItRunsWholeOnceTheFaultClears) {
    auto id = ingest("1");
    ASSERT_EQ(paged_people(), std::vector<std::string>{"bob"});
    auto before = snapshot(id);
    ASSERT_TRUE(before.deadline);
    ASSERT_EQ(before.deadline->step, 1);

    StoreAccessForTest::connection(*m_store).exec(GetParam().trigger);
    m_timers->advance_to(m_clock.now() + 10min);

    // Nothing of step 2 was kept or delivered; its deadline still says step 2 is next.
    auto failed = snapshot(id);
    EXPECT_EQ(failed.outbox, before.outbox);
    EXPECT_EQ(failed.pages, before.pages);
    EXPECT_EQ(failed.timeline, before.timeline);
    ASSERT_TRUE(failed.deadline);
    EXPECT_EQ(failed.deadline->step, 1);
    EXPECT_EQ(failed.deadline->due_at, before.deadline->due_at);
    EXPECT_EQ(room_posts(), 0u);
    EXPECT_EQ(paged_people(), std::vector<std::string>{"bob"});
    EXPECT_TRUE(m_ntfy.sent.empty());

    // While the fault lasts, each retry keeps nothing either.
    m_timers->advance_to(m_clock.now() + Escalator::store_retry);
    EXPECT_EQ(snapshot(id).timeline, before.timeline);
    EXPECT_EQ(room_posts(), 0u);

    StoreAccessForTest::connection(*m_store).exec("DROP TRIGGER fault");
    m_timers->advance_to(m_clock.now() + Escalator::store_retry);

    // The step ran once, whole: one room post, one DM and one phone page for Carol, their
    // events, and the deadline of step 3.
    EXPECT_EQ(room_posts(), 1u);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob", "carol"}));
    ASSERT_EQ(m_ntfy.sent.size(), 1u);
    EXPECT_EQ(m_ntfy.sent[0].person, "carol");
    auto after = snapshot(id);
    ASSERT_TRUE(after.deadline);
    EXPECT_EQ(after.deadline->step, 2);
    EXPECT_EQ(rows("SELECT COUNT(*) FROM pages WHERE item_id = ? AND person = 'carol'", id), 2);
    EXPECT_EQ(rows("SELECT COUNT(*) FROM timeline WHERE item_id = ? AND kind = 'escalated'", id),
              2);
    EXPECT_EQ(
        rows("SELECT COUNT(*) FROM timeline WHERE item_id = ? AND kind = 'room_notified'", id), 1);
    EXPECT_EQ(rows("SELECT COUNT(*) FROM timeline WHERE item_id = ? AND kind = 'page_queued'", id),
              1);

    // Nothing is sent again later.
    m_timers->advance_to(m_clock.now() + 5min);
    EXPECT_EQ(room_posts(), 1u);
    EXPECT_EQ(paged_people(), (std::vector<std::string>{"bob", "carol"}));
    EXPECT_EQ(m_ntfy.sent.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, StepAtomicityTest,
    ::testing::Values(
        Fault{"ChatDmPage",
              "CREATE TEMP TRIGGER fault BEFORE INSERT ON pages WHEN NEW.method LIKE 'chat_dm:%' "
              "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"},
        Fault{"PageRecord", "CREATE TEMP TRIGGER fault BEFORE INSERT ON pages WHEN NEW.method "
                            "LIKE 'push:%' BEGIN SELECT RAISE(ABORT, 'injected fault'); END"},
        Fault{"EscalatedEvent",
              "CREATE TEMP TRIGGER fault BEFORE INSERT ON timeline WHEN NEW.kind = 'escalated' "
              "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"},
        Fault{"Deadline", "CREATE TEMP TRIGGER fault BEFORE INSERT ON deadlines "
                          "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"}),
    [](auto const& info) { return std::string(info.param.name); });

TEST_F(CoreTest, ADeliveryTheStoreCannotRecordIsNotSentAgain) {
    StoreAccessForTest::connection(*m_store).exec(
        "CREATE TEMP TRIGGER fault BEFORE UPDATE ON outbox WHEN NEW.state = "
        "'delivered' BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
    auto id = ingest("1");
    // The card went out; Bob's DM about the same item waits behind it, in order.
    ASSERT_EQ(m_chat.delivered.size(), 1u);
    EXPECT_EQ(m_chat.delivered[0].kind, OutboxKind::post_card);
    m_timers->advance_to(m_clock.now() + OutboxDispatcher::store_retry * 3);
    EXPECT_EQ(m_chat.delivered.size(), 1u);

    StoreAccessForTest::connection(*m_store).exec("DROP TRIGGER fault");
    m_timers->advance_to(m_clock.now() + OutboxDispatcher::store_retry);
    ASSERT_EQ(m_chat.delivered.size(), 2u);
    EXPECT_EQ(m_chat.delivered[1].kind, OutboxKind::direct_message);
    SQLite::Statement q(StoreAccessForTest::connection(*m_store),
                        "SELECT COUNT(*) FROM outbox WHERE item_id = ? AND state = 'delivered'");
    q.bind(1, static_cast<int64_t>(id));
    q.executeStep();
    EXPECT_EQ(q.getColumn(0).getInt(), 2);
    // The card's reference is known again, so updates reach it.
    EXPECT_EQ(command("bob", "claim " + std::to_string(id)).find("Sorry"), std::string::npos);
    EXPECT_EQ(m_chat.of_kind(OutboxKind::update_card).size(), 1u);
}

} // namespace
} // namespace sb::test
