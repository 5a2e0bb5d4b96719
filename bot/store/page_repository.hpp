// SPDX-License-Identifier: Apache-2.0
// Pages: each attempt to reach a person about an item, by chat DM or by phone. Phone pages are
// planned with a due time, sent once, and keep their receipts and claim links.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/core/item_id.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb {

class Store;

// One row of pages. Methods: "chat_dm", "push:<notifier>" ("push:ntfy", "push:pushover" …).
// States: queued (waiting for due_at), sent, failed, acknowledged, cancelled.
struct PageRecord {
    std::int64_t id = 0;
    ItemId item_id = 0;
    std::string person;
    std::string method;
    std::string address; // topic, user key or URL; empty for a chat DM
    std::string urgency = "normal";
    std::string state = "queued";
    Instant created_at{};
    Instant due_at{};
    int attempts = 0;
    std::string receipt; // the service's id for an acknowledgeable page (Pushover's receipt)
    std::string detail;  // why it was sent, or the last error
    std::optional<Instant> claim_used_at;
};

// The pages list of the API: by state, newest first, paged by id.
struct PageListQuery {
    std::vector<std::string> states;
    bool open_items_only = false; // only pages whose item is still open
    std::optional<std::int64_t> before_id;
    int limit = 50;
};

struct ListedPage {
    PageRecord page;
    std::string team; // of the page's item
};

struct PageList {
    std::vector<ListedPage> pages;
    std::optional<std::int64_t> next_before_id; // nullopt: this was the last page
};

class PageRepository {
public:
    explicit PageRepository(Store& store) : m_store(store) {}

    Result<std::int64_t> add(PageRecord const& page);
    Result<std::optional<PageRecord>> get(std::int64_t id);
    // Every page about one item, in the order they were made.
    Result<std::vector<PageRecord>> of_item(ItemId item);
    // One page of the pages list (in item_query.cpp, which joins the items).
    Result<PageList> list(PageListQuery const& query);
    // Pages of any state, from the tally: no table scan.
    std::int64_t count() const;

    // Queued phone pages due at or before `at`, earliest first.
    Result<std::vector<PageRecord>> due(Instant at);
    // The earliest due time of any queued phone page.
    Result<std::optional<Instant>> next_due();
    // Sent pages whose receipt may still be acknowledged.
    Result<std::vector<PageRecord>> open_receipts();
    // Queued pages for one person about one item, in the order they were planned.
    Result<std::vector<PageRecord>> queued_for(ItemId item, std::string const& person);

    Result<void> mark_sent(std::int64_t id, Instant at, std::string const& receipt);
    Result<void> retry_at(std::int64_t id, Instant at, int attempts, std::string const& error);
    Result<void> set_state(std::int64_t id, std::string const& state, Instant at,
                           std::string const& detail);
    Result<void> bring_forward(std::int64_t id, Instant at);
    // Marks the page's claim link used; false when it already was (a replay).
    Result<bool> use_claim_link(std::int64_t id, Instant at);

private:
    void count_added(std::string const& method, std::string const& state);
    // `before` as store_sql::page_labels read it inside the change's transaction.
    void count_state(std::optional<std::pair<std::string, std::string>> const& before,
                     std::string const& to);

    Store& m_store;
};

} // namespace sb
