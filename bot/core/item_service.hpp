// SPDX-License-Identifier: Apache-2.0
// The item service: turns mentions into items and carries out every change of an item's state.
#pragma once

#include "bot/core/context.hpp"
#include "bot/core/escalator.hpp"
#include "bot/core/routing.hpp"
#include "bot/ports/source.hpp"

namespace sb {

struct Actor {
    std::string person; // person id
    Via via = Via::console;
};

class ItemService : public MentionSink {
public:
    ItemService(CoreContext& context, Router router, Escalator& escalator);

    Result<IngestOutcome> ingest(Mention const& mention) override;

    // Each returns the sentence to answer the actor with; a refusal (already claimed, wrong
    // state) is an error value whose message says why and what to do instead.
    Result<std::string> claim(ItemId id, Actor const& actor);
    Result<std::string> release(ItemId id, Actor const& actor);
    Result<std::string> resolve(ItemId id, Actor const& actor, std::string const& note);
    Result<std::string> snooze(ItemId id, Actor const& actor, Instant until);
    Result<std::string> dismiss(ItemId id, Actor const& actor, std::string const& reason);
    Result<std::string> handoff(ItemId id, Actor const& actor, std::string const& to_person);
    Result<std::string> note(ItemId id, Actor const& actor, std::string const& text);

    // A snoozed item whose time has come is open again and escalates from the start; called on
    // the escalator's SnoozeEnded.
    void wake(ItemId id);

    CoreContext& context() { return m_context; }

private:
    Result<Item> load(ItemId id);
    // Groups a new mention into the newest active item of its burst group within the window,
    // or nullopt when there is none and the mention becomes an item of its own.
    std::optional<Result<IngestOutcome>> join_burst(Mention const& mention,
                                                    std::string const& group_key,
                                                    RouteDecision const& decision, Instant now);
    // Outbox entries that bring every card of the item up to date, plus an optional thread note.
    std::vector<NewOutbox> card_updates(Item const& item, std::string const& thread_note) const;
    std::vector<NewOutbox> new_cards(std::string const& team) const;
    Result<std::string> change(ItemId id, Actor const& actor, std::vector<ItemState> from,
                               ItemState to, std::string kind, std::string detail,
                               std::string const& claimed_by = {},
                               std::optional<Instant> snoozed_until = {});
    // Arms the item's next deadline and announces the change, once the transition committed.
    void after_commit(Transition const& transition);

    CoreContext& m_context;
    Router m_router;
    Escalator& m_escalator;
};

} // namespace sb
