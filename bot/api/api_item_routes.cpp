// SPDX-License-Identifier: Apache-2.0
// Items and pages: the inbox, one item with its timeline, and every action chat offers.
#include "bot/api/api_json.hpp"
#include "bot/api/api_router.hpp"
#include "bot/api/problem.hpp"

#include <algorithm>
#include <limits>

namespace sb {
namespace {

using nlohmann::json;

constexpr char const* item_state_names[] = {"open", "claimed", "snoozed", "resolved", "dismissed"};
constexpr char const* page_state_names[] = {"queued", "sent", "failed", "acknowledged",
                                            "cancelled"};

std::vector<std::string> names_of(auto const& table) {
    return {std::begin(table), std::end(table)};
}

Result<ItemId> item_id(ApiCall const& call) {
    auto id = id_parameter(call.param("id"), "id");
    if (!id)
        return unexpected(ErrorCode::not_found, "there is no item " + call.param("id"), "id");
    if (!SB_TRY(call.api.core.store.items().get(*id)))
        return unexpected(ErrorCode::not_found, "there is no item " + call.param("id"), "id");
    return *id;
}

HttpResponse list_items(ApiCall& call) {
    if (auto ok =
            only_known_parameters(call.request.query, {"state", "team", "source", "priority",
                                                       "min_age", "max_age", "cursor", "limit"});
        !ok)
        return problem(ok.error());
    ItemQuery query;
    for (auto const& text : query_list(call.request.query, "state")) {
        auto state = item_state_from_string(text);
        if (!state)
            return problem(400,
                           "unknown state '" + text + "'" +
                               suggestion(text, names_of(item_state_names)) +
                               " (known: open, claimed, snoozed, resolved, dismissed)",
                           "state");
        query.states.push_back(*state);
    }
    query.team = call.query("team").value_or("");
    query.source = call.query("source").value_or("");
    if (auto text = call.query("priority")) {
        auto priority = priority_from_string(*text);
        if (!priority)
            return problem(400,
                           "unknown priority '" + *text + "' (known: low, normal, high, urgent)",
                           "priority");
        query.priority = *priority;
    }
    constexpr std::int64_t ten_years = 10LL * 366 * 24 * 3600;
    auto min_age = query_integer(call.request.query, "min_age", 0, ten_years);
    if (!min_age)
        return problem(min_age.error());
    auto max_age = query_integer(call.request.query, "max_age", 0, ten_years);
    if (!max_age)
        return problem(max_age.error());
    auto const now = call.now();
    if (*min_age)
        query.received_until = now - std::chrono::seconds(**min_age);
    if (*max_age)
        query.received_since = now - std::chrono::seconds(**max_age);
    auto page = list_page(call.request.query);
    if (!page)
        return problem(page.error());
    query.before_id = page->before_id;
    query.limit = page->limit;
    auto result = call.api.core.store.items().page(query);
    if (!result)
        return problem(result.error());
    json items = json::array();
    for (auto const& item : result->items)
        items.push_back(item_json(call.api.core, item));
    return list_response(call, items, result->next_before_id);
}

Result<json> item_detail(ApiCall const& call, ItemId id) {
    auto& store = call.api.core.store;
    auto item = SB_TRY(store.items().get(id));
    if (!item)
        return unexpected(ErrorCode::not_found, "there is no item " + std::to_string(id), "id");
    auto body = item_json(call.api.core, *item);
    auto const zone = call.api.core.team_zone(item->team);
    json timeline = json::array();
    for (auto const& event : SB_TRY(store.items().timeline(id)))
        timeline.push_back(event_json(call.api.core, event, zone));
    json pages = json::array();
    for (auto const& page : SB_TRY(store.pages().of_item(id)))
        pages.push_back(page_json(call.api.core, page, zone));
    body["timeline"] = timeline;
    body["pages"] = pages;
    return body;
}

HttpResponse get_item(ApiCall& call) {
    auto id = item_id(call);
    if (!id)
        return problem(id.error());
    auto detail = item_detail(call, *id);
    if (!detail)
        return problem(detail.error());
    return json_response(200, *detail);
}

// One action on an item: reads its body's fields, asks the ItemService, answers the item.
using ItemAction = std::function<Result<std::string>(ApiCall&, ItemId, JsonBody const&)>;

ApiHandler item_action(std::vector<std::string> fields, ItemAction action) {
    return [fields = std::move(fields), action = std::move(action)](ApiCall& call) {
        auto id = item_id(call);
        if (!id)
            return problem(id.error());
        auto body = JsonBody::parse(call.request.body, fields);
        if (!body)
            return problem(body.error());
        auto outcome = action(call, *id, *body);
        if (!outcome)
            return problem(outcome.error());
        auto answer = item_detail(call, *id);
        if (!answer)
            return problem(answer.error());
        (*answer)["message"] = *outcome;
        return json_response(200, *answer);
    };
}

Result<std::string> optional_text(JsonBody const& body, std::string const& name) {
    auto value = SB_TRY(body.text(name));
    return value.value_or("");
}

HttpResponse list_pages(ApiCall& call) {
    if (auto ok = only_known_parameters(call.request.query, {"state", "cursor", "limit"}); !ok)
        return problem(ok.error());
    auto states = query_list(call.request.query, "state");
    // Without a state: the pages under way, i.e. not yet answered by a claim of their item.
    bool const under_way = states.empty();
    if (under_way)
        states = {"queued", "sent"};
    for (auto const& state : states)
        if (std::find(std::begin(page_state_names), std::end(page_state_names), state) ==
            std::end(page_state_names))
            return problem(400,
                           "unknown state '" + state + "'" +
                               suggestion(state, names_of(page_state_names)) +
                               " (known: queued, sent, failed, acknowledged, cancelled)",
                           "state");
    auto page = list_page(call.request.query);
    if (!page)
        return problem(page.error());
    PageListQuery query;
    query.states = states;
    query.open_items_only = under_way;
    query.before_id = page->before_id;
    query.limit = page->limit;
    auto listed = call.api.core.store.pages().list(query);
    if (!listed)
        return problem(listed.error());
    json items = json::array();
    for (auto const& entry : listed->pages)
        items.push_back(page_json(call.api.core, entry.page, call.api.core.team_zone(entry.team)));
    std::optional<std::int64_t> next = listed->next_before_id;
    return list_response(call, items, next);
}

} // namespace

void add_item_routes(ApiRoutes& routes) {
    routes.add("GET", "/api/v1/items", Access::read, list_items);
    routes.add("GET", "/api/v1/items/{id}", Access::read, get_item);
    routes.add(
        "POST", "/api/v1/items/{id}/claim", Access::change,
        item_action({}, [](ApiCall& call, ItemId id, JsonBody const&) -> Result<std::string> {
            return call.api.items.claim(id, call.item_actor());
        }));
    routes.add(
        "POST", "/api/v1/items/{id}/release", Access::change,
        item_action({}, [](ApiCall& call, ItemId id, JsonBody const&) -> Result<std::string> {
            return call.api.items.release(id, call.item_actor());
        }));
    routes.add(
        "POST", "/api/v1/items/{id}/resolve", Access::change,
        item_action({"note"},
                    [](ApiCall& call, ItemId id, JsonBody const& body) -> Result<std::string> {
                        auto note = SB_TRY(optional_text(body, "note"));
                        return call.api.items.resolve(id, call.item_actor(), note);
                    }));
    routes.add(
        "POST", "/api/v1/items/{id}/snooze", Access::change,
        item_action(
            {"until"}, [](ApiCall& call, ItemId id, JsonBody const& body) -> Result<std::string> {
                auto const item = SB_TRY(call.api.core.store.items().get(id));
                if (!item)
                    return unexpected(ErrorCode::not_found,
                                      "there is no item " + std::to_string(id), "id");
                auto until =
                    SB_TRY(body.required_time("until", call.api.core.team_zone(item->team)));
                auto result = call.api.items.snooze(id, call.item_actor(), until);
                if (!result && result.error().code == ErrorCode::invalid_argument)
                    return unexpected(ErrorCode::invalid_argument, result.error().message, "until");
                return result;
            }));
    routes.add(
        "POST", "/api/v1/items/{id}/dismiss", Access::change,
        item_action({"reason"},
                    [](ApiCall& call, ItemId id, JsonBody const& body) -> Result<std::string> {
                        auto reason = SB_TRY(optional_text(body, "reason"));
                        return call.api.items.dismiss(id, call.item_actor(), reason);
                    }));
    routes.add(
        "POST", "/api/v1/items/{id}/note", Access::change,
        item_action({"text"},
                    [](ApiCall& call, ItemId id, JsonBody const& body) -> Result<std::string> {
                        auto text = SB_TRY(body.required_text("text"));
                        return call.api.items.note(id, call.item_actor(), text);
                    }));
    routes.add("GET", "/api/v1/pages", Access::read, list_pages);
}

} // namespace sb
