// SPDX-License-Identifier: Apache-2.0
// The embedded store: items, timelines, outbox, deadlines, pages and cursors in one SQLite file.
#pragma once

#include "base/result.hpp"
#include "bot/core/item.hpp"
#include "bot/ports/chat_adapter.hpp"
#include "bot/store/store_tally.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace sb {

struct ItemTiming;

// One escalation deadline per active item; kept in the store so a restart resumes it.
struct Deadline {
    ItemId item_id = 0;
    Instant due_at{};
    std::string policy;   // escalation policy id; empty while waiting for coverage to begin
    int step = 0;         // the next step to run
    int round = 0;        // how many times the chain already ran
    Instant started_at{}; // when this round of paging began
    std::string kind = "escalate"; // "escalate", "wake" (end of a snooze), "begin" (planned gap)
};

struct PageRecord {
    std::int64_t id = 0;
    ItemId item_id = 0;
    std::string person;
    std::string method; // "chat_dm", "push:<notifier>"
    std::string state;  // queued, sent, failed, acknowledged
    Instant created_at{};
    std::string detail;
};

struct ItemFilter {
    std::optional<ItemState> state;
    bool active_only = false;
    std::string team;
    int limit = 50;
};

// The items list of the API and the web page: filters, newest first, paged by id.
struct ItemQuery {
    std::vector<ItemState> states; // empty: any
    std::string team;
    std::string source;
    std::optional<Priority> priority;
    std::optional<Instant> received_until; // received at or before (the API's min_age)
    std::optional<Instant> received_since; // received at or after (the API's max_age)
    std::optional<ItemId> before_id;       // the cursor: items with a smaller id
    int limit = 50;
};

struct ItemPage {
    std::vector<Item> items;
    std::optional<ItemId> next_before_id; // nullopt: this was the last page
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

struct NewOutbox {
    OutboxKind kind = OutboxKind::room_message;
    std::string adapter;
    std::string room;
    std::string person;
    std::string person_address;
    std::string text;
    // When set, replaces text once the message was delivered (or given up): for secrets such as
    // sign-in links, which must not stay in the database file in clear.
    std::string after_delivery = {};
};

// What a state change writes, all in one transaction.
struct Transition {
    ItemId item_id = 0;
    std::vector<ItemState> allowed_from; // the change happens only from one of these
    ItemState to = ItemState::open;
    std::string claimed_by;               // for claimed
    std::optional<Instant> snoozed_until; // for snoozed
    TimelineEvent event;
    std::vector<NewOutbox> outbox;
    std::optional<Deadline> deadline; // replaces the item's deadline; nullopt removes it
};

struct StoredOutbox {
    OutboxMessage message;
    Instant next_attempt_at{};
    std::string state; // pending, delivered, failed
};

class Store {
public:
    // Opens (creating if needed) the database file and applies pending migrations.
    // Throws on failure: a store that cannot open ends the process.
    explicit Store(std::string const& path);
    ~Store();
    Store(Store const&) = delete;
    Store& operator=(Store const&) = delete;

    std::string const& path() const { return m_path; }
    int schema_version() const;

    // Runs `body` as one transaction (in unit_of_work.cpp): every write inside it, of this store
    // and of the parts that share its file (pages …), commits together or not at all. An error
    // returned by `body`, a thrown one or a failed commit rolls everything back and is returned.
    // A unit opened inside another joins it.
    Result<void> unit_of_work(std::function<Result<void>()> const& body);
    // Runs `fn` once the open unit of work committed, and never if it rolls back; at once when
    // none is open. For what must not act on writes that may vanish: timers, live views.
    void after_commit(std::function<void()> fn);

    // Inserts the item, its "received" event, the outbox entries and the deadline in one
    // transaction; a known (source, platform, external id) returns the existing id with
    // created=false.
    struct IngestResult {
        ItemId item_id = 0;
        bool created = false;
    };
    Result<IngestResult> insert_item(Item const& item, TimelineEvent event,
                                     std::vector<NewOutbox> const& outbox,
                                     std::optional<Deadline> const& deadline);
    // A mention is known by (source, platform, external id): two sources make two items.
    Result<std::optional<ItemId>> find_item(std::string const& source, std::string const& platform,
                                            std::string const& external_id);
    // The item a mention was grouped into by the burst rule.
    Result<std::optional<ItemId>> find_alias(std::string const& source, std::string const& platform,
                                             std::string const& external_id);
    // The newest active item of a burst group that arrived at or after `since`.
    Result<std::optional<Item>> burst_target(std::string const& group_key, Instant since);
    // Counts the mention into the item (and may raise its priority) with its event and card
    // update; false when the mention was already known.
    Result<bool> group_into(ItemId id, Mention const& mention, std::optional<Priority> raise_to,
                            TimelineEvent event, std::vector<NewOutbox> const& outbox);
    // Records an edit or a deletion of an item's mention, with its event and card update.
    Result<void> update_mention(ItemId id, Mention const& mention, TimelineEvent event,
                                std::vector<NewOutbox> const& outbox);

