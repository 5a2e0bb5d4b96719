// SPDX-License-Identifier: Apache-2.0
// Delivers the outbox through the chat adapters, with back-off, never out of order per item.
#include "bot/core/outbox_dispatcher.hpp"
#include "base/backoff.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {
namespace {

// Entries for item 0 (not about an item) are ordered per room instead.
std::pair<ItemId, std::string> order_key(OutboxMessage const& m) {
    if (m.item_id != 0)
        return {m.item_id, m.adapter};
    return {0, m.adapter + "\n" + m.room + "\n" + m.person};
}

void log_failure(Result<void> const& done, std::int64_t id, char const* what) {
    if (!done)
        spdlog::error("outbox: entry {} not marked {}: {}", id, what, done.error().message);
}

// 1 s before the first retry, doubling up to five minutes.
Seconds backoff(int attempts) {
    constexpr Backoff delivery{std::chrono::seconds(1), std::chrono::minutes(5)};
    return std::chrono::duration_cast<Seconds>(delivery.delay(attempts + 1));
}

} // namespace

OutboxDispatcher::OutboxDispatcher(Store& store, Clock const& clock, TimerService& timers,
                                   CardRenderer render_card)
    : m_store(store), m_clock(clock), m_timers(timers), m_render_card(std::move(render_card)) {}

OutboxDispatcher::~OutboxDispatcher() {
    stop();
}

void OutboxDispatcher::stop() {
    m_stopped = true;
    if (m_retry_timer)
        m_timers.cancel(*m_retry_timer);
    m_retry_timer.reset();
}

void OutboxDispatcher::add_adapter(ChatAdapter& adapter) {
    m_adapters[adapter.name()] = &adapter;
}

void OutboxDispatcher::wake() {
    if (m_stopped)
        return;
    // A delivery that completes synchronously calls back into wake(); run the loop once more
    // instead of recursing.
    if (m_waking) {
        m_again = true;
        return;
    }
    m_waking = true;
    do {
        m_again = false;
        auto now = m_clock.now();
        record_deliveries();
        std::set<std::pair<ItemId, std::string>> blocked = m_in_flight;
        std::optional<Instant> earliest_retry;
        auto read = m_store.outbox().pending(500);
        if (!read) {
            // The store failed to read (busy, an I/O error): nothing is lost, so try again soon.
            spdlog::error("outbox: cannot read the pending messages: {}", read.error().message);
            earliest_retry = now + store_retry;
        }
        auto const pending = read ? std::move(*read) : std::vector<StoredOutbox>();
        for (std::size_t i = 0; i < pending.size(); ++i) {
            auto const& entry = pending[i];
            auto key = order_key(entry.message);
            if (m_in_flight_ids.contains(entry.message.id) || blocked.contains(key))
                continue;
            if (m_unrecorded.contains(entry.message.id)) {
                // Delivered already; it holds back later entries until the store has it.
                blocked.insert(key);
                earliest_retry = earliest_retry ? std::min(*earliest_retry, now + store_retry)
                                                : now + store_retry;
                continue;
            }
            // Whatever happens to this entry, later ones of the same item wait behind it.
            blocked.insert(key);
            if (entry.next_attempt_at > now) {
                if (!earliest_retry || entry.next_attempt_at < *earliest_retry)
                    earliest_retry = entry.next_attempt_at;
                continue;
            }
            if (entry.message.kind == OutboxKind::update_card) {
                // The card is rendered from the item's current state, so a later update of the
                // same card makes this one redundant.
                bool superseded =
                    std::any_of(pending.begin() + static_cast<std::ptrdiff_t>(i) + 1, pending.end(),
                                [&](StoredOutbox const& later) {
                                    return later.message.kind == OutboxKind::update_card &&
                                           later.message.item_id == entry.message.item_id &&
                                           later.message.adapter == entry.message.adapter;
                                });
                if (superseded) {
                    log_failure(m_store.outbox().delivered(entry.message.id, "superseded"),
                                entry.message.id, "superseded");
                    blocked.erase(key);
                    continue;
                }
            }
            deliver(entry);
        }
        if (earliest_retry && (!m_retry_timer || *earliest_retry < m_retry_at)) {
            if (m_retry_timer)
                m_timers.cancel(*m_retry_timer);
            m_retry_at = *earliest_retry;
            m_retry_timer = m_timers.schedule(*earliest_retry, [this] {
                m_retry_timer.reset();
                wake();
            });
        }
    } while (m_again && !m_stopped);
    m_waking = false;
}

