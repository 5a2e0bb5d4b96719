// SPDX-License-Identifier: Apache-2.0
// The event bus: handlers by event type, called in the order they subscribed.
#include "bot/core/domain_events.hpp"

#include <algorithm>

namespace sb {

struct Subscription::Slot {
    std::function<void(void const*)> handler;
    bool active = true;
};

struct Subscription::State {
    std::map<std::type_index, std::vector<std::shared_ptr<Slot>>> handlers;
};

Subscription::Subscription(std::weak_ptr<State> state, std::type_index type,
                           std::shared_ptr<Slot> slot)
    : m_state(std::move(state)), m_type(type), m_slot(std::move(slot)) {}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
    if (this != &other) {
        reset();
        m_state = std::move(other.m_state);
        m_type = other.m_type;
        m_slot = std::move(other.m_slot);
    }
    return *this;
}

Subscription::~Subscription() {
    reset();
}

bool Subscription::active() const {
    return m_slot && m_slot->active && !m_state.expired();
}

void Subscription::reset() {
    if (!m_slot)
        return;
    // A dispatch in progress holds its own copy of the list, so the flag stops it too.
    m_slot->active = false;
    if (auto state = m_state.lock()) {
        auto it = state->handlers.find(m_type);
        if (it != state->handlers.end())
            std::erase(it->second, m_slot);
    }
    m_slot.reset();
    m_state.reset();
}

EventBus::EventBus() : m_state(std::make_shared<Subscription::State>()) {}

Subscription EventBus::add(std::type_index type, std::function<void(void const*)> handler) {
    auto slot = std::make_shared<Subscription::Slot>();
    slot->handler = std::move(handler);
    m_state->handlers[type].push_back(slot);
    return Subscription(m_state, type, std::move(slot));
}

void EventBus::dispatch(std::type_index type, void const* event) {
    auto it = m_state->handlers.find(type);
    if (it == m_state->handlers.end())
        return;
    // A handler may subscribe, unsubscribe or publish again; the copy keeps this loop valid.
    auto slots = it->second;
    for (auto const& slot : slots)
        if (slot->active)
            slot->handler(event);
}

std::size_t EventBus::subscribers_for_test() const {
    std::size_t count = 0;
    for (auto const& [type, slots] : m_state->handlers)
        count += slots.size();
    return count;
}

std::vector<Subscription> subscribe_item_events(EventBus& bus,
                                                std::function<void(ItemId)> handler) {
    std::vector<Subscription> out;
    out.push_back(bus.subscribe<ItemOpened>([handler](ItemOpened const& e) { handler(e.item); }));
    out.push_back(bus.subscribe<ItemClaimed>([handler](ItemClaimed const& e) { handler(e.item); }));
    out.push_back(bus.subscribe<ItemChanged>([handler](ItemChanged const& e) { handler(e.item); }));
    out.push_back(
        bus.subscribe<ItemResolved>([handler](ItemResolved const& e) { handler(e.item); }));
    return out;
}

} // namespace sb
