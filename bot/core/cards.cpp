// SPDX-License-Identifier: Apache-2.0
// What a card and a page say about an item.
#include "bot/core/cards.hpp"

#include <algorithm>

namespace sb {

std::string excerpt(std::string const& text, std::size_t length) {
    if (text.size() <= length)
        return text;
    // Cut on a UTF-8 character boundary so no adapter receives half a character.
    std::size_t cut = length;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "…";
}

std::string item_summary(Item const& item, std::size_t excerpt_length) {
    return "#" + std::to_string(item.id) + " " + item.mention.author + " on " +
           item.mention.platform + " (" + to_string(item.priority) + "): \"" +
           excerpt(item.mention.text, excerpt_length) + "\"";
}

CardView render_card(CoreContext const& context, Item const& item, Instant now) {
    CardView card;
    card.item_id = item.id;
    card.platform = item.mention.platform;
    card.author = item.mention.author;
    card.excerpt = excerpt(item.mention.text, 300);
    card.url = item.mention.url;
    card.priority = to_string(item.priority);
    card.state = to_string(item.state);
    card.received_at = item.received_at;
    auto zone = context.team_zone(item.team);

    switch (item.state) {
    case ItemState::open:
        card.status_line = "Open for " + format_duration(now - item.received_at);
        card.actions = {"claim", "resolve", "snooze", "dismiss"};
        break;
    case ItemState::claimed:
        card.status_line = "Claimed by " + context.display_name(item.claimed_by) + " after " +
                           format_duration(item.claimed_at.value_or(now) - item.received_at);
        card.actions = {"resolve", "snooze", "dismiss"};
        break;
    case ItemState::snoozed:
        card.status_line =
            "Snoozed until " + format_instant(item.snoozed_until.value_or(now), zone);
        card.actions = {"claim", "dismiss"};
        break;
    case ItemState::resolved:
        card.status_line = "Resolved";
        if (!item.claimed_by.empty())
            card.status_line += " by " + context.display_name(item.claimed_by);
        card.status_line +=
            " after " + format_duration(item.resolved_at.value_or(now) - item.received_at);
        break;
    case ItemState::dismissed:
        card.status_line = "Dismissed (no reply needed)";
        break;
    }
    if (item.deleted_at)
        card.status_line += " · Deleted by author at " + format_instant(*item.deleted_at, zone);
    if (item.duplicate_count > 0)
        card.status_line += " · " + std::to_string(item.duplicate_count + 1) + " mentions";

    if (!item.team.empty()) {
        auto answer = context.rota.who(item.team, now);
        std::string on_call;
        for (auto const& layer : answer.layers) {
            if (!on_call.empty())
                on_call += ", ";
            on_call += layer.layer + ": " +
                       (layer.person ? context.display_name(*layer.person) : "nobody");
        }
        bool anybody =
            std::any_of(answer.layers.begin(), answer.layers.end(),
                        [](LayerOnCall const& layer) { return layer.person.has_value(); });
        if (anybody)
            card.on_call = on_call;
        else if (answer.window == std::optional<std::string>("business_hours"))
            card.on_call = "business hours: the whole team";
        else
            card.on_call = "nobody (outside coverage)";
    }
    if (item.due_at && item.state == ItemState::open)
        card.due_line =
            "Due " + format_instant(*item.due_at, zone) + " (outside coverage; paging starts then)";
    return card;
}

} // namespace sb
