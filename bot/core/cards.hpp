// SPDX-License-Identifier: Apache-2.0
// What a card and a page say about an item, decided once for every chat adapter.
#pragma once

#include "bot/core/context.hpp"
#include "bot/ports/chat_adapter.hpp"

namespace sb {

CardView render_card(CoreContext const& context, Item const& item, Instant now);
// One line that names the item: "#3 @dana on x (high): "My bill is wrong…"".
std::string item_summary(Item const& item, std::size_t excerpt_length = 80);
// The same line in a team's language: "#3 @dana auf x (hoch): "…"".
std::string item_summary(Item const& item, Language language, std::size_t excerpt_length = 80);
std::string excerpt(std::string const& text, std::size_t length);

} // namespace sb
