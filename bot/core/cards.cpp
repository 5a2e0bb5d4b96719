// SPDX-License-Identifier: Apache-2.0
// What a card and a page say about an item.
#include "bot/core/cards.hpp"

#include "base/say.hpp"

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
    return item_summary(item, Language::en, excerpt_length);
}

std::string item_summary(Item const& item, Language language, std::size_t excerpt_length) {
    return say(language, "#{0} {1} on {2} ({3}): \"{4}\"", item.id, item.mention.author,
               item.mention.platform, words(language, to_string(item.priority)),
               excerpt(item.mention.text, excerpt_length));
}

CardView render_card(CoreContext const& context, Item const& item, Instant now) {
    CardView card;
    auto const lang = context.team_language(item.team);
    auto const ago = [&](Instant since) { return duration_words(lang, now - since); };
    card.language = lang;
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
        card.status_line = say(lang, "Open for {0}", ago(item.received_at));
        card.actions = {"claim", "resolve", "snooze", "dismiss"};
        break;
    case ItemState::claimed:
        card.status_line =
            say(lang, "Claimed by {0} after {1}", context.display_name(item.claimed_by),
                duration_words(lang, item.claimed_at.value_or(now) - item.received_at));
        card.actions = {"resolve", "snooze", "dismiss"};
        break;
    case ItemState::snoozed:
        card.status_line =
            say(lang, "Snoozed until {0}", format_instant(item.snoozed_until.value_or(now), zone));
        card.actions = {"claim", "dismiss"};
        break;
    case ItemState::resolved: {
        auto const took = duration_words(lang, item.resolved_at.value_or(now) - item.received_at);
        card.status_line = item.claimed_by.empty()
                               ? say(lang, "Resolved after {0}", took)
                               : say(lang, "Resolved by {0} after {1}",
                                     context.display_name(item.claimed_by), took);
        break;
    }
    case ItemState::dismissed:
        card.status_line = say(lang, "Dismissed (no reply needed)");
        break;
    }
    if (item.deleted_at)
        card.status_line +=
            " · " + say(lang, "Deleted by author at {0}", format_instant(*item.deleted_at, zone));
    if (item.duplicate_count > 0)
        card.status_line += " · " + say(lang, "{0} mentions", item.duplicate_count + 1);

    if (!item.team.empty()) {
        auto answer = context.rota.who(item.team, now);
        std::string on_call;
        for (auto const& layer : answer.layers) {
            if (!on_call.empty())
                on_call += ", ";
            on_call += layer.layer + ": " +
                       (layer.person ? context.display_name(*layer.person)
                                     : std::string(words(lang, "nobody")));
        }
        bool anybody =
            std::any_of(answer.layers.begin(), answer.layers.end(),
                        [](LayerOnCall const& layer) { return layer.person.has_value(); });
        if (anybody)
            card.on_call = on_call;
        else if (answer.window == std::optional<std::string>("business_hours"))
            card.on_call = say(lang, "business hours: the whole team");
        else
            card.on_call = say(lang, "nobody (outside coverage)");
    }
    if (item.due_at && item.state == ItemState::open)
        card.due_line = say(lang, "Due {0} (outside coverage; paging starts then)",
                            format_instant(*item.due_at, zone));
    return card;
}

} // namespace sb
