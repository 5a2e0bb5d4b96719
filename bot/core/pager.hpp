// SPDX-License-Identifier: Apache-2.0
// Phone pages: planned per person by their contact rules and quiet hours, sent through the
// notifiers when due, retried, handed over to the next method on failure, and their receipts
// polled so that an acknowledgement in a push app claims the item.
#pragma once

#include "bot/core/claim_links.hpp"
#include "bot/core/context.hpp"
#include "bot/store/page_repository.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace sb {

// What a claim link led to, for the page the phone shows.
struct ClaimLinkOutcome {
    int status = 200; // HTTP status
    bool claimed = false;
    Language language = Language::en; // of the person the page was for
    std::string title;
    std::string message;
};

class Pager {
public:
    Pager(CoreContext& context, PageRepository& pages, ClaimLinks links);
    ~Pager();
    Pager(Pager const&) = delete;
    Pager& operator=(Pager const&) = delete;

    // Plans each of the person's phone methods after its delay; an off-duty person's quiet
    // hours hold back pages that are not critical. Returns how many pages were planned.
    // All of a person's pages and their events are written in one unit of work, or none is.
    Result<int> plan(Item const& item, std::string const& person, std::string const& why,
                     Urgency urgency);
    // Arms the timers for pages and receipts already in the store (after a restart too).
    void start();
    void stop();

    // Sends one page to every method the person has, now, and reports each result through
    // `report` (in a DM). Returns the answer to the command.
    std::string test_page(std::string const& person, std::function<void(std::string)> report);

    // An item changed: when it is no longer open (claimed, resolved, dismissed, snoozed), its
    // phones that still ring stop at once rather than at the next receipt poll.
    void item_changed(ItemId item);

    // A claim link opened on a phone: `confirm` false only checks it (GET), true claims (POST).
    ClaimLinkOutcome use_link(std::string const& token, bool confirm);

    // Claims the item for the person; set by the engine to the item service.
    std::function<Result<std::string>(ItemId, std::string const& person)> claim;

    // After the store refused a read or a write, the pager looks again after this.
    static constexpr Seconds store_retry{10};

    // Test hook.
    std::size_t in_flight() const { return m_in_flight.size(); }

private:
    void arm();
    void fire();
    void send(PageRecord const& page, Item const& item);
    void sent(PageRecord const& page, Result<PageSent> result);
    void arm_receipts();
    void poll_receipts();
    // The language of the item's team, which its timeline is written in.
    Result<Language> item_language(ItemId id);
    Result<void> event(ItemId item, std::string const& kind, std::string const& detail);
    // Writes what became of a sent page; one the store refused is kept and written again
    // before anything else is sent, so the page is not sent twice.
    void keep(std::int64_t page_id, std::function<Result<void>()> write);
    void retry_later();
    Notifier* notifier_for(std::string const& method) const;
    bool on_duty(std::string const& person, Instant now) const;
    std::string zone_of(std::string const& person) const;
    PageRequest request_for(PageRecord const& page, Item const& item, Instant now) const;

    CoreContext& m_context;
    PageRepository& m_pages;
    ClaimLinks m_links;
    std::optional<TimerId> m_timer;
    std::optional<Instant> m_timer_due;
    std::optional<TimerId> m_receipt_timer;
    std::set<std::int64_t> m_in_flight;
    std::set<std::int64_t> m_polling;
    std::map<std::int64_t, std::function<Result<void>()>> m_unrecorded;
    bool m_stopped = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
