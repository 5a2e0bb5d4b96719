// SPDX-License-Identifier: Apache-2.0
// The escalator: runs each open item's escalation policy step by step until somebody claims it.
#include "bot/core/escalator.hpp"

#include "base/say.hpp"
#include "bot/core/cards.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {
namespace {

constexpr char const* bot_actor = "switchboard";

// How long one run of the chain lasts before it repeats: the last step's delay plus the gap
// between the last two steps (or the last delay itself), never less than five minutes.
Seconds round_length(config::EscalationPolicy const& policy) {
    if (policy.steps.empty())
        return std::chrono::minutes(5);
    auto last = policy.steps.back().after;
    Seconds interval =
        policy.steps.size() > 1 ? last - policy.steps[policy.steps.size() - 2].after : last;
    interval = std::max<Seconds>(interval, std::chrono::minutes(5));
    return last + interval;
}

std::string join(std::vector<std::string> const& parts, std::string const& separator) {
    std::string out;
    for (auto const& part : parts) {
        if (!out.empty())
            out += separator;
        out += part;
    }
    return out;
}

} // namespace

Escalator::Escalator(CoreContext& context) : m_context(context) {}

Escalator::~Escalator() {
    stop();
}

void Escalator::stop() {
    for (auto const& [item, timer] : m_timers)
        m_context.timers.cancel(timer);
    m_timers.clear();
}

std::string Escalator::select_policy(std::string const& team, Instant at) const {
    auto it = m_context.config.teams.find(team);
    if (it == m_context.config.teams.end())
        return {};
    auto answer = m_context.rota.who(team, at);
    if (answer.window == std::optional<std::string>("business_hours"))
        return it->second.business_hours_policy;
    if (answer.window)
        return it->second.after_hours_policy;
    return {};
}

std::optional<Deadline> Escalator::first_deadline(Item const& item, Instant now) const {
    auto team = m_context.config.teams.find(item.team);
    if (team == m_context.config.teams.end())
        return std::nullopt;
    Deadline deadline;
    deadline.item_id = item.id;
    auto answer = m_context.rota.who(item.team, now);
    if (!answer.window) {
        // A planned gap: nobody is expected to answer now, so wait for coverage to begin.
        auto next = m_context.rota.next_covered(item.team, now);
        if (!next)
            return std::nullopt;
        deadline.kind = "begin";
        deadline.due_at = *next;
        deadline.started_at = *next;
        return deadline;
    }
    auto policy_id = select_policy(item.team, now);
    auto policy = m_context.config.policies.find(policy_id);
    if (policy == m_context.config.policies.end() || policy->second.steps.empty())
        return std::nullopt;
    deadline.kind = "escalate";
    deadline.policy = policy_id;
    deadline.step = 0;
    deadline.round = 0;
    deadline.started_at = now;
    deadline.due_at = now + policy->second.steps.front().after;
    return deadline;
}

Deadline Escalator::wake_deadline(ItemId item, Instant at) {
    Deadline deadline;
    deadline.item_id = item;
    deadline.kind = "wake";
    deadline.due_at = at;
    deadline.started_at = at;
    return deadline;
}

void Escalator::arm(Deadline const& deadline) {
    schedule(deadline.item_id, deadline.due_at);
}

void Escalator::schedule(ItemId item, Instant at) {
    disarm(item);
    m_timers[item] = m_context.timers.schedule(at, [this, item] {
        m_timers.erase(item);
        fire(item);
    });
}

void Escalator::disarm(ItemId item) {
    auto it = m_timers.find(item);
    if (it == m_timers.end())
        return;
    m_context.timers.cancel(it->second);
    m_timers.erase(it);
}

