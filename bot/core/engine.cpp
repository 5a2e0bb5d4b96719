// SPDX-License-Identifier: Apache-2.0
// The core assembled in dependency order, wired through its event bus, and stopped in reverse.
#include "bot/core/engine.hpp"

#include "base/hmac.hpp"
#include "bot/core/cards.hpp"
#include "bot/core/rota_commands.hpp"
#include "bot/core/rota_service.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/rota_repository.hpp"

#include <spdlog/spdlog.h>

#include <cassert>

namespace sb {

Engine::Engine(EngineParts const& parts)
    : m_context{parts.config, parts.store, parts.clock, parts.timers, parts.rota, m_events, {}} {}

Engine::~Engine() {
    stop();
    // Subscriptions first: nothing is to be told about anything once the parts start to go.
    m_subscriptions.clear();
}

Result<std::unique_ptr<Engine>> Engine::create(EngineParts parts) {
    std::unique_ptr<Engine> engine(new Engine(parts));
    SB_TRY(engine->build(std::move(parts)));
    return engine;
}

Result<void> Engine::build(EngineParts parts) {
    auto const& config = parts.config;
    std::string default_team = config.teams.empty() ? std::string{} : config.teams.begin()->first;
    auto router = Router::create(config.routing, default_team);
    if (!router)
        return unexpected(router.error());
    auto& context = m_context;
    m_escalator = std::make_unique<Escalator>(context);
    m_items = std::make_unique<ItemService>(context, std::move(*router), *m_escalator);
    m_outbox = std::make_unique<OutboxDispatcher>(
        context.store, context.clock, context.timers,
        [&context](ItemId id) -> Result<std::optional<CardView>> {
            auto item = SB_TRY(context.store.items().get(id));
            if (!item)
                return std::optional<CardView>();
            return std::optional<CardView>(render_card(context, *item, context.clock.now()));
        });
    m_commands = std::make_unique<CommandHandler>(*m_items);

    // Queries and services the core's parts ask for, rather than notifications; set here only.
    auto* chats = &m_chats;
    context.learned_person = [chats](std::string const& adapter,
                                     std::string const& address) -> std::optional<std::string> {
        for (auto* chat : *chats)
            if (chat->name() == adapter)
                return chat->person_for(address);
        return std::nullopt;
    };
    context.learned_address = [chats](std::string const& person,
                                      std::string const& adapter) -> std::optional<std::string> {
        for (auto* chat : *chats)
            if (chat->name() == adapter)
                return chat->address_of(person);
        return std::nullopt;
    };

    auto claim_secret = parts.claim_secret.empty() ? random_token(32) : parts.claim_secret;
    m_pager = std::make_unique<Pager>(
        context, context.store.pages(),
        ClaimLinks(std::move(claim_secret), config.paging.claim_link_lifetime));
    auto* pager = m_pager.get();
    auto* items = m_items.get();
    pager->claim = [items](ItemId id, std::string const& person) {
        return items->claim(id, Actor{person, Via::push});
    };
    context.page_phone = [pager](Item const& item, std::string const& person,
                                 std::string const& why, Urgency urgency) -> Result<void> {
        SB_TRY(pager->plan(item, person, why, urgency));
        return {};
    };
    context.test_page = [pager, &context](std::string const& person) {
        return pager->test_page(person, [&context, person](std::string const& text) {
            if (auto queued = context.store.outbox().add(0, context.direct_messages(person, text));
                !queued)
                spdlog::error("paging: a test page's report to {} is lost: {}", person,
                              queued.error().message);
            context.publish(MessagesQueued{});
        });
    };

    if (parts.editable_rota) {
        // Absences, overrides and swaps entered in chat or on the page; loaded now so a restart
        // keeps them.
        m_rota_service =
            std::make_unique<RotaService>(context, context.store.rota(), *parts.editable_rota);
        m_rota_commands = std::make_unique<RotaCommands>(*m_rota_service);
        m_rota_commands->load();
        m_rota_commands->attach(*m_commands);
    }
    subscribe();
    return {};
}

void Engine::subscribe() {
    auto* outbox = m_outbox.get();
    auto wake_outbox = [outbox](ItemId) { outbox->wake(); };
    // The outbox listens first, so a change's messages leave before live views show it.
    for (auto& subscription : subscribe_item_events(m_events, wake_outbox))
        m_subscriptions.push_back(std::move(subscription));
    m_subscriptions.push_back(
        m_events.subscribe<RotaChanged>([outbox](RotaChanged const&) { outbox->wake(); }));
    m_subscriptions.push_back(
        m_events.subscribe<MessagesQueued>([outbox](MessagesQueued const&) { outbox->wake(); }));
    auto* pager = m_pager.get();
    m_subscriptions.push_back(m_events.subscribe<ItemClaimed>(
        [pager](ItemClaimed const& event) { pager->item_changed(event.item); }));
    m_subscriptions.push_back(m_events.subscribe<ItemChanged>(
        [pager](ItemChanged const& event) { pager->item_changed(event.item); }));
    m_subscriptions.push_back(m_events.subscribe<ItemResolved>(
        [pager](ItemResolved const& event) { pager->item_changed(event.item); }));
    auto* items = m_items.get();
    m_subscriptions.push_back(m_events.subscribe<SnoozeEnded>(
        [items](SnoozeEnded const& event) { items->wake(event.item); }));
}

// Only the callers that built the engine with an editable rota ask for its service.
RotaService& Engine::rota_service() {
    assert(m_rota_service);
    return *m_rota_service;
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
        m_running.start([this, chat] { chat->start(*m_commands); }, [chat] { chat->stop(); });
    m_running.start([this] { m_outbox->wake(); }, [this] { m_outbox->stop(); });
    m_running.start([this] { m_pager->start(); }, [this] { m_pager->stop(); });
    m_running.start([this] { m_escalator->arm_all_from_store(); }, [this] { m_escalator->stop(); });
}

void Engine::stop() {
    m_running.stop_all();
    m_chats.clear();
}

} // namespace sb
