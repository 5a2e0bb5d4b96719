// SPDX-License-Identifier: Apache-2.0
// The item service: ingest, claims and every other state change, each one transaction.
#include "bot/core/item_service.hpp"

#include "base/safe_text.hpp"
#include "base/say.hpp"
#include "bot/core/cards.hpp"

#include <spdlog/spdlog.h>

namespace sb {
namespace {

constexpr char const* bot_actor = "switchboard";

std::string who_has_it(CoreContext const& context, Item const& item, Instant now) {
    auto const lang = context.team_language(item.team);
    auto const name = context.display_name(item.claimed_by);
    if (!item.claimed_at)
        return say(lang, "{0} has #{1}", name, item.id);
    return say(lang, "{0} has #{1} since {2} ago", name, item.id,
               duration_words(lang, now - *item.claimed_at));
}

// "#3 is snoozed": the state in the team's words.
std::string state_of(Language lang, ItemId id, ItemState state) {
    return say(lang, "#{0} is {1}", id, words(lang, to_string(state)));
}

} // namespace

ItemService::ItemService(CoreContext& context, Router router, Escalator& escalator)
    : m_context(context), m_router(std::move(router)), m_escalator(escalator) {}

std::vector<NewOutbox> ItemService::new_cards(std::string const& team) const {
    std::vector<NewOutbox> out;
    auto it = m_context.config.teams.find(team);
    if (it == m_context.config.teams.end())
        return out;
    for (auto const& [adapter, room] : it->second.rooms) {
        NewOutbox card;
        card.kind = OutboxKind::post_card;
        card.adapter = adapter;
        card.room = room;
        out.push_back(std::move(card));
    }
    return out;
}

std::vector<NewOutbox> ItemService::card_updates(Item const& item,
                                                 std::string const& thread_note) const {
    std::vector<NewOutbox> out;
    auto it = m_context.config.teams.find(item.team);
    if (it == m_context.config.teams.end())
        return out;
    for (auto const& [adapter, room] : it->second.rooms) {
        NewOutbox update;
        update.kind = OutboxKind::update_card;
        update.adapter = adapter;
        update.room = room;
        out.push_back(update);
        if (!thread_note.empty()) {
            NewOutbox note;
            note.kind = OutboxKind::thread_note;
            note.adapter = adapter;
            note.room = room;
            note.text = thread_note;
            out.push_back(std::move(note));
        }
    }
    return out;
}

Result<IngestOutcome> ItemService::ingest(Mention const& mention) {
    auto now = m_context.clock.now();
    auto grouped = SB_TRY(
        m_context.store.items().find_alias(mention.source, mention.platform, mention.external_id));
    if (grouped) {
        // The item shows the first mention of its group; a later one's edit is only noted.
        if (mention.change != MentionChange::created) {
            auto group = SB_TRY(m_context.store.items().get(*grouped));
            auto const lang = m_context.team_language(group ? group->team : std::string());
            auto note = say(lang,
                            mention.change == MentionChange::deleted
                                ? "A grouped mention was deleted by its author ({0} on {1})"
                                : "A grouped mention was edited by its author ({0} on {1})",
                            mention.author, mention.platform);
            auto added = m_context.store.items().add_event(
                TimelineEvent{0, *grouped, now, bot_actor, Via::source, "grouped_changed", note});
            if (!added)
                return unexpected(added.error());
        }
        return IngestOutcome{*grouped, false};
    }
    auto existing =
        SB_TRY(m_context.store.items().find(mention.source, mention.platform, mention.external_id));
    if (existing) {
        if (mention.change == MentionChange::created)
            return IngestOutcome{*existing, false};
        auto item = SB_TRY(m_context.store.items().get(*existing));
        if (!item)
            return IngestOutcome{*existing, false};
        auto const lang = m_context.team_language(item->team);
        std::string detail = mention.change == MentionChange::deleted
                                 ? say(lang, "Deleted by the author at {0}",
                                       format_instant(now, m_context.team_zone(item->team)))
                                 : say(lang, "Edited by the author");
        auto kind = mention.change == MentionChange::deleted ? "deleted_by_author" : "edited";
        auto updated = m_context.store.items().update_mention(
            *existing, mention,
            TimelineEvent{0, *existing, now, bot_actor, Via::source, kind, detail},
            card_updates(*item, detail));
        if (!updated)
            return unexpected(updated.error());
        m_context.publish(ItemChanged{*existing, kind});
        return IngestOutcome{*existing, false};
    }

    // The removal of something never seen leaves nothing to mark; an edit of it is still news.
    if (mention.change == MentionChange::deleted)
        return IngestOutcome{0, false};
    auto decision = m_router.route(mention);
    auto group_key = !decision.topic.empty() ? "topic:" + decision.topic
                     : !mention.parent_id.empty()
                         ? "post:" + mention.platform + ":" + mention.parent_id
                         : std::string();
    if (m_context.config.burst && !group_key.empty() && mention.change == MentionChange::created) {
        if (auto grouped = join_burst(mention, group_key, decision, now))
            return *grouped;
    }
    Item item;
    item.group_key = m_context.config.burst ? group_key : std::string();
    item.mention = mention;
    item.team = decision.team;
    item.priority = decision.priority;
    item.state = ItemState::open;
    item.received_at = now;
    auto deadline = m_escalator.first_deadline(item, now);
    if (deadline && deadline->kind == "begin")
        item.due_at = deadline->due_at;

    auto const lang = m_context.team_language(item.team);
    std::string detail = say(lang, "From {0} on {1} via source '{2}', team {3}, priority {4}",
                             mention.author, mention.platform, mention.source,
                             item.team.empty() ? std::string(words(lang, "(none)")) : item.team,
                             words(lang, to_string(item.priority)));
    for (auto const& reason : decision.reasons)
        detail += " (" + reason.text(lang) + ")";
    auto stored = m_context.store.items().insert(
        item, TimelineEvent{0, 0, now, bot_actor, Via::source, "received", detail},
        new_cards(item.team), deadline);
    if (!stored)
        return unexpected(stored.error());
    if (stored->created) {
        spdlog::info("ingest: item #{} from {} on {} ({}) for team {}", stored->item_id,
                     mention.source, mention.platform, to_string(item.priority), item.team);
        if (deadline) {
            deadline->item_id = stored->item_id;
            m_escalator.arm(*deadline);
        }
        m_context.publish(ItemOpened{stored->item_id, item.team, item.priority});
    }
    return IngestOutcome{stored->item_id, stored->created};
}

std::optional<Result<IngestOutcome>> ItemService::join_burst(Mention const& mention,
                                                             std::string const& group_key,
                                                             RouteDecision const& decision,
                                                             Instant now) {
    auto const& burst = *m_context.config.burst;
    auto found = m_context.store.items().burst_target(group_key, now - burst.window);
    if (!found)
        return Result<IngestOutcome>(unexpected(found.error()));
    auto const& target = *found;
    if (!target)
        return std::nullopt;
    int count = target->duplicate_count + 2; // the first mention, those grouped, and this one
    auto raise_to = priority_from_string(burst.priority).value_or(Priority::urgent);
    // A routing decision above the burst priority (a lawyer in the storm) wins as well.
    raise_to = std::max(raise_to, decision.priority);
    std::optional<Priority> raise;
    if (count >= burst.threshold && raise_to > target->priority)
        raise = raise_to;
    else if (decision.priority > target->priority)
        raise = decision.priority;
    auto const lang = m_context.team_language(target->team);
    auto of_what = group_key.rfind("topic:", 0) == 0 ? say(lang, "topic {0}", group_key.substr(6))
                                                     : say(lang, "the same post");
    std::string detail =
        say(lang, "Another mention of {0} from {1} on {2}: {3} within {4}", of_what, mention.author,
            mention.platform, count, duration_words(lang, burst.window));
    if (raise)
        detail += say(lang, "; priority raised to {0}", words(lang, to_string(*raise)));
    Item after = *target;
    after.duplicate_count += 1;
    if (raise)
        after.priority = *raise;
    auto grouped = m_context.store.items().group_into(
        target->id, mention, raise,
        TimelineEvent{0, target->id, now, bot_actor, Via::source, "grouped", detail},
        card_updates(after, raise ? detail : std::string()));
    if (!grouped)
        return Result<IngestOutcome>(unexpected(grouped.error()));
    if (*grouped) {
        spdlog::info("ingest: {} on {} grouped into item #{} ({} mentions)",
                     terminal_safe(mention.external_id), mention.platform, target->id, count);
        m_context.publish(ItemChanged{target->id, "grouped"});
    }
    return Result<IngestOutcome>(IngestOutcome{target->id, false});
}

Result<Item> ItemService::load(ItemId id) {
    auto item = SB_TRY(m_context.store.items().get(id));
    if (!item)
        return unexpected(ErrorCode::not_found,
                          "there is no item #" + std::to_string(id) + "; 'items' lists them");
    return *item;
}

void ItemService::after_commit(Transition const& transition) {
    auto id = transition.item_id;
    if (transition.deadline)
        m_escalator.arm(*transition.deadline);
    else
        m_escalator.disarm(id);
    if (transition.to == ItemState::claimed)
        m_context.publish(ItemClaimed{id, transition.claimed_by});
    else if (transition.to == ItemState::resolved)
        m_context.publish(ItemResolved{id, transition.event.actor});
    else
        m_context.publish(ItemChanged{id, transition.event.kind});
}

Result<std::string> ItemService::change(ItemId id, Actor const& actor, std::vector<ItemState> from,
                                        ItemState to, std::string kind, std::string detail,
                                        std::string const& claimed_by,
                                        std::optional<Instant> snoozed_until) {
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    auto now = m_context.clock.now();
    Item after = *item;
    after.state = to;
    after.claimed_by = claimed_by;
    std::optional<Deadline> deadline;
    if (to == ItemState::open)
        deadline = m_escalator.first_deadline(after, now);
    else if (to == ItemState::snoozed && snoozed_until)
        deadline = Escalator::wake_deadline(id, *snoozed_until);
    if (deadline)
        deadline->item_id = id;

    Transition transition;
    transition.item_id = id;
    transition.allowed_from = std::move(from);
    transition.to = to;
    transition.claimed_by = claimed_by;
    transition.snoozed_until = snoozed_until;
    transition.event = TimelineEvent{0, id, now, actor.person, actor.via, std::move(kind), detail};
    transition.outbox = card_updates(after, detail);
    transition.deadline = deadline;
    auto applied = m_context.store.items().apply(transition);
    if (!applied)
        return unexpected(applied.error());
    if (!*applied)
        return unexpected(ErrorCode::conflict, "");
    after_commit(transition);
    return detail;
}

Result<std::string> ItemService::claim(ItemId id, Actor const& actor) {
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    auto now = m_context.clock.now();
    auto const lang = m_context.team_language(item->team);
    auto name = m_context.display_name(actor.person);
    auto result =
        change(id, actor, {ItemState::open, ItemState::snoozed}, ItemState::claimed, "claimed",
               say(lang, "{0} claimed #{1} after {2}", name, id,
                   duration_words(lang, now - item->received_at)),
               actor.person);
    if (result || result.error().code != ErrorCode::conflict)
        return result;
    // Lost the race or came late: say who has it, so nobody answers the customer twice.
    auto current = load(id);
    if (current && current->state == ItemState::claimed) {
        if (current->claimed_by == actor.person)
            return unexpected(ErrorCode::conflict, say(lang, "you already have #{0}", id));
        return unexpected(ErrorCode::conflict, who_has_it(m_context, *current, now));
    }
    if (!current)
        return unexpected(ErrorCode::conflict, say(lang, "#{0} is gone; nothing to claim", id));
    return unexpected(ErrorCode::conflict,
                      say(lang, "{0}; nothing to claim", state_of(lang, id, current->state)));
}

Result<std::string> ItemService::release(ItemId id, Actor const& actor) {
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    auto const lang = m_context.team_language(item->team);
    if (item->state != ItemState::claimed)
        return unexpected(ErrorCode::conflict, say(lang, "{0}, not claimed; nothing to release",
                                                   state_of(lang, id, item->state)));
    auto result = change(
        id, actor, {ItemState::claimed}, ItemState::open, "released",
        say(lang, "{0} released #{1}; it is open again", m_context.display_name(actor.person), id));
    if (!result && result.error().code == ErrorCode::conflict)
        return unexpected(ErrorCode::conflict, say(lang, "#{0} changed meanwhile", id));
    return result;
}

Result<std::string> ItemService::resolve(ItemId id, Actor const& actor, std::string const& note) {
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    auto now = m_context.clock.now();
    auto const lang = m_context.team_language(item->team);
    std::string detail =
        say(lang, "{0} resolved #{1} after {2}", m_context.display_name(actor.person), id,
            duration_words(lang, now - item->received_at));
    if (!note.empty())
        detail += ": " + note;
    auto result = change(id, actor, {ItemState::open, ItemState::claimed, ItemState::snoozed},
                         ItemState::resolved, "resolved", detail, item->claimed_by);
    if (!result && result.error().code == ErrorCode::conflict)
        return unexpected(ErrorCode::conflict, say(lang, "#{0} is already {1}", id,
                                                   words(lang, to_string(item->state))));
    return result;
}

Result<std::string> ItemService::snooze(ItemId id, Actor const& actor, Instant until) {
    auto now = m_context.clock.now();
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    auto const lang = m_context.team_language(item->team);
    if (until <= now)
        return unexpected(ErrorCode::invalid_argument,
                          say(lang, "the snooze must end in the future"));
    auto result =
        change(id, actor, {ItemState::open, ItemState::claimed, ItemState::snoozed},
               ItemState::snoozed, "snoozed",
               say(lang, "{0} snoozed #{1} until {2}", m_context.display_name(actor.person), id,
                   format_instant(until, m_context.team_zone(item->team))),
               {}, until);
    if (!result && result.error().code == ErrorCode::conflict)
        return unexpected(ErrorCode::conflict,
                          say(lang, "{0}; only open or claimed items can be snoozed",
                              state_of(lang, id, item->state)));
    return result;
}

Result<std::string> ItemService::dismiss(ItemId id, Actor const& actor, std::string const& reason) {
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    auto const lang = m_context.team_language(item->team);
    std::string detail = say(lang, "{0} dismissed #{1}", m_context.display_name(actor.person), id);
    if (!reason.empty())
        detail += ": " + reason;
    auto result = change(id, actor, {ItemState::open, ItemState::claimed, ItemState::snoozed},
                         ItemState::dismissed, "dismissed", detail, item->claimed_by);
    if (!result && result.error().code == ErrorCode::conflict)
        return unexpected(ErrorCode::conflict, say(lang, "#{0} is already {1}", id,
                                                   words(lang, to_string(item->state))));
    return result;
}

Result<std::string> ItemService::handoff(ItemId id, Actor const& actor,
                                         std::string const& to_person) {
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    auto const lang = m_context.team_language(item->team);
    if (!m_context.config.people.contains(to_person))
        return unexpected(ErrorCode::not_found,
                          say(lang,
                              "nobody called '{0}' is in the config; hand off to a person id "
                              "such as @{1}",
                              to_person,
                              m_context.config.people.empty()
                                  ? std::string("alice")
                                  : m_context.config.people.begin()->first));
    auto result = change(id, actor, {ItemState::open, ItemState::claimed, ItemState::snoozed},
                         ItemState::claimed, "handed_off",
                         say(lang, "{0} handed #{1} to {2}", m_context.display_name(actor.person),
                             id, m_context.display_name(to_person)),
                         to_person);
    if (!result && result.error().code == ErrorCode::conflict)
        return unexpected(ErrorCode::conflict, say(lang, "{0}; only active items can be handed off",
                                                   state_of(lang, id, item->state)));
    if (result) {
        // The new owner hears about it directly, not only from the room.
        auto text = say(lang, "{0} handed you {1}", m_context.display_name(actor.person),
                        item_summary(*item, lang));
        for (auto const& dm : m_context.direct_messages(to_person, text)) {
            // The handoff itself is stored; a DM that could not be queued is only logged.
            auto told = m_context.store.items().add_event(
                TimelineEvent{0, id, m_context.clock.now(), actor.person, actor.via, "notified",
                              say(lang, "Told {0} by chat DM", to_person)},
                {dm});
            if (!told)
                spdlog::error("items: could not queue the handoff DM of #{} to {}: {}", id,
                              to_person, told.error().message);
        }
        m_context.publish(MessagesQueued{});
    }
    return result;
}

Result<std::string> ItemService::note(ItemId id, Actor const& actor, std::string const& text) {
    auto item = load(id);
    if (!item)
        return unexpected(item.error());
    std::string detail = m_context.display_name(actor.person) + ": " + text;
    std::vector<NewOutbox> outbox;
    auto team = m_context.config.teams.find(item->team);
    if (team != m_context.config.teams.end())
        for (auto const& [adapter, room] : team->second.rooms) {
            NewOutbox note_entry;
            note_entry.kind = OutboxKind::thread_note;
            note_entry.adapter = adapter;
            note_entry.room = room;
            note_entry.text = detail;
            outbox.push_back(std::move(note_entry));
        }
    auto added = m_context.store.items().add_event(
        TimelineEvent{0, id, m_context.clock.now(), actor.person, actor.via, "note", detail},
        outbox);
    if (!added)
        return unexpected(added.error());
    m_context.publish(ItemChanged{id, "note"});
    return say(m_context.team_language(item->team), "Noted on #{0}", id);
}

void ItemService::wake(ItemId id) {
    auto read = m_context.store.items().get(id);
    if (!read) {
        // Its stored wake deadline stays; firing it again brings this back once the store answers.
        spdlog::error("items: could not read #{} to end its snooze, trying again in {}: {}", id,
                      format_duration(Escalator::store_retry), read.error().message);
        Deadline again;
        again.item_id = id;
        again.due_at = m_context.clock.now() + Escalator::store_retry;
        again.kind = "wake";
        m_escalator.arm(again);
        return;
    }
    auto const& item = *read;
    if (!item || item->state != ItemState::snoozed) {
        // A deadline left behind wakes this again later, which ends up here once more.
        if (auto cleared = m_context.store.deadlines().clear(id); !cleared)
            spdlog::error("items: could not clear the deadline of #{}: {}", id,
                          cleared.error().message);
        return;
    }
    auto result =
        change(id, Actor{bot_actor, Via::system}, {ItemState::snoozed}, ItemState::open, "woke",
               say(m_context.team_language(item->team),
                   "The snooze of #{0} ended; it is open again and escalates from the start", id));
    if (!result)
        spdlog::warn("escalation: could not wake #{}: {}", id, result.error().message);
}

} // namespace sb