void Escalator::arm_all_from_store() {
    if (m_reload_timer) {
        m_context.timers.cancel(*m_reload_timer);
        m_reload_timer.reset();
    }
    auto deadlines = m_context.store.deadlines().all();
    if (!deadlines) {
        // Without its deadlines nothing escalates: try again rather than wait for a restart.
        spdlog::error("escalation: could not read the deadlines, trying again in {}: {}",
                      format_duration(store_retry), deadlines.error().message);
        m_reload_timer = m_context.timers.schedule(m_context.clock.now() + store_retry, [this] {
            m_reload_timer.reset();
            arm_all_from_store();
        });
        return;
    }
    for (auto const& deadline : *deadlines)
        arm(deadline);
}

void Escalator::fire(ItemId item_id) {
    Outcome outcome;
    auto done = m_context.store.unit_of_work([&]() -> Result<void> {
        outcome = Outcome{};
        return advance(item_id, outcome);
    });
    if (!done) {
        // Nothing of this firing was kept, so running it again from the stored deadline neither
        // skips a step nor repeats a room post or a page.
        spdlog::error("escalation: item #{} could not advance, trying again in {}: {}", item_id,
                      format_duration(store_retry), done.error().message);
        schedule(item_id, m_context.clock.now() + store_retry);
        return;
    }
    if (outcome.next)
        arm(*outcome.next);
    if (outcome.changed)
        m_context.publish(ItemChanged{item_id, "escalation"});
    if (outcome.wake)
        m_context.publish(SnoozeEnded{item_id});
}

Result<void> Escalator::advance(ItemId item_id, Outcome& outcome) {
    auto deadline = SB_TRY(m_context.store.deadlines().get(item_id));
    auto item = SB_TRY(m_context.store.items().get(item_id));
    if (!deadline || !item)
        return {};
    if (deadline->kind == "wake") {
        outcome.wake = true;
        return {};
    }
    if (item->state != ItemState::open) {
        // Claimed, resolved or dismissed since the deadline was set: nothing more to do.
        return m_context.store.deadlines().clear(item_id);
    }
    auto now = m_context.clock.now();
    if (deadline->kind == "begin") {
        auto policy_id = select_policy(item->team, now);
        auto policy = m_context.config.policies.find(policy_id);
        SB_TRY(m_context.store.items().add_event(TimelineEvent{
            0, item_id, now, bot_actor, Via::system, "coverage_began",
            say(m_context.team_language(item->team), "Coverage began; paging starts now")}));
        outcome.changed = true;
        if (policy == m_context.config.policies.end() || policy->second.steps.empty())
            return m_context.store.deadlines().clear(item_id);
        deadline->kind = "escalate";
        deadline->policy = policy_id;
        deadline->step = 0;
        deadline->round = 0;
        deadline->started_at = now;
        deadline->due_at = now + policy->second.steps.front().after;
        if (deadline->due_at > now) {
            SB_TRY(m_context.store.deadlines().set(*deadline));
            outcome.next = *deadline;
            return {};
        }
    }
    return run_escalation(*item, *deadline, outcome);
}

