// SPDX-License-Identifier: Apache-2.0
// The escalator: one stored deadline per open item, run on the injected timer service. What a
// firing did is announced as ItemChanged, and an ended snooze as SnoozeEnded.
#pragma once

#include "bot/core/context.hpp"

#include <map>

namespace sb {

class Escalator {
public:
    explicit Escalator(CoreContext& context);
    ~Escalator();
    Escalator(Escalator const&) = delete;
    Escalator& operator=(Escalator const&) = delete;

    // Where paging for a new (or re-opened) item starts: a policy's first step now, or a wait
    // until coverage begins when the item arrived in a planned gap. nullopt: nobody is paged.
    std::optional<Deadline> first_deadline(Item const& item, Instant now) const;
    // A deadline that wakes a snoozed item.
    static Deadline wake_deadline(ItemId item, Instant at);

    // Schedules the timer for a deadline already in the store; replaces an earlier one.
    void arm(Deadline const& deadline);
    void disarm(ItemId item);
    // After a restart: every stored deadline is scheduled again; past ones fire at once.
    void arm_all_from_store();
    void stop();

    // A firing whose writes the store refused runs again after this, from the stored deadline.
    static constexpr Seconds store_retry{10};

    // Test hook: how many timers are armed.
    std::size_t armed_for_test() const { return m_timers.size(); }

private:
    // What one firing decided; acted on only once its writes committed.
    struct Outcome {
        std::optional<Deadline> next; // to arm
        bool wake = false;            // the snooze ended
        bool changed = false;         // the item's timeline grew
    };
    void fire(ItemId item);
    void schedule(ItemId item, Instant at);
    Result<void> advance(ItemId item, Outcome& outcome);
    Result<void> run_escalation(Item const& item, Deadline deadline, Outcome& outcome);
    // Display names of people, for a timeline line.
    std::vector<std::string> names(std::vector<std::string> const& people) const;
    // Notifies one step's targets; false when nobody could be reached.
    Result<bool> run_step(Item const& item, config::EscalationPolicy const& policy,
                          config::EscalationStep const& step, int step_index, int round);
    Result<void> page(Item const& item, std::string const& person, std::string const& why,
                      std::vector<std::string> const& via, Urgency urgency, Instant now);
    Result<void> post_to_room(Item const& item, std::string const& text, Instant now);
    std::string select_policy(std::string const& team, Instant at) const;

    CoreContext& m_context;
    std::map<ItemId, TimerId> m_timers;
    std::optional<TimerId> m_reload_timer; // arm_all_from_store again after a failed read
};

} // namespace sb
