// SPDX-License-Identifier: Apache-2.0
// The core assembled in dependency order, and stopped in reverse.
#include "bot/core/engine.hpp"

#include "bot/core/cards.hpp"

namespace sb {

Engine::Engine(config::Config const& config, Store& store, Clock const& clock, TimerService& timers,
               RotaResolver const& rota)
    : m_context{config, store, clock, timers, rota, {}} {}

Engine::~Engine() {
    stop();
}

Result<std::unique_ptr<Engine>> Engine::create(config::Config const& config, Store& store,
                                               Clock const& clock, TimerService& timers,
                                               RotaResolver const& rota) {
    std::string default_team = config.teams.empty() ? std::string{} : config.teams.begin()->first;
    auto router = Router::create(config.routing, default_team);
    if (!router)
        return unexpected(router.error());
    std::unique_ptr<Engine> engine(new Engine(config, store, clock, timers, rota));
    auto& context = engine->m_context;
    engine->m_escalator = std::make_unique<Escalator>(context);
    engine->m_items =
        std::make_unique<ItemService>(context, std::move(*router), *engine->m_escalator);
    engine->m_outbox = std::make_unique<OutboxDispatcher>(
        store, clock, timers, [&context](ItemId id) -> std::optional<CardView> {
            auto item = context.store.item(id);
            if (!item)
                return std::nullopt;
            return render_card(context, *item, context.clock.now());
        });
    auto* outbox = engine->m_outbox.get();
    context.wake_outbox = [outbox] { outbox->wake(); };
    engine->m_commands = std::make_unique<CommandHandler>(*engine->m_items);
    return engine;
}

void Engine::add_chat(ChatAdapter& adapter) {
    m_chats.push_back(&adapter);
    m_outbox->add_adapter(adapter);
}

void Engine::add_notifier(Notifier& notifier) {
    m_context.notifiers.push_back(&notifier);
}

void Engine::start() {
    for (auto* chat : m_chats)
        chat->start(*m_commands);
    m_escalator->arm_all_from_store();
    m_outbox->wake();
}

void Engine::stop() {
    if (m_escalator)
        m_escalator->stop();
    if (m_outbox)
        m_outbox->stop();
    for (auto* chat : m_chats)
        chat->stop();
    m_chats.clear();
}

} // namespace sb