Result<void> Escalator::run_escalation(Item const& item, Deadline deadline, Outcome& outcome) {
    auto now = m_context.clock.now();
    auto policy_it = m_context.config.policies.find(deadline.policy);
    if (policy_it == m_context.config.policies.end())
        return m_context.store.deadlines().clear(item.id);
    auto const& policy = policy_it->second;
    auto const steps = static_cast<int>(policy.steps.size());
    auto const repeat = std::max(policy.repeat, 1);

    // Steps whose targets have nobody on call are skipped at once; the next step runs now and
    // later delays count from here.
    while (true) {
        if (deadline.step >= steps) {
            deadline.round += 1;
            deadline.step = 0;
            deadline.started_at = deadline.started_at + round_length(policy);
            if (deadline.round >= repeat) {
                if (policy.final_step && deadline.round == repeat) {
                    SB_TRY(run_step(item, policy, *policy.final_step, -1, deadline.round));
                }
                SB_TRY(m_context.store.items().add_event(TimelineEvent{
                    0, item.id, now, bot_actor, Via::system, "escalation_exhausted",
                    repeat == 1
                        ? say(m_context.team_language(item.team),
                              "Nobody claimed it after 1 round of '{0}'; it stays open", policy.id)
                        : say(m_context.team_language(item.team),
                              "Nobody claimed it after {0} rounds of '{1}'; it stays open", repeat,
                              policy.id)}));
                outcome.changed = true;
                return m_context.store.deadlines().clear(item.id);
            }
            if (deadline.started_at > now) {
                deadline.due_at = deadline.started_at + policy.steps.front().after;
                SB_TRY(m_context.store.deadlines().set(deadline));
                outcome.next = deadline;
                return {};
            }
        }
        auto const& step = policy.steps[static_cast<std::size_t>(deadline.step)];
        auto due = deadline.started_at + step.after;
        if (due > now) {
            deadline.due_at = due;
            SB_TRY(m_context.store.deadlines().set(deadline));
            outcome.next = deadline;
            return {};
        }
        bool reached = SB_TRY(run_step(item, policy, step, deadline.step, deadline.round));
        outcome.changed = true;
        deadline.step += 1;
        if (!reached && deadline.step < steps) {
            deadline.started_at = now - policy.steps[static_cast<std::size_t>(deadline.step)].after;
        }
    }
}

std::vector<std::string> Escalator::names(std::vector<std::string> const& people) const {
    std::vector<std::string> out;
    out.reserve(people.size());
    for (auto const& person : people)
        out.push_back(m_context.display_name(person));
    return out;
}

Result<bool> Escalator::run_step(Item const& item, config::EscalationPolicy const& policy,
                                 config::EscalationStep const& step, int step_index, int round) {
    auto now = m_context.clock.now();
    auto via = step.via.empty() ? std::vector<std::string>{"chat_dm"} : step.via;
    auto const lang = m_context.team_language(item.team);
    std::string step_name =
        step_index < 0 ? say(lang, "final step") : say(lang, "step {0}", step_index + 1);
    if (round > 0)
        step_name += say(lang, " (round {0})", round + 1);
    bool reached = false;
    std::vector<std::string> nobody;
    std::vector<std::string> paged;
    // An urgent item is critical at any hour; otherwise the after-hours policy pages louder.
    auto urgency = Urgency::normal;
    if (item.priority == Priority::urgent)
        urgency = Urgency::critical;
    else if (auto team = m_context.config.teams.find(item.team);
             team != m_context.config.teams.end() && team->second.after_hours_policy == policy.id)
        urgency = Urgency::after_hours;
    for (auto const& target : step.notify) {
        if (target.room) {
            SB_TRY(post_to_room(item,
                                say(lang, "Unclaimed for {0}: {1} — claim with: claim {2}",
                                    duration_words(lang, now - item.received_at),
                                    item_summary(item, lang), item.id),
                                now));
            reached = true;
            continue;
        }
        std::vector<std::pair<std::string, std::string>> people; // person, why
        if (!target.layer.empty()) {
            auto answer = m_context.rota.who(item.team, now);
            for (auto const& layer : answer.layers)
                if (layer.layer == target.layer && layer.person)
                    people.emplace_back(*layer.person, say(lang, "{0} on call", target.layer));
            if (people.empty())
                nobody.push_back(say(lang, "nobody on call for {0}", target.layer));
        }
        if (!target.person.empty())
            people.emplace_back(target.person, say(lang, "named in {0}", policy.id));
        if (!target.role.empty()) {
            // The team's own people with that role; a team without one falls back to everyone
            // with the role, as a small firm's single manager often sits in no layer.
            auto members = m_context.team_members(item.team);
            std::vector<std::pair<std::string, std::string>> in_team, anywhere;
            for (auto const& [id, person] : m_context.config.people) {
                auto role = person.role == config::Role::manager ? "manager" : "member";
                if (target.role != role)
                    continue;
                auto why = std::string(words(lang, target.role));
                anywhere.emplace_back(id, why);
                if (std::find(members.begin(), members.end(), id) != members.end())
                    in_team.emplace_back(id, why);
            }
            auto const& chosen = in_team.empty() ? anywhere : in_team;
            people.insert(people.end(), chosen.begin(), chosen.end());
            if (people.empty())
                nobody.push_back(say(lang, "nobody with role {0}", words(lang, target.role)));
        }
        for (auto const& [person, why] : people) {
            if (std::find(paged.begin(), paged.end(), person) != paged.end())
                continue;
            SB_TRY(page(item, person, why, via, urgency, now));
            paged.push_back(person);
            reached = true;
        }
    }
    if (!reached) {
        SB_TRY(m_context.store.items().add_event(
            TimelineEvent{0, item.id, now, bot_actor, Via::system, "step_skipped",
                          say(lang, "Escalation {0} of '{1}' skipped: {2}", step_name, policy.id,
                              join(nobody, ", "))}));
    } else {
        SB_TRY(m_context.store.items().add_event(TimelineEvent{
            0, item.id, now, bot_actor, Via::system, "escalated",
            paged.empty()
                ? say(lang, "Escalation {0} of '{1}': posted to the room", step_name, policy.id)
                : say(lang, "Escalation {0} of '{1}': paged {2}", step_name, policy.id,
                      join(names(paged), ", "))}));
    }
    return reached;
}

