// SPDX-License-Identifier: Apache-2.0
// Delivers the outbox through the chat adapters: retried until done, in order per item and room.
#pragma once

#include "bot/ports/chat_adapter.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/timer_service.hpp"
#include "bot/store/store.hpp"

#include <functional>
#include <map>
#include <set>

namespace sb {

class OutboxDispatcher {
public:
    // nullopt: the item is gone; an error: it could not be read now.
    using CardRenderer = std::function<Result<std::optional<CardView>>(ItemId)>;

    OutboxDispatcher(Store& store, Clock const& clock, TimerService& timers,
                     CardRenderer render_card);
    ~OutboxDispatcher();

    void add_adapter(ChatAdapter& adapter);
    // Looks for deliverable entries; cheap to call often.
    void wake();
    void stop();

    std::int64_t delivered() const { return m_delivered; }
    std::int64_t failed() const { return m_failed; }
    std::int64_t retried() const { return m_retried; }
    bool idle() const { return m_in_flight.empty(); }

    // A delivery the store could not record is recorded again after this.
    static constexpr Seconds store_retry{10};

private:
    void deliver(StoredOutbox const& entry);
    void finished(StoredOutbox const& entry, DeliveryOutcome const& outcome);
    void record_deliveries();
    // The entry's card could not be read: it waits, like a delivery that failed for now.
    void retry_later(StoredOutbox const& entry, Error const& error);

    Store& m_store;
    Clock const& m_clock;
    TimerService& m_timers;
    CardRenderer m_render_card;
    std::map<std::string, ChatAdapter*> m_adapters;
    std::set<std::pair<ItemId, std::string>> m_in_flight; // one delivery per item and adapter
    std::set<std::int64_t> m_in_flight_ids;
    std::map<std::int64_t, std::string> m_unrecorded; // delivered, not yet in the store: ref
    std::optional<TimerId> m_retry_timer;
    Instant m_retry_at{};
    bool m_waking = false;
    bool m_again = false;
    bool m_stopped = false;
    std::int64_t m_delivered = 0;
    std::int64_t m_failed = 0;
    std::int64_t m_retried = 0;
};

} // namespace sb
