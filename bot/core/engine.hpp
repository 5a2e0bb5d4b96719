// SPDX-License-Identifier: Apache-2.0
// The composition root of the core: the event bus, context, escalator, item service, outbox,
// pager, commands and rota changes, built and wired in one place and free of any IO. The daemon,
// simulate, demo, the tests and the benches all build the core through it; the daemon adds its
// adapters, HTTP and sources on top.
#pragma once

#include "base/running_parts.hpp"
#include "bot/core/command_handler.hpp"
#include "bot/core/context.hpp"
#include "bot/core/domain_events.hpp"
#include "bot/core/escalator.hpp"
#include "bot/core/item_service.hpp"
#include "bot/core/outbox_dispatcher.hpp"
#include "bot/core/pager.hpp"
#include "bot/store/page_repository.hpp"

#include <memory>

namespace sb {

namespace rota {
class ConfigRota;
}
class RotaCommands;
class RotaService;
class RotaRepository;

// What the core is built from.
struct EngineParts {
    config::Config const& config;
    Store& store;
    Clock const& clock;
    TimerService& timers;
    RotaResolver const& rota;
    // The rota that absences, overrides and swaps change (chat commands, API, web page). Without
    // one (a scripted rota in tests) the engine has no rota service and no rota commands.
    rota::ConfigRota* editable_rota = nullptr;
    // Signs the claim links in phone pages; without one, a random secret is used and links stop
    // working after a restart.
    std::string claim_secret = {};
};

class Engine {
public:
    // The router's rules were validated with the config; a rule that still fails is a bug.
    static Result<std::unique_ptr<Engine>> create(EngineParts parts);
    ~Engine();
    Engine(Engine const&) = delete;
    Engine& operator=(Engine const&) = delete;

    void add_chat(ChatAdapter& adapter);
    void add_notifier(Notifier& notifier);
    // Starts the chat adapters, delivers what the outbox still holds and re-arms every stored
    // page and deadline.
    void start();
    // Stops what start() started, in reverse; what is still pending stays in the store for the
    // next start. Lets go of the chat adapters.
    void stop();

    EventBus& events() { return m_events; }
    CoreContext& context() { return m_context; }
    ItemService& items() { return *m_items; }
    CommandHandler& commands() { return *m_commands; }
    OutboxDispatcher& outbox() { return *m_outbox; }
    Escalator& escalator() { return *m_escalator; }
    Pager& pager() { return *m_pager; }
    // Only with an editable rota.
    bool has_rota_service() const { return m_rota_service != nullptr; }
    RotaService& rota_service();

private:
    explicit Engine(EngineParts const& parts);
    Result<void> build(EngineParts parts);
    // The listeners inside the core: the outbox wakes on every change, the pager stops phones
    // ringing for an item no longer open, a snooze's end re-opens its item.
    void subscribe();

    EventBus m_events;
    CoreContext m_context;
    std::unique_ptr<Escalator> m_escalator;
    std::unique_ptr<ItemService> m_items;
    std::unique_ptr<OutboxDispatcher> m_outbox;
    std::unique_ptr<CommandHandler> m_commands;
    std::unique_ptr<Pager> m_pager;
    std::unique_ptr<RotaService> m_rota_service;
    std::unique_ptr<RotaCommands> m_rota_commands;
    std::vector<Subscription> m_subscriptions;
    std::vector<ChatAdapter*> m_chats;
    RunningParts m_running;
};

} // namespace sb
