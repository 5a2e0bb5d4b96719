// SPDX-License-Identifier: Apache-2.0
// What the core announces after a change committed, and the bus that carries it to listeners.
// The bus is synchronous and single-threaded like the core: publish() returns once every
// handler ran, in the order they subscribed.
#pragma once

#include "bot/core/item.hpp"
#include "bot/store/rota_repository.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <typeindex>
#include <vector>

namespace sb {

// A new item, from a source.
struct ItemOpened {
    ItemId item = 0;
    std::string team;
    Priority priority = Priority::normal;
};

// Somebody took the item: a claim, a hand-off or an acknowledgement on a phone.
struct ItemClaimed {
    ItemId item = 0;
    std::string person;
};

// Any other change of the item or its timeline: snooze, dismiss, note, release, an escalation
// step, a page, an edit of its mention. `kind` is the timeline event's kind ("snoozed" …).
struct ItemChanged {
    ItemId item = 0;
    std::string kind;
};

struct ItemResolved {
    ItemId item = 0;
    std::string person;
};

// An absence, override or swap was added or changed; the entry as stored now.
struct RotaChanged {
    RotaEntry entry;
};

// A snoozed item's time came; it is to be opened again.
struct SnoozeEnded {
    ItemId item = 0;
};

// Messages were queued that belong to no item change (a test page, a sign-in link).
struct MessagesQueued {};

class EventBus;

// A handler's registration; dropping it unsubscribes. Safe to outlive the bus.
class Subscription {
public:
    Subscription() = default;
    Subscription(Subscription&& other) noexcept = default;
    Subscription& operator=(Subscription&& other) noexcept;
    Subscription(Subscription const&) = delete;
    Subscription& operator=(Subscription const&) = delete;
    ~Subscription();

    void reset();
    bool active() const;

private:
    friend class EventBus;
    struct Slot;
    struct State;
    Subscription(std::weak_ptr<State> state, std::type_index type, std::shared_ptr<Slot> slot);

    std::weak_ptr<State> m_state;
    std::type_index m_type = typeid(void);
    std::shared_ptr<Slot> m_slot;
};

class EventBus {
public:
    EventBus();
    EventBus(EventBus const&) = delete;
    EventBus& operator=(EventBus const&) = delete;

    template <class Event>
    [[nodiscard]] Subscription subscribe(std::function<void(Event const&)> handler) {
        return add(typeid(Event), [handler = std::move(handler)](void const* event) {
            handler(*static_cast<Event const*>(event));
        });
    }

    // Runs every handler of this event type. A handler subscribed meanwhile waits for the next
    // event; one unsubscribed meanwhile is not called any more.
    template <class Event> void publish(Event const& event) { dispatch(typeid(Event), &event); }

    std::size_t subscribers_for_test() const;

private:
    Subscription add(std::type_index type, std::function<void(void const*)> handler);
    void dispatch(std::type_index type, void const* event);

    std::shared_ptr<Subscription::State> m_state;
};

// One handler for every item event (opened, claimed, changed, resolved): for views that only
// need to know which item to show again.
std::vector<Subscription> subscribe_item_events(EventBus& bus, std::function<void(ItemId)> handler);

} // namespace sb
