// SPDX-License-Identifier: Apache-2.0
// Parsing and validation of the generic webhook's JSON body.
#include "adapters/sources/webhook/webhook_wire.hpp"

#include "base/json_bounded.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <utility>

namespace sb {

namespace {

using nlohmann::json;

Error field_error(std::string_view field, std::string message) {
    return make_error(ErrorCode::invalid_argument, std::move(message), std::string(field));
}

// nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 2:
// syntax error …"; keep the part after the position, which says what was wrong.
std::string describe_parse_error(json::parse_error const& error) {
    std::string_view what = error.what();
    auto const column = what.find("column ");
    if (column != std::string_view::npos) {
        auto const colon = what.find(": ", column);
        if (colon != std::string_view::npos)
            what.remove_prefix(colon + 2);
    }
    return "body is not JSON: " + std::string(what) + " at byte " + std::to_string(error.byte);
}

std::string describe_other_error(json::exception const& error) {
    std::string_view what = error.what();
    if (auto const end = what.find("] ");
        !what.empty() && what.front() == '[' && end != std::string_view::npos)
        what.remove_prefix(end + 2);
    return "body is not JSON: " + std::string(what);
}

Result<std::string> required_string(json const& object, std::string_view field) {
    auto const it = object.find(field);
    if (it == object.end() || it->is_null())
        return unexpected(field_error(field, "missing field '" + std::string(field) + "'"));
    if (!it->is_string())
        return unexpected(field_error(field, "'" + std::string(field) + "' must be a string"));
    return it->get<std::string>();
}

Result<std::string> optional_string(json const& object, std::string_view field) {
    auto const it = object.find(field);
    if (it == object.end() || it->is_null())
        return std::string{};
    if (!it->is_string())
        return unexpected(field_error(field, "'" + std::string(field) + "' must be a string"));
    return it->get<std::string>();
}

Result<std::string> external_id(json const& object) {
    auto const it = object.find("id");
    if (it == object.end() || it->is_null())
        return unexpected(field_error("id", "missing field 'id'"));
    std::string id;
    if (it->is_string())
        id = it->get<std::string>();
    else if (it->is_number_unsigned())
        id = std::to_string(it->get<std::uint64_t>());
    else if (it->is_number_integer())
        id = std::to_string(it->get<std::int64_t>());
    else
        return unexpected(field_error("id", "'id' must be a string or an integer"));
    if (id.empty())
        return unexpected(field_error("id", "'id' is empty"));
    return id;
}

// Kept here rather than calling the core's mention_kind_from_string: the words are part of this
// webhook's wire format, which must not change when the core renames a kind.
constexpr std::array<std::pair<std::string_view, MentionKind>, 5> kinds{{
    {"comment", MentionKind::comment},
    {"mention", MentionKind::mention},
    {"dm", MentionKind::dm},
    {"review", MentionKind::review},
    {"post", MentionKind::post},
}};

constexpr std::array<std::pair<std::string_view, MentionChange>, 3> changes{{
    {"created", MentionChange::created},
    {"edited", MentionChange::edited},
    {"deleted", MentionChange::deleted},
}};

template <typename Enum, std::size_t N>
Result<std::optional<Enum>>
optional_word(json const& object, std::string_view field,
              std::array<std::pair<std::string_view, Enum>, N> const& words) {
    auto const text = optional_string(object, field);
    if (!text)
        return unexpected(text.error());
    if (text->empty())
        return std::optional<Enum>{};
    std::string allowed;
    for (auto const& [word, value] : words) {
        if (word == *text)
            return std::optional<Enum>{value};
        allowed += (allowed.empty() ? "" : ", ") + std::string(word);
    }
    return unexpected(field_error(field, "'" + std::string(field) + "' is '" + *text +
                                             "'; expected one of " + allowed));
}

Result<std::optional<int>> rating(json const& object) {
    auto const it = object.find("rating");
    if (it == object.end() || it->is_null())
        return std::optional<int>{};
    if (!it->is_number_integer() && !it->is_number_unsigned())
        return unexpected(field_error("rating", "'rating' must be an integer from 1 to 5"));
    auto const value = it->get<std::int64_t>();
    if (value < 1 || value > 5)
        return unexpected(field_error("rating", "'rating' is " + std::to_string(value) +
                                                    "; expected an integer from 1 to 5"));
    return std::optional<int>{static_cast<int>(value)};
}

constexpr std::array<std::string_view, 12> known_fields{
    "id",   "platform", "author", "text",      "url",     "created_at",
    "kind", "language", "rating", "parent_id", "account", "change"};

bool is_known(std::string const& key) {
    for (auto const field : known_fields) {
        if (field == key)
            return true;
    }
    return false;
}

} // namespace

Result<Mention> parse_webhook_mention(std::string_view body, std::string const& source_name) {
    if (json_nesting_depth(body) > webhook_max_nesting_depth)
        return unexpected(ErrorCode::invalid_argument,
                          "body nests deeper than " + std::to_string(webhook_max_nesting_depth) +
                              " levels");
    json document;
    try {
        document = json::parse(body.begin(), body.end());
    } catch (json::parse_error const& error) {
        return unexpected(ErrorCode::invalid_argument, describe_parse_error(error));
    } catch (json::exception const& error) {
        // Syntactically fine but unrepresentable, such as a number overflowing a double.
        return unexpected(ErrorCode::invalid_argument, describe_other_error(error));
    }
    if (!document.is_object())
        return unexpected(ErrorCode::invalid_argument, std::string("body is a JSON ") +
                                                           document.type_name() +
                                                           "; expected an object");

    Mention mention;
    mention.source = source_name;
    mention.external_id = SB_TRY(external_id(document));
    mention.platform = SB_TRY(required_string(document, "platform"));
    if (mention.platform.empty())
        return unexpected(field_error("platform", "'platform' is empty"));
    mention.author = SB_TRY(required_string(document, "author"));
    mention.text = SB_TRY(required_string(document, "text"));
    mention.url = SB_TRY(required_string(document, "url"));

    auto const created_text = SB_TRY(required_string(document, "created_at"));
    auto const created_at = parse_instant(created_text);
    if (!created_at)
        return unexpected(field_error("created_at", "'created_at' is not a time: " +
                                                        created_at.error().to_string()));
    mention.created_at = *created_at;

    if (auto const kind = SB_TRY(optional_word(document, "kind", kinds)))
        mention.kind = *kind;
    if (auto const change = SB_TRY(optional_word(document, "change", changes)))
        mention.change = *change;
    mention.rating = SB_TRY(rating(document));
    mention.language = SB_TRY(optional_string(document, "language"));
    mention.parent_id = SB_TRY(optional_string(document, "parent_id"));
    mention.account = SB_TRY(optional_string(document, "account"));

    auto extra = json::object();
    for (auto it = document.begin(); it != document.end(); ++it) {
        if (!is_known(it.key()))
            extra[it.key()] = std::move(it.value());
    }
    mention.extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    return mention;
}

} // namespace sb