namespace {

PageRecord chat_page(ItemId item, std::string const& person, std::string method, Instant now,
                     std::string const& why) {
    PageRecord page;
    page.item_id = item;
    page.person = person;
    page.method = std::move(method);
    page.state = "queued";
    page.created_at = now;
    page.detail = why;
    return page;
}

} // namespace

Result<void> Escalator::page(Item const& item, std::string const& person, std::string const& why,
                             std::vector<std::string> const& via, Urgency urgency, Instant now) {
    auto const lang = m_context.team_language(item.team);
    auto text = say(lang, "Page ({0}): {1}\n{2}\nClaim it with: claim {3}", why,
                    item_summary(item, lang, 200), item.mention.url, item.id);
    std::vector<std::string> methods;
    for (auto const& method : via) {
        if (method == "chat_dm") {
            for (auto const& dm : m_context.direct_messages(person, text)) {
                SB_TRY(m_context.store.pages().add(
                    chat_page(item.id, person, "chat_dm:" + dm.adapter, now, why)));
                SB_TRY(m_context.store.items().add_event(
                    TimelineEvent{0, item.id, now, bot_actor, Via::system, "paged",
                                  say(lang, "Paged {0} ({1}) by chat DM on {2}",
                                      m_context.display_name(person), why, dm.adapter)},
                    {dm}));
                methods.push_back("chat DM");
            }
        } else if (method == "push") {
            SB_TRY(m_context.page_phone(item, person, why, urgency));
            methods.push_back("push");
        } else if (method == "room") {
            SB_TRY(post_to_room(item,
                                say(lang, "{0}, please look at {1}", m_context.display_name(person),
                                    item_summary(item, lang)),
                                now));
        }
    }
    if (methods.empty())
        spdlog::warn("escalation: {} has no contact for {} (item #{})", person, join(via, ", "),
                     item.id);
    return {};
}

Result<void> Escalator::post_to_room(Item const& item, std::string const& text, Instant now) {
    auto team = m_context.config.teams.find(item.team);
    if (team == m_context.config.teams.end())
        return {};
    std::vector<NewOutbox> outbox;
    for (auto const& [adapter, room] : team->second.rooms) {
        NewOutbox message;
        message.kind = OutboxKind::room_message;
        message.adapter = adapter;
        message.room = room;
        message.text = text;
        outbox.push_back(std::move(message));
    }
    return m_context.store.items().add_event(
        TimelineEvent{0, item.id, now, bot_actor, Via::system, "room_notified", text}, outbox);
}

} // namespace sb
