// SPDX-License-Identifier: Apache-2.0
// Reading the REST API's bodies, query parameters and cursors.
#include "bot/api/api_input.hpp"

#include "base/text.hpp"

#include <charconv>

namespace sb {

using nlohmann::json;

std::string suggestion(std::string const& word, std::vector<std::string> const& known) {
    std::string best;
    std::size_t best_distance = 3; // more than two typos is a different word
    for (auto const& candidate : known) {
        auto const distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best.empty() ? std::string{} : "; did you mean '" + best + "'?";
}

namespace {

std::string known_list(std::vector<std::string> const& known) {
    std::string text;
    for (auto const& name : known)
        text += (text.empty() ? "" : ", ") + name;
    return text.empty() ? "none" : text;
}

char const* type_name(json const& value) {
    switch (value.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::string:
        return "a string";
    case json::value_t::array:
        return "an array";
    case json::value_t::object:
        return "an object";
    case json::value_t::binary:
        return "binary data";
    case json::value_t::discarded:
        return "nothing";
    default:
        return "a number";
    }
}

// Line and column (1-based) of a byte offset, for a parse error a person can find.
std::pair<std::size_t, std::size_t> line_and_column(std::string const& text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

constexpr char base64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(std::string const& bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += base64url_alphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0)
        out += base64url_alphabet[(buffer << (6 - bits)) & 0x3f];
    return out;
}

std::optional<std::string> base64url_decode(std::string const& text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        auto const* at = std::char_traits<char>::find(base64url_alphabet, 64, c);
        if (at == nullptr)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(at - base64url_alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

std::optional<std::int64_t> to_integer(std::string const& text) {
    std::int64_t value = 0;
    auto const* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end)
        return std::nullopt;
    return value;
}

} // namespace

Result<JsonBody> JsonBody::parse(std::string const& body, std::vector<std::string> known) {
    JsonBody out;
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
        out.m_json = json::object();
        return out;
    }
    try {
        out.m_json = json::parse(body);
    } catch (json::parse_error const& error) {
        auto [line, column] = line_and_column(body, error.byte == 0 ? 0 : error.byte - 1);
        std::string what = error.what();
        // nlohmann's own text after its "[json.exception…] parse error at …:" prefix.
        auto const colon = what.find(": ");
        auto const reason = colon == std::string::npos ? what : what.substr(colon + 2);
        return unexpected(ErrorCode::invalid_argument, "the body is not valid JSON: at line " +
                                                           std::to_string(line) + ", column " +
                                                           std::to_string(column) + ": " + reason);
    }
    if (!out.m_json.is_object())
        return unexpected(ErrorCode::invalid_argument,
                          std::string("the body must be a JSON object, not ") +
                              type_name(out.m_json));
    for (auto const& [name, value] : out.m_json.items()) {
        (void)value;
        bool found = false;
        for (auto const& candidate : known)
            found = found || candidate == name;
        if (!found)
            return unexpected(ErrorCode::invalid_argument,
                              "unknown field '" + name + "'" + suggestion(name, known) +
                                  " (known: " + known_list(known) + ")",
                              name);
    }
    return out;
}

Result<std::optional<std::string>> JsonBody::text(std::string const& name) const {
    auto it = m_json.find(name);
    if (it == m_json.end() || it->is_null())
        return std::optional<std::string>{};
    if (!it->is_string())
        return unexpected(ErrorCode::invalid_argument,
                          "'" + name + "' must be a string, not " + type_name(*it), name);
    return std::optional<std::string>{it->get<std::string>()};
}

Result<std::string> JsonBody::required_text(std::string const& name) const {
    auto value = SB_TRY(text(name));
    if (!value || value->empty())
        return unexpected(ErrorCode::invalid_argument, "'" + name + "' is required", name);
    return *value;
}

Result<std::optional<Instant>> JsonBody::time(std::string const& name,
                                              std::string const& default_zone) const {
    auto value = SB_TRY(text(name));
    if (!value)
        return std::optional<Instant>{};
    auto at = parse_instant(*value, default_zone);
    if (!at)
        return unexpected(ErrorCode::invalid_argument,
                          "'" + name + "' is not a time: " + at.error().message +
                              " (write it as 2026-11-28T09:00:00+01:00)",
                          name);
    return std::optional<Instant>{*at};
}

Result<Instant> JsonBody::required_time(std::string const& name,
                                        std::string const& default_zone) const {
    auto value = SB_TRY(time(name, default_zone));
    if (!value)
        return unexpected(ErrorCode::invalid_argument, "'" + name + "' is required", name);
    return *value;
}

Result<std::optional<Instant>> query_time(std::map<std::string, std::string> const& query,
                                          std::string const& name, std::string const& zone) {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty())
        return std::optional<Instant>{};
    auto at = parse_instant(it->second, zone);
    if (!at)
        return unexpected(ErrorCode::invalid_argument,
                          "'" + name + "' is not a date or time: " + at.error().message, name);
    return std::optional<Instant>{*at};
}

Result<std::optional<std::int64_t>> query_integer(std::map<std::string, std::string> const& query,
                                                  std::string const& name, std::int64_t min,
                                                  std::int64_t max) {
    auto it = query.find(name);
    if (it == query.end())
        return std::optional<std::int64_t>{};
    auto value = to_integer(it->second);
    if (!value || *value < min || *value > max)
        return unexpected(ErrorCode::invalid_argument,
                          "'" + name + "' must be a whole number from " + std::to_string(min) +
                              " to " + std::to_string(max),
                          name);
    return std::optional<std::int64_t>{*value};
}

std::vector<std::string> query_list(std::map<std::string, std::string> const& query,
                                    std::string const& name) {
    std::vector<std::string> out;
    auto it = query.find(name);
    if (it == query.end())
        return out;
    std::string_view rest = it->second;
    while (!rest.empty()) {
        auto const comma = rest.find(',');
        auto part = rest.substr(0, comma);
        if (!part.empty())
            out.emplace_back(part);
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    return out;
}

Result<void> only_known_parameters(std::map<std::string, std::string> const& query,
                                   std::vector<std::string> const& known) {
    for (auto const& [name, value] : query) {
        (void)value;
        bool found = false;
        for (auto const& candidate : known)
            found = found || candidate == name;
        if (!found)
            return unexpected(ErrorCode::invalid_argument,
                              "unknown query parameter '" + name + "'" + suggestion(name, known) +
                                  " (known: " + known_list(known) + ")",
                              name);
    }
    return {};
}

Result<ListPage> list_page(std::map<std::string, std::string> const& query) {
    ListPage page;
    auto limit = SB_TRY(query_integer(query, "limit", 1, 500));
    if (limit)
        page.limit = static_cast<int>(*limit);
    auto it = query.find("cursor");
    if (it != query.end() && !it->second.empty()) {
        auto decoded = base64url_decode(it->second);
        std::optional<std::int64_t> id;
        if (decoded && decoded->rfind("b", 0) == 0)
            id = to_integer(decoded->substr(1));
        if (!id || *id < 1)
            return unexpected(ErrorCode::invalid_argument,
                              "'cursor' is not one this API gave out; take next_cursor from the "
                              "previous page as it is",
                              "cursor");
        page.before_id = *id;
    }
    return page;
}

std::string encode_cursor(std::int64_t before_id) {
    return base64url_encode("b" + std::to_string(before_id));
}

std::string next_link(std::string const& path, std::map<std::string, std::string> query,
                      std::int64_t before_id) {
    query["cursor"] = encode_cursor(before_id);
    std::string target = path;
    char separator = '?';
    for (auto const& [name, value] : query) {
        target += separator + url_encode(name) + "=" + url_encode(value);
        separator = '&';
    }
    return "<" + target + ">; rel=\"next\"";
}

Result<std::int64_t> id_parameter(std::string const& text, std::string const& name) {
    auto value = to_integer(text);
    if (!value || *value < 1)
        return unexpected(ErrorCode::not_found, "there is no " + name + " '" + text + "'", name);
    return *value;
}

} // namespace sb
