// SPDX-License-Identifier: Apache-2.0
// The items list of the API and the web page (newest first, filtered, paged by id), and the
// item timings the reports are made of.
#include "bot/store/item_rows.hpp"
#include "bot/store/store.hpp"
#include "bot/store/store_sql.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <limits>
#include <string>

namespace sb {

Result<ItemPage> ItemRepository::page(ItemQuery const& query) try {
    int limit = std::clamp(query.limit, 1, 500);
    // Only the filters in use appear in the statement, so SQLite can pick the index that fits
    // (items_state_id, items_team_id or items_source_id, each ending in id for the order);
    // values are always bound, never written into the text.
    std::string sql = std::string("SELECT ") + store_rows::item_select_columns() + " FROM items";
    std::string where;
    auto add = [&where](std::string const& condition) {
        where += (where.empty() ? " WHERE " : " AND ") + condition;
    };
    if (query.states.size() == 1) {
        add("state = :state0");
    } else if (!query.states.empty()) {
        std::string list;
        for (std::size_t i = 0; i < query.states.size(); ++i)
            list += (i == 0 ? ":state" : ", :state") + std::to_string(i);
        add("state IN (" + list + ")");
    }
    if (!query.team.empty())
        add("team = :team");
    if (!query.source.empty())
        add("source = :source");
    if (query.priority)
        add("priority = :priority");
    if (query.received_until)
        add("received_at <= :oldest_arrival");
    if (query.received_since)
        add("received_at >= :newest_arrival");
    if (query.before_id)
        add("id < :before");
    sql += where + " ORDER BY id DESC LIMIT :limit";

    SQLite::Statement q(m_store.connection(), sql);
    for (std::size_t i = 0; i < query.states.size(); ++i)
        q.bind(":state" + std::to_string(i), to_string(query.states[i]));
    if (!query.team.empty())
        q.bind(":team", query.team);
    if (!query.source.empty())
        q.bind(":source", query.source);
    if (query.priority)
        q.bind(":priority", to_string(*query.priority));
    if (query.received_until)
        q.bind(":oldest_arrival", static_cast<int64_t>(seconds_of(*query.received_until)));
    if (query.received_since)
        q.bind(":newest_arrival", static_cast<int64_t>(seconds_of(*query.received_since)));
    if (query.before_id)
        q.bind(":before", static_cast<int64_t>(*query.before_id));
    // One more than asked tells whether another page follows.
    q.bind(":limit", limit + 1);

    ItemPage page;
    while (q.executeStep())
        page.items.push_back(store_rows::read_item_row(q));
    page.next_before_id =
        store_sql::trim_to_page(page.items, limit, [](Item const& item) { return item.id; });
    return page;
} catch (std::exception const& e) {
    return store_sql::store_error(e, "list the items");
}

Result<PageList> PageRepository::list(PageListQuery const& query) {
    try {
        std::string sql = "SELECT p.id, p.item_id, p.person, p.method, p.state, p.created_at, "
                          "p.detail, COALESCE(i.team, '') FROM pages p LEFT JOIN items i ON "
                          "i.id = p.item_id WHERE p.state IN (";
        for (std::size_t i = 0; i < query.states.size(); ++i)
            sql += i == 0 ? "?" : ", ?";
        sql += ")";
        if (query.open_items_only)
            sql += " AND i.state = 'open'";
        sql += " AND p.id < ? ORDER BY p.id DESC LIMIT ?";
        SQLite::Statement q(m_store.connection(), sql);
        int index = 1;
        for (auto const& state : query.states)
            q.bind(index++, state);
        q.bind(index++, query.before_id.value_or(std::numeric_limits<std::int64_t>::max()));
        // One more than asked tells whether another page follows.
        q.bind(index, query.limit + 1);
        PageList list;
        while (q.executeStep()) {
            ListedPage listed;
            auto& record = listed.page;
            record.id = q.getColumn(0).getInt64();
            record.item_id = q.getColumn(1).getInt64();
            record.person = q.getColumn(2).getString();
            record.method = q.getColumn(3).getString();
            record.state = q.getColumn(4).getString();
            record.created_at = instant_of(q.getColumn(5).getInt64());
            record.detail = q.getColumn(6).getString();
            listed.team = q.getColumn(7).getString();
            list.pages.push_back(std::move(listed));
        }
        list.next_before_id = store_sql::trim_to_page(
            list.pages, query.limit, [](ListedPage const& listed) { return listed.page.id; });
        return list;
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          std::string("the store could not list the pages: ") + e.what());
    }
}

Result<std::vector<ItemTiming>> ItemRepository::timings(std::string const& team, Instant from,
                                                        Instant to) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT id, team, source, claimed_by, state, received_at, claimed_at, "
                        "resolved_at FROM items WHERE received_at >= ?1 AND received_at < ?2 "
                        "AND (?3 = '' OR team = ?3) ORDER BY received_at, id");
    q.bind(1, static_cast<int64_t>(seconds_of(from)));
    q.bind(2, static_cast<int64_t>(seconds_of(to)));
    q.bind(3, team);
    std::vector<ItemTiming> out;
    while (q.executeStep()) {
        ItemTiming timing;
        timing.id = q.getColumn(0).getInt64();
        timing.team = q.getColumn(1).getString();
        timing.source = q.getColumn(2).getString();
        timing.claimed_by = q.getColumn(3).getString();
        timing.state = item_state_from_string(q.getColumn(4).getString()).value_or(ItemState::open);
        timing.received_at = instant_of(q.getColumn(5).getInt64());
        if (!q.getColumn(6).isNull())
            timing.claimed_at = instant_of(q.getColumn(6).getInt64());
        if (timing.state == ItemState::resolved && !q.getColumn(7).isNull())
            timing.resolved_at = instant_of(q.getColumn(7).getInt64());
        out.push_back(std::move(timing));
    }
    return out;
} catch (std::exception const& e) {
    return store_sql::store_error(e, "read the item timings");
}

} // namespace sb
