// SPDX-License-Identifier: Apache-2.0
// The core assembled: context, escalator, item service, outbox and commands, free of any IO.
#pragma once

#include "bot/core/command_handler.hpp"
#include "bot/core/context.hpp"
#include "bot/core/escalator.hpp"
#include "bot/core/item_service.hpp"
#include "bot/core/outbox_dispatcher.hpp"
#include "bot/core/pager.hpp"
#include "bot/store/page_store.hpp"

#include <memory>

namespace sb {

class Engine {
public:
    // The router's rules were validated with the config; a rule that still fails is a bug.
    // claim_secret signs the claim links in phone pages; without one, a random secret is used
    // and links stop working after a restart.
    static Result<std::unique_ptr<Engine>> create(config::Config const& config, Store& store,
                                                  Clock const& clock, TimerService& timers,
                                                  RotaResolver const& rota,
                                                  std::string claim_secret = {});
    ~Engine();

    void add_chat(ChatAdapter& adapter);
    void add_notifier(Notifier& notifier);
    // Re-arms every stored deadline and delivers what the outbox still holds.
    void start();
    // Stops timers and deliveries; what is still pending stays in the store for the next start.
    void stop();

    CoreContext& context() { return m_context; }
    ItemService& items() { return *m_items; }
    CommandHandler& commands() { return *m_commands; }
    OutboxDispatcher& outbox() { return *m_outbox; }
    Escalator& escalator() { return *m_escalator; }
    Pager& pager() { return *m_pager; }
    PageStore& pages() { return *m_pages; }

private:
    Engine(config::Config const& config, Store& store, Clock const& clock, TimerService& timers,
           RotaResolver const& rota);

    CoreContext m_context;
    std::unique_ptr<Escalator> m_escalator;
    std::unique_ptr<ItemService> m_items;
    std::unique_ptr<OutboxDispatcher> m_outbox;
    std::unique_ptr<CommandHandler> m_commands;
    std::unique_ptr<PageStore> m_pages;
    std::unique_ptr<Pager> m_pager;
    std::vector<ChatAdapter*> m_chats;
};

} // namespace sb
