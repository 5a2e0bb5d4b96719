// SPDX-License-Identifier: Apache-2.0
// Text names of the domain enums, as stored, logged and shown.
#include "bot/core/item.hpp"
#include "bot/core/mention.hpp"

#include <array>
#include <utility>

namespace sb {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> find_by_name(std::array<std::pair<Enum, char const*>, N> const& table,
                                 std::string_view text) {
    for (auto const& [value, name] : table)
        if (text == name)
            return value;
    return std::nullopt;
}

template <typename Enum, std::size_t N>
char const* name_of(std::array<std::pair<Enum, char const*>, N> const& table, Enum value) {
    for (auto const& [candidate, name] : table)
        if (candidate == value)
            return name;
    return "unknown";
}

constexpr std::array<std::pair<MentionKind, char const*>, 5> mention_kinds{{
    {MentionKind::comment, "comment"},
    {MentionKind::mention, "mention"},
    {MentionKind::dm, "dm"},
    {MentionKind::review, "review"},
    {MentionKind::post, "post"},
}};

constexpr std::array<std::pair<ItemState, char const*>, 5> item_states{{
    {ItemState::open, "open"},
    {ItemState::claimed, "claimed"},
    {ItemState::snoozed, "snoozed"},
    {ItemState::resolved, "resolved"},
    {ItemState::dismissed, "dismissed"},
}};

constexpr std::array<std::pair<Priority, char const*>, 4> priorities{{
    {Priority::low, "low"},
    {Priority::normal, "normal"},
    {Priority::high, "high"},
    {Priority::urgent, "urgent"},
}};

constexpr std::array<std::pair<Via, char const*>, 11> vias{{
    {Via::system, "system"},
    {Via::webhook, "webhook"},
    {Via::source, "source"},
    {Via::console, "console"},
    {Via::slack, "slack"},
    {Via::matrix, "matrix"},
    {Via::push, "push"},
    {Via::api, "api"},
    {Via::web, "web"},
    {Via::cli, "cli"},
    {Via::config, "config"},
}};

} // namespace

char const* to_string(MentionKind kind) {
    return name_of(mention_kinds, kind);
}
std::optional<MentionKind> mention_kind_from_string(std::string_view text) {
    return find_by_name(mention_kinds, text);
}
char const* to_string(ItemState state) {
    return name_of(item_states, state);
}
std::optional<ItemState> item_state_from_string(std::string_view text) {
    return find_by_name(item_states, text);
}
char const* to_string(Priority priority) {
    return name_of(priorities, priority);
}
std::optional<Priority> priority_from_string(std::string_view text) {
    return find_by_name(priorities, text);
}
char const* to_string(Via via) {
    return name_of(vias, via);
}
std::optional<Via> via_from_string(std::string_view text) {
    return find_by_name(vias, text);
}

} // namespace sb
