// SPDX-License-Identifier: Apache-2.0
#include "bot/core/pager.hpp"

#include "base/backoff.hpp"
#include "base/redact.hpp"
#include "base/say.hpp"
#include "bot/core/cards.hpp"
#include "schedules/quiet_hours.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

namespace sb {
namespace {

constexpr char const* bot_actor = "switchboard";

Urgency urgency_from(std::string const& text) {
    if (text == "critical")
        return Urgency::critical;
    if (text == "after_hours")
        return Urgency::after_hours;
    return Urgency::normal;
}

std::string method_name(std::string const& method) {
    return method.starts_with("push:") ? method.substr(5) : method;
}

// Waits between attempts of one page: 5 s, 15 s, 45 s … capped at five minutes.
Seconds backoff(int attempts) {
    constexpr Backoff page_retry{std::chrono::seconds(5), std::chrono::minutes(5), 3};
    return std::chrono::duration_cast<Seconds>(page_retry.delay(attempts));
}

bool permanent(Error const& error) {
    return error.code == ErrorCode::unauthorized || error.code == ErrorCode::invalid_argument ||
           error.code == ErrorCode::forbidden || error.code == ErrorCode::not_found;
}

} // namespace

Pager::Pager(CoreContext& context, PageRepository& pages, ClaimLinks links)
    : m_context(context), m_pages(pages), m_links(std::move(links)) {}

Pager::~Pager() {
    stop();
}

void Pager::stop() {
    m_stopped = true;
    *m_alive = false;
    if (m_timer)
        m_context.timers.cancel(*m_timer);
    if (m_receipt_timer)
        m_context.timers.cancel(*m_receipt_timer);
    m_timer.reset();
    m_receipt_timer.reset();
}

void Pager::start() {
    m_stopped = false;
    arm();
    arm_receipts();
}

Notifier* Pager::notifier_for(std::string const& method) const {
    auto name = method_name(method);
    for (auto* notifier : m_context.notifiers)
        if (notifier->name() == name)
            return notifier;
    return nullptr;
}

bool Pager::on_duty(std::string const& person, Instant now) const {
    for (auto const& [id, team] : m_context.config.teams) {
        auto answer = m_context.rota.who(id, now);
        for (auto const& layer : answer.layers)
            if (layer.person && *layer.person == person)
                return true;
    }
    return false;
}

std::string Pager::zone_of(std::string const& person) const {
    auto it = m_context.config.people.find(person);
    if (it != m_context.config.people.end() && !it->second.timezone.empty())
        return it->second.timezone;
    for (auto const& [id, team] : m_context.config.teams) {
        auto members = m_context.team_members(id);
        if (std::find(members.begin(), members.end(), person) != members.end())
            return m_context.team_zone(id);
    }
    return "UTC";
}

Result<Language> Pager::item_language(ItemId id) {
    auto item = SB_TRY(m_context.store.items().get(id));
    return m_context.team_language(item ? item->team : std::string());
}

Result<void> Pager::event(ItemId item, std::string const& kind, std::string const& detail) {
    if (item == 0)
        return {};
    SB_TRY(m_context.store.items().add_event(
        TimelineEvent{0, item, m_context.clock.now(), bot_actor, Via::system, kind, detail}));
    // Live views must not show an event that a failing unit of work takes back.
    m_context.publish(ItemChanged{item, kind});
    return {};
}

void Pager::keep(std::int64_t page_id, std::function<Result<void>()> write) {
    auto done = m_context.store.unit_of_work(write);
    if (done) {
        m_unrecorded.erase(page_id);
        return;
    }
    spdlog::error("paging: what became of page {} could not be recorded, trying again in {}: {}",
                  page_id, format_duration(store_retry), done.error().message);
    m_unrecorded[page_id] = std::move(write);
    retry_later();
}

void Pager::retry_later() {
    if (m_stopped)
        return;
    if (m_timer)
        m_context.timers.cancel(*m_timer);
    m_timer_due = m_context.clock.now() + store_retry;
    m_timer = m_context.timers.schedule(*m_timer_due, [this, alive = m_alive] {
        if (!*alive)
            return;
        m_timer.reset();
        m_timer_due.reset();
        fire();
    });
}

Result<int> Pager::plan(Item const& item, std::string const& person, std::string const& why,
                        Urgency urgency) {
    auto now = m_context.clock.now();
    auto found = m_context.config.people.find(person);
    if (found == m_context.config.people.end())
        return 0;
    auto const& config_person = found->second;
    auto name = m_context.display_name(person);

    std::vector<config::PushContact> contacts = config_person.push;
    // Without phone methods the log stands in, so a page is never silently dropped.
    if (contacts.empty() && notifier_for("push:log"))
        contacts.push_back({"log", "", Seconds{0}});

    std::optional<Instant> quiet_end;
    if (config_person.quiet_hours && urgency != Urgency::critical && !on_duty(person, now)) {
        schedules::QuietHours quiet{config_person.quiet_hours->start,
                                    config_person.quiet_hours->end, zone_of(person)};
        auto until = schedules::quiet_until(quiet, now);
        if (until > now)
            quiet_end = until;
    }

    auto const lang = m_context.team_language(item.team);
    int planned = 0;
    SB_TRY(m_context.store.unit_of_work([&]() -> Result<void> {
        planned = 0;
        for (auto const& contact : contacts) {
            PageRecord page;
            page.item_id = item.id;
            page.person = person;
            page.method = "push:" + contact.type;
            page.address = contact.address;
            page.urgency = to_string(urgency);
            page.created_at = now;
            page.due_at = now + contact.delay;
            page.detail = why;
            if (quiet_end)
                page.due_at = std::max(page.due_at, *quiet_end + contact.delay);
            if (auto added = m_pages.add(page); !added)
                return unexpected(std::move(added).error());
            ++planned;
            std::string when = page.due_at <= now
                                   ? say(lang, "now")
                                   : say(lang, "in {0}", duration_words(lang, page.due_at - now));
            auto detail = say(lang, "Page to {0} by {1} queued ({2}), due {3}", name, contact.type,
                              why, when);
            if (quiet_end)
                detail += say(lang, " after {0}'s quiet hours", name);
            SB_TRY(event(item.id, "page_queued", detail));
        }
        return {};
    }));
    // Pages planned inside a caller's unit of work exist only once it commits.
    m_context.store.after_commit([this, alive = m_alive] {
        if (*alive)
            arm();
    });
    return planned;
}

void Pager::arm() {
    if (m_stopped)
        return;
    auto due = m_pages.next_due();
    if (!due) {
        spdlog::error("paging: {}; looking again in {}", due.error().message,
                      format_duration(store_retry));
        retry_later();
        return;
    }
    auto const& next = *due;
    if (!next) {
        if (m_timer)
            m_context.timers.cancel(*m_timer);
        m_timer.reset();
        m_timer_due.reset();
        return;
    }
    if (m_timer && m_timer_due && *m_timer_due <= *next)
        return;
    if (m_timer)
        m_context.timers.cancel(*m_timer);
    m_timer_due = *next;
    m_timer = m_context.timers.schedule(*next, [this, alive = m_alive] {
        if (!*alive)
            return;
        m_timer.reset();
        m_timer_due.reset();
        fire();
    });
}

void Pager::fire() {
    auto now = m_context.clock.now();
    bool store_failed = false;
    for (auto it = m_unrecorded.begin(); it != m_unrecorded.end();) {
        if (auto done = m_context.store.unit_of_work(it->second); done) {
            it = m_unrecorded.erase(it);
        } else {
            spdlog::error("paging: what became of page {} still cannot be recorded: {}", it->first,
                          done.error().message);
            store_failed = true;
            ++it;
        }
    }
    auto due = m_pages.due(now);
    if (!due) {
        spdlog::error("paging: {}", due.error().message);
        retry_later();
        return;
    }
    for (auto const& page : *due) {
        if (m_in_flight.contains(page.id) || m_unrecorded.contains(page.id))
            continue;
        auto loaded = m_context.store.items().get(page.item_id);
        if (!loaded) {
            spdlog::error("paging: page {} waits: {}", page.id, loaded.error().message);
            store_failed = true;
            continue;
        }
        auto const& item = *loaded;
        if (!item || item->state != ItemState::open) {
            auto why = !item ? std::string("the item is gone")
                             : "the item is " + std::string(to_string(item->state)) +
                                   (item->claimed_by.empty()
                                        ? std::string()
                                        : " by " + m_context.display_name(item->claimed_by));
            if (auto cancelled = m_pages.set_state(page.id, "cancelled", now, why); !cancelled) {
                spdlog::error("paging: page {} could not be cancelled: {}", page.id,
                              cancelled.error().message);
                store_failed = true;
            }
            continue;
        }
        send(page, *item);
    }
    // A due page the store would not read or write stays due: looking again at once would spin.
    if (store_failed)
        retry_later();
    // Pages in flight are still queued; their completion re-arms.
    else if (m_in_flight.empty())
        arm();
}

PageRequest Pager::request_for(PageRecord const& page, Item const& item, Instant now) const {
    PageRequest request;
    request.page_id = page.id;
    request.item_id = item.id;
    request.person = page.person;
    request.display_name = m_context.display_name(page.person);
    request.address = page.address;
    request.urgency = urgency_from(page.urgency);
    auto const lang = m_context.team_language(item.team);
    request.language = lang;
    request.title = say(lang, "#{0} {1}: {2} needs a reply", item.id, item.mention.platform,
                        item.mention.author);
    request.text = item_summary(item, lang, 300) + "\n(" + page.detail + ")";
    request.item_url = item.mention.url;
    if (!m_context.base_url.empty())
        request.claim_url =
            m_context.base_url + "/claim/" + m_links.make(page.id, item.id, page.person, now);
    return request;
}

void Pager::send(PageRecord const& page, Item const& item) {
    auto now = m_context.clock.now();
    auto* notifier = notifier_for(page.method);
    if (!notifier) {
        sent(page, unexpected(ErrorCode::invalid_argument,
                              "no '" + method_name(page.method) + "' notifier is set up"));
        return;
    }
    m_in_flight.insert(page.id);
    notifier->send(request_for(page, item, now),
                   [this, alive = m_alive, page](Result<PageSent> result) {
                       if (!*alive)
                           return;
                       m_in_flight.erase(page.id);
                       sent(page, std::move(result));
                       arm();
                   });
}

void Pager::sent(PageRecord const& page, Result<PageSent> result) {
    auto now = m_context.clock.now();
    auto name = m_context.display_name(page.person);
    auto method = method_name(page.method);
    if (result) {
        auto receipt = result->receipt;
        keep(page.id, [this, page, now, receipt, name, method]() -> Result<void> {
            SB_TRY(m_pages.mark_sent(page.id, now, receipt));
            auto const lang = SB_TRY(item_language(page.item_id));
            return event(page.item_id, "page_sent",
                         say(lang, "Page to {0} by {1} sent", name, method));
        });
        if (!receipt.empty())
            arm_receipts();
        return;
    }
    int attempts = page.attempts + 1;
    auto const& error = result.error();
    if (!permanent(error) && attempts < m_context.config.paging.attempts) {
        auto wait = backoff(attempts);
        keep(page.id, [this, id = page.id, at = now + wait, attempts, message = error.message] {
            return m_pages.retry_at(id, at, attempts, message);
        });
        spdlog::warn("paging: page {} to {} by {} failed (attempt {}), retrying in {}: {}", page.id,
                     page.person, method, attempts, format_duration(wait),
                     redact_secrets(error.message));
        return;
    }
    spdlog::warn("paging: page {} to {} by {} failed: {}", page.id, page.person, method,
                 redact_secrets(error.message));
    keep(page.id,
         [this, page, now, attempts, message = error.message, name, method]() -> Result<void> {
             SB_TRY(m_pages.set_state(page.id, "failed", now, message));
             // The next method should not wait out its delay behind one that cannot deliver.
             std::string next;
             auto later = SB_TRY(m_pages.queued_for(page.item_id, page.person));
             if (!later.empty()) {
                 SB_TRY(m_pages.bring_forward(later.front().id, now));
                 next = method_name(later.front().method);
             }
             auto const lang = SB_TRY(item_language(page.item_id));
             auto detail = attempts == 1
                               ? say(lang, "Page to {0} by {1} failed after 1 attempt: {2}", name,
                                     method, message)
                               : say(lang, "Page to {0} by {1} failed after {2} attempts: {3}",
                                     name, method, attempts, message);
             if (!next.empty())
                 detail += say(lang, "; handing over to {0} now", next);
             return event(page.item_id, "page_failed", detail);
         });
}

void Pager::arm_receipts() {
    if (m_stopped || m_receipt_timer)
        return;
    auto open = m_pages.open_receipts();
    if (!open) // polled anyway: a receipt not looked at could ring on
        spdlog::error("paging: {}", open.error().message);
    else if (open->empty())
        return;
    m_receipt_timer = m_context.timers.schedule(
        m_context.clock.now() + m_context.config.paging.receipt_poll, [this, alive = m_alive] {
            if (!*alive)
                return;
            m_receipt_timer.reset();
            poll_receipts();
        });
}

void Pager::poll_receipts() {
    auto now = m_context.clock.now();
    auto open = m_pages.open_receipts();
    if (!open) {
        spdlog::error("paging: receipts not polled: {}", open.error().message);
        arm_receipts();
        return;
    }
    for (auto const& page : *open) {
        if (m_polling.contains(page.id))
            continue;
        auto* notifier = notifier_for(page.method);
        if (!notifier)
            continue;
        auto loaded = m_context.store.items().get(page.item_id);
        if (!loaded) {
            spdlog::error("paging: receipt of page {} not polled: {}", page.id,
                          loaded.error().message);
            continue;
        }
        auto const& item = *loaded;
        if (!item || item->state != ItemState::open) {
            // Claimed elsewhere: stop the phone from ringing on.
            notifier->cancel_receipt(page.receipt);
            if (auto done = m_pages.mark_sent(page.id, now, ""); !done)
                spdlog::error("paging: page {} stays open: {}", page.id, done.error().message);
            continue;
        }
        m_polling.insert(page.id);
        notifier->check_receipt(
            page.receipt, [this, alive = m_alive, page](Result<ReceiptStatus> status) {
                if (!*alive)
                    return;
                m_polling.erase(page.id);
                auto now = m_context.clock.now();
                if (!status) {
                    spdlog::warn("paging: receipt of page {} could not be read: {}", page.id,
                                 status.error().message);
                } else if (status->acknowledged) {
                    auto name = m_context.display_name(page.person);
                    auto recorded = m_context.store.unit_of_work([&]() -> Result<void> {
                        SB_TRY(m_pages.set_state(page.id, "acknowledged", now, ""));
                        auto const lang = SB_TRY(item_language(page.item_id));
                        return event(page.item_id, "page_acknowledged",
                                     say(lang, "Page to {0} by {1} acknowledged on the phone", name,
                                         method_name(page.method)));
                    });
                    // The person answered: claim for them even if the store missed the receipt.
                    if (!recorded)
                        spdlog::error("paging: acknowledgement of page {} not recorded: {}",
                                      page.id, recorded.error().message);
                    if (claim) {
                        auto claimed = claim(page.item_id, page.person);
                        if (!claimed)
                            spdlog::info("paging: acknowledgement of page {} did not claim #{}: {}",
                                         page.id, page.item_id, claimed.error().message);
                    }
                } else if (status->expired) {
                    if (auto done = m_pages.mark_sent(page.id, now, ""); !done)
                        spdlog::error("paging: expired receipt of page {} stays open: {}", page.id,
                                      done.error().message);
                }
                arm_receipts();
            });
    }
    arm_receipts();
}

void Pager::item_changed(ItemId item_id) {
    if (m_stopped)
        return;
    auto open = m_pages.open_receipts();
    if (!open)
        return; // the next poll looks again
    std::optional<std::optional<Item>> item;
    auto now = m_context.clock.now();
    for (auto const& page : *open) {
        if (page.item_id != item_id || m_polling.contains(page.id))
            continue;
        auto* notifier = notifier_for(page.method);
        if (!notifier)
            continue;
        if (!item) {
            auto loaded = m_context.store.items().get(item_id);
            if (!loaded)
                return; // the next poll looks again
            item = *loaded;
        }
        if (*item && (*item)->state == ItemState::open)
            return;
        notifier->cancel_receipt(page.receipt);
        if (auto done = m_pages.mark_sent(page.id, now, ""); !done)
            spdlog::error("paging: page {} stays open: {}", page.id, done.error().message);
    }
}

std::string Pager::test_page(std::string const& person, std::function<void(std::string)> report) {
    auto const lang = m_context.person_language(person);
    auto found = m_context.config.people.find(person);
    if (found == m_context.config.people.end())
        return say(lang, "Sorry: you are not in the config's people, so there is nobody to page.");
    auto name = m_context.display_name(person);
    std::vector<std::string> methods;
    auto dms = m_context.direct_messages(
        person,
        say(lang, "Test page for {0}: chat DM works. switchboard will page you like this.", name));
    if (!dms.empty()) {
        if (auto queued = m_context.store.outbox().add(0, dms); queued) {
            m_context.publish(MessagesQueued{});
            methods.push_back(std::string(words(lang, "chat DM")));
        } else {
            report(say(lang, "Test page by chat DM failed: {0}", queued.error().message));
        }
    }
    for (auto const& contact : found->second.push) {
        auto* notifier = notifier_for("push:" + contact.type);
        std::string label = contact.type + (contact.address.empty() || contact.type == "pushover"
                                                ? std::string()
                                                : " (" + contact.address + ")");
        if (!notifier) {
            report(say(lang, "Test page by {0} failed: no '{1}' notifier is set up", label,
                       contact.type));
            continue;
        }
        PageRequest request;
        request.person = person;
        request.display_name = name;
        request.address = contact.address;
        request.urgency = Urgency::normal;
        request.title = say(lang, "switchboard test page");
        request.text = say(lang, "Test page for {0} by {1}. No action needed.", name, contact.type);
        methods.push_back(label);
        notifier->send(request, [alive = m_alive, report, label, lang](Result<PageSent> result) {
            if (!*alive)
                return;
            report(result
                       ? say(lang, "Test page by {0} sent.", label)
                       : say(lang, "Test page by {0} failed: {1}", label, result.error().message));
        });
    }
    if (methods.empty())
        return say(lang, "You have no chat DM and no phone method set up; add \"push\" to your "
                         "entry in the config's people.");
    std::string list;
    for (auto const& method : methods)
        list += (list.empty() ? "" : ", ") + method;
    return say(lang,
               "Sending a test page to {0} by {1}. Each phone method reports its result in a DM.",
               name, list);
}

ClaimLinkOutcome Pager::use_link(std::string const& token, bool confirm) {
    auto now = m_context.clock.now();
    // Until the link names its person, the page speaks the language all teams share.
    auto lang = m_context.common_language();
    auto outcome = [&](int status, bool claimed, std::string title, std::string message) {
        return ClaimLinkOutcome{status, claimed, lang, std::move(title), std::move(message)};
    };
    auto invalid = [&] {
        return outcome(404, false, say(lang, "Link not valid"),
                       say(lang, "This claim link is not valid. Open the item in chat instead."));
    };
    auto try_again = [&] {
        return outcome(503, false, say(lang, "Try again"),
                       say(lang, "switchboard could not read the claim; try again."));
    };
    auto parsed = ClaimLinks::parse(token);
    if (!parsed)
        return invalid();
    auto stored = m_pages.get(parsed->page_id);
    if (!stored) {
        spdlog::error("paging: claim link not checked: {}", stored.error().message);
        return try_again();
    }
    auto const& page = *stored;
    if (!page || !m_links.genuine(*parsed, page->item_id, page->person))
        return invalid();
    auto loaded = m_context.store.items().get(page->item_id);
    if (!loaded) {
        spdlog::error("paging: claim link not checked: {}", loaded.error().message);
        return try_again();
    }
    auto const& item = *loaded;
    if (!item)
        return invalid();
    lang = m_context.team_language(item->team);
    auto const state = std::string(words(lang, to_string(item->state)));
    auto label =
        say(lang, "#{0} ({1}, {2})", item->id, item->mention.platform, item->mention.author);
    if (page->claim_used_at)
        return outcome(410, false, say(lang, "Link already used"),
                       say(lang,
                           "This claim link was already used at {0}. Each link claims once; open "
                           "the item in chat instead.",
                           format_instant(*page->claim_used_at, zone_of(page->person))));
    if (now >= parsed->expires_at)
        return outcome(410, false, say(lang, "Link expired"),
                       say(lang,
                           "This claim link expired at {0}. Item {1} is {2}; open it in chat "
                           "instead.",
                           format_instant(parsed->expires_at, zone_of(page->person)), label,
                           state));
    if (item->state == ItemState::resolved || item->state == ItemState::dismissed)
        return outcome(409, false, say(lang, "Nothing to claim"),
                       say(lang, "Item {0} is already {1}. Nothing to do.", label, state));
    if (item->state == ItemState::claimed)
        return outcome(409, false, say(lang, "Already claimed"),
                       item->claimed_by == page->person
                           ? say(lang, "You have already claimed item {0}.", label)
                           : say(lang, "Item {0} is already claimed by {1}.", label,
                                 m_context.display_name(item->claimed_by)));
    if (!confirm)
        return outcome(200, false, say(lang, "Claim {0}?", label), item_summary(*item, lang, 300));
    auto first = m_pages.use_claim_link(page->id, now);
    if (!first)
        return outcome(503, false, say(lang, "Try again"),
                       say(lang, "switchboard could not record the claim; try again."));
    if (!*first)
        return outcome(410, false, say(lang, "Link already used"),
                       say(lang, "This claim link was already used. Each link claims once."));
    if (!claim)
        return outcome(503, false, say(lang, "Try again"),
                       say(lang, "Claiming is not available right now."));
    auto claimed = claim(item->id, page->person);
    if (!claimed)
        return outcome(409, false, say(lang, "Not claimed"), claimed.error().message);
    // The claim itself is recorded by now; only the page's own state lags behind.
    if (auto done = m_pages.set_state(page->id, "acknowledged", now, "claimed from the phone");
        !done)
        spdlog::error("paging: page {} not marked acknowledged: {}", page->id,
                      done.error().message);
    return outcome(
        200, true, say(lang, "Claimed {0}", label),
        say(lang, "You have item {0} now, {1}.", label, m_context.display_name(page->person)));
}

} // namespace sb