    // Applies a state change atomically: false (a conflict) when the item is not in an allowed
    // state any more, so the first claim wins and a later one is told who has it.
    Result<bool> apply(Transition const& transition);
    Result<void> add_event(TimelineEvent event, std::vector<NewOutbox> const& outbox = {});

    std::optional<Item> item(ItemId id);
    // The same reads with a failing database as an error rather than an exception.
    Result<std::optional<Item>> load_item(ItemId id);
    std::vector<Item> items(ItemFilter const& filter);
    std::vector<TimelineEvent> timeline(ItemId id);
    // One page of items matching the query (in item_query.cpp).
    ItemPage items_page(ItemQuery const& query);

    // Outbox.
    Result<std::vector<StoredOutbox>> pending_outbox(int limit);
    // Entries waiting for delivery, from the tally: no table scan.
    std::int64_t outbox_depth() const { return m_tally.outbox_depth(); }
    Result<void> outbox_delivered(std::int64_t id, std::string const& message_ref);
    Result<void> outbox_retry(std::int64_t id, Instant next_attempt_at, std::string const& error);
    Result<void> outbox_failed(std::int64_t id, std::string const& error);
    Result<std::optional<std::string>> card_ref(ItemId item, std::string const& adapter);
    Result<std::optional<ItemId>> item_for_card(std::string const& adapter,
                                                std::string const& message_ref);

    // Deadlines.
    Result<void> set_deadline(Deadline const& deadline);
    Result<void> clear_deadline(ItemId item);
    Result<std::optional<Deadline>> deadline(ItemId item);
    std::vector<Deadline> deadlines();
    Result<std::optional<Deadline>> load_deadline(ItemId item);
    Result<std::vector<Deadline>> load_deadlines();

    // Pages.
    Result<std::int64_t> add_page(PageRecord const& page);
    Result<void> set_page_state(std::int64_t id, std::string const& state,
                                std::string const& detail);
    std::vector<PageRecord> pages(ItemId item);
    // One page of the pages list (in item_query.cpp).
    Result<PageList> list_pages(PageListQuery const& query);
    // Pages of any state, from the tally: no table scan.
    std::int64_t count_pages() const { return m_tally.pages_stored(); }

    // Source cursors.
    Result<std::optional<std::string>> cursor(std::string const& source);
    Result<void> set_cursor(std::string const& source, std::string const& value, Instant at);

    // Durations in seconds for the report: time to claim and time to resolve.
    std::vector<std::int64_t> claim_durations();
    std::vector<std::int64_t> resolve_durations();

    // Whether the store can still write (a full disk, a read-only file): one tiny real write at
    // most once per interval, the last answer in between; error messages start with "the store
    // cannot write: ". For /readyz, on the thread that owns the store.
    Result<void> check_writable(Instant now,
                                std::chrono::seconds interval = std::chrono::seconds(5));

    // The rows by the labels of /metrics, as the committed writes left them.
    StoreTally const& tally() const { return m_tally; }

    // Adds outbox entries that belong to no event (a test page's DMs) in one transaction.
    Result<void> add_outbox(ItemId item, std::vector<NewOutbox> const& entries);
    // Adds an outbox entry inside the caller's open transaction, which counts it into the tally
    // with count_outbox() once it committed.
    void insert_outbox(ItemId item, NewOutbox const& entry);
    void count_outbox(std::int64_t entries);

private:
    // The other repositories of bot/store share this connection and its transactions; nothing
    // outside the store folder reaches SQL.
    friend class AuthRepository;
    friend class CalendarStore;
    friend class InboxStore;
    friend class PageStore;
    friend class RotaStore;
    friend std::vector<ItemTiming> item_timings(Store& store, std::string const& team, Instant from,
                                                Instant to);
    // Defined in tests/support/store_access.hpp, for tests that break the store on purpose.
    friend struct StoreAccessForTest;
    SQLite::Database& connection() { return *m_db; }

    void migrate();
    // Moves the tally once the open unit of work commits (at once outside one). Each write calls
    // it after its own transaction committed, so a write that is undone is never counted.
    void tally_after_commit(std::function<void(StoreTally&)> change);
    void count_page(std::string const& method, std::string const& state);
    // `before` as store_sql::page_labels read it inside the change's transaction.
    void count_page_state(std::optional<std::pair<std::string, std::string>> const& before,
                          std::string const& to);

    std::string m_path;
    // Why the store cannot write now, or empty.
    std::string write_blocker(Instant now);

    std::unique_ptr<SQLite::Database> m_db;
    int m_units = 0; // open units of work, nested
    std::vector<std::function<void()>> m_after_commit;
    StoreTally m_tally;
    std::optional<Instant> m_probed_at;
    std::string m_probe_failure; // empty: the last probe wrote
};

} // namespace sb
