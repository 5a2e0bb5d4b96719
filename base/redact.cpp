// SPDX-License-Identifier: Apache-2.0
// Redaction of request targets and secrets for log lines.
#include "base/redact.hpp"

#include <array>
#include <cstdio>

namespace sb {
namespace {

constexpr std::string_view redacted = "[redacted]";

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '~' || c == '%' || c == '+' || c == '/' || c == '=';
}

// Control bytes would let a client end the log line and write one of its own.
void append_escaped(std::string& out, char c) {
    auto const byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
        std::array<char, 5> hex{};
        std::snprintf(hex.data(), hex.size(), "\\x%02x", byte);
        out += hex.data();
    } else {
        out += c;
    }
}

// The paths whose next segment is a secret.
constexpr std::array<std::string_view, 2> secret_prefixes{"/claim/", "/web/signin/"};

// The words after which a secret follows, in query strings, headers and error texts.
std::string_view secret_key_at(std::string_view text) {
    for (std::string_view key : {"access_token=", "Bearer ", "token="})
        if (text.substr(0, key.size()) == key)
            return key;
    return {};
}

} // namespace

std::string redact_secrets(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        auto const rest = text.substr(i);
        bool const at_word_start =
            i == 0 || !is_token_char(text[i - 1]) || text[i - 1] == '/' || text[i - 1] == '=';
        if (at_word_start && rest.substr(0, 4) == "sbt_") {
            out += "sbt_";
            out += redacted;
            i += 4;
            while (i < text.size() && is_token_char(text[i]) && text[i] != '/')
                ++i;
            continue;
        }
        if (auto const key = secret_key_at(rest); !key.empty()) {
            out += key;
            out += redacted;
            i += key.size();
            while (i < text.size() && is_token_char(text[i]))
                ++i;
            continue;
        }
        append_escaped(out, text[i]);
        ++i;
    }
    return out;
}

std::string redact_target(std::string_view target) {
    auto const query_at = target.find('?');
    auto path = target.substr(0, query_at);
    std::string out;
    for (auto prefix : secret_prefixes) {
        if (path.substr(0, prefix.size()) == prefix && path.size() > prefix.size()) {
            out = std::string(prefix) + std::string(redacted);
            auto const tail = path.find('/', prefix.size());
            if (tail != std::string_view::npos)
                out += redact_secrets(path.substr(tail));
            break;
        }
    }
    if (out.empty())
        out = redact_secrets(path);
    if (query_at == std::string_view::npos)
        return out;
    // Every value goes: a name says what kind of request it was, a value may be the secret.
    auto query = target.substr(query_at + 1);
    out += '?';
    std::size_t start = 0;
    while (start <= query.size()) {
        auto end = query.find('&', start);
        if (end == std::string_view::npos)
            end = query.size();
        auto pair = query.substr(start, end - start);
        auto const equals = pair.find('=');
        out += redact_secrets(pair.substr(0, equals));
        if (equals != std::string_view::npos) {
            out += '=';
            if (equals + 1 < pair.size())
                out += redacted;
        }
        if (end == query.size())
            break;
        out += '&';
        start = end + 1;
    }
    return out;
}

} // namespace sb