void OutboxDispatcher::deliver(StoredOutbox const& entry) {
    auto message = entry.message;
    auto adapter = m_adapters.find(message.adapter);
    if (adapter == m_adapters.end()) {
        spdlog::error("outbox: no chat adapter named '{}' for entry {}; dropped", message.adapter,
                      message.id);
        log_failure(
            m_store.outbox().failed(message.id, "no chat adapter named '" + message.adapter + "'"),
            message.id, "failed");
        ++m_failed;
        return;
    }
    // A page by DM carries its item's card too: the adapter's Claim button speaks its language.
    bool const needs_card = message.kind == OutboxKind::post_card ||
                            message.kind == OutboxKind::update_card ||
                            (message.kind == OutboxKind::direct_message && message.item_id != 0);
    if (needs_card) {
        auto card = m_render_card(message.item_id);
        if (!card) {
            retry_later(entry, card.error());
            return;
        }
        message.card = std::move(*card);
    }
    if (message.kind == OutboxKind::post_card || message.kind == OutboxKind::update_card) {
        if (!message.card) {
            log_failure(m_store.outbox().failed(message.id, "the item is gone"), message.id,
                        "failed");
            ++m_failed;
            return;
        }
    }
    if ((message.kind == OutboxKind::update_card || message.kind == OutboxKind::thread_note) &&
        message.card_ref.empty()) {
        // Its card was never posted (a permanent failure): there is nothing to update.
        log_failure(m_store.outbox().failed(message.id, "the card was never posted"), message.id,
                    "failed");
        ++m_failed;
        return;
    }
    auto key = order_key(message);
    m_in_flight.insert(key);
    m_in_flight_ids.insert(message.id);
    StoredOutbox sent = entry;
    sent.message = message;
    adapter->second->deliver(message,
                             [this, sent](DeliveryOutcome outcome) { finished(sent, outcome); });
}

void OutboxDispatcher::retry_later(StoredOutbox const& entry, Error const& error) {
    auto const& message = entry.message;
    spdlog::warn("outbox: could not read the card of entry {}, trying again in {}: {}", message.id,
                 format_duration(store_retry), error.message);
    log_failure(m_store.outbox().retry(message.id, m_clock.now() + store_retry, error.message),
                message.id, "for a retry");
    ++m_retried;
}

void OutboxDispatcher::finished(StoredOutbox const& entry, DeliveryOutcome const& outcome) {
    auto const& message = entry.message;
    m_in_flight.erase(order_key(message));
    m_in_flight_ids.erase(message.id);
    if (outcome.delivered) {
        if (auto done = m_store.outbox().delivered(message.id, outcome.receipt.message_ref);
            !done) {
            // Sending it again would post it twice: remember it and record it later.
            spdlog::error("outbox: entry {} was delivered but not recorded, trying again in {}: {}",
                          message.id, format_duration(store_retry), done.error().message);
            m_unrecorded[message.id] = outcome.receipt.message_ref;
        }
        ++m_delivered;
    } else if (outcome.failure.retry == Retry::never) {
        spdlog::error("outbox: {} refused entry {} for good: {}", message.adapter, message.id,
                      outcome.failure.error.message);
        log_failure(m_store.outbox().failed(message.id, outcome.failure.error.message), message.id,
                    "failed");
        ++m_failed;
    } else {
        auto wait = outcome.failure.retry_after.value_or(backoff(message.attempts));
        spdlog::warn("outbox: {} could not deliver entry {} (attempt {}): {}; retrying in {}",
                     message.adapter, message.id, message.attempts + 1,
                     outcome.failure.error.message, format_duration(wait));
        log_failure(
            m_store.outbox().retry(message.id, m_clock.now() + wait, outcome.failure.error.message),
            message.id, "for a retry");
        ++m_retried;
    }
    if (!m_stopped)
        wake();
}

void OutboxDispatcher::record_deliveries() {
    for (auto it = m_unrecorded.begin(); it != m_unrecorded.end();) {
        if (m_store.outbox().delivered(it->first, it->second))
            it = m_unrecorded.erase(it);
        else
            ++it;
    }
}

} // namespace sb
