// SPDX-License-Identifier: Apache-2.0
// Strangers' text on its way to a terminal or a log, and strangers' URLs on their way to a link.
#include "base/safe_text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>

namespace sb {

std::string terminal_safe(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto const c = static_cast<unsigned char>(text[i]);
        if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            // U+0080–U+009F in UTF-8: terminals take U+009B as CSI, as ESC [.
            auto const code = static_cast<unsigned char>(text[i + 1]);
            out += "\\u00";
            out += hex[code >> 4];
            out += hex[code & 15];
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string single_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto const c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            out += ' ';
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            out += ' ';
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

bool is_valid_utf8(std::string_view text) {
    auto const* bytes = reinterpret_cast<utf8proc_uint8_t const*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t code_point = 0;
        auto const used = utf8proc_iterate(bytes, left, &code_point);
        if (used <= 0)
            return false;
        bytes += used;
        left -= used;
    }
    return true;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes)
        return text;
    auto end = max_bytes;
    // Step back over continuation bytes to the start of the sequence that would be split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

bool is_linkable_url(std::string_view url) {
    std::string lower(url.substr(0, 8));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t scheme = 0;
    if (lower.rfind("https://", 0) == 0)
        scheme = 8;
    else if (lower.rfind("http://", 0) == 0)
        scheme = 7;
    else
        return false;
    if (url.size() == scheme || url[scheme] == '/' || url[scheme] == '?' || url[scheme] == '#')
        return false;
    for (std::size_t i = 0; i < url.size(); ++i) {
        auto const c = static_cast<unsigned char>(url[i]);
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '|' || c == '"')
            return false;
        // C1 controls and the no-break space as UTF-8 would hide or break the link too.
        if (c == 0xC2 && i + 1 < url.size() &&
            (static_cast<unsigned char>(url[i + 1]) <= 0x9F ||
             static_cast<unsigned char>(url[i + 1]) == 0xA0))
            return false;
    }
    return true;
}

} // namespace sb
