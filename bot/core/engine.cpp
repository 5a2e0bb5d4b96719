// SPDX-License-Identifier: Apache-2.0
// The core assembled in dependency order, and stopped in reverse.
#include "bot/core/engine.hpp"

#include "bot/core/cards.hpp"
#include "bot/util/hmac.hpp"

#include <spdlog/spdlog.h>

namespace sb {

Engine::Engine(config::Config const& config, Store& store, Clock const& clock, TimerService& timers,
               RotaResolver const& rota)
    : m_context{config, store, clock, timers, rota, {}} {}

Engine::~Engine() {
    stop();
}

Result<std::unique_ptr<Engine>> Engine::create(config::Config const& config, Store& store,
                                               Clock const& clock, TimerService& timers,
                                               RotaResolver const& rota, std::string claim_secret) {
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
    auto* chats = &engine->m_chats;
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

    if (claim_secret.empty())
        claim_secret = random_token(32);
    engine->m_pages = std::make_unique<PageStore>(store);
    engine->m_pager = std::make_unique<Pager>(
        context, *engine->m_pages,
        ClaimLinks(std::move(claim_secret), config.paging.claim_link_lifetime));
    auto* pager = engine->m_pager.get();
    auto* items = engine->m_items.get();
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
            if (auto queued = context.store.add_outbox(0, context.direct_messages(person, text));
                !queued)
                spdlog::error("paging: a test page's report to {} is lost: {}", person,
                              queued.error().message);
            context.wake_outbox();
        });
    };
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
    m_pager->start();
    m_outbox->wake();
}

void Engine::stop() {
    if (m_escalator)
        m_escalator->stop();
    if (m_pager)
        m_pager->stop();
    if (m_outbox)
        m_outbox->stop();
    for (auto* chat : m_chats)
        chat->stop();
    m_chats.clear();
}

} // namespace sb
