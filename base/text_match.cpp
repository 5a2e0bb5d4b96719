// SPDX-License-Identifier: Apache-2.0
#include "base/text_match.hpp"

#include <re2/re2.h>
#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

namespace sb {
namespace {

// Enough for any pattern a routing rule needs; RE2 falls back to slower linear matching, never to
// unbounded memory, when its DFA cache is full.
constexpr std::int64_t pattern_max_mem = 4 << 20;

// Long enough that mixed-language text goes to utf8proc in few calls.
constexpr std::size_t ascii_run_to_skip = 64;

void append_ascii_lower(std::string& out, std::string_view text) {
    for (unsigned char c : text)
        out += static_cast<char>(std::tolower(c));
}

// utf8proc_map refuses a whole text for one bad byte; a stranger's post may carry any bytes.
std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto const* bytes = reinterpret_cast<utf8proc_uint8_t const*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t code_point = 0;
        auto used = utf8proc_iterate(bytes, left, &code_point);
        if (used <= 0) {
            out += "\xEF\xBF\xBD";
            used = 1;
        } else {
            out.append(reinterpret_cast<char const*>(bytes), static_cast<std::size_t>(used));
        }
        bytes += used;
        left -= used;
    }
    return out;
}

std::optional<std::string> utf8proc_fold(std::string_view text) {
    utf8proc_uint8_t* folded = nullptr;
    auto length = utf8proc_map(
        reinterpret_cast<utf8proc_uint8_t const*>(text.data()),
        static_cast<utf8proc_ssize_t>(text.size()), &folded,
        static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE));
    std::optional<std::string> out;
    if (length >= 0)
        out.emplace(reinterpret_cast<char const*>(folded), static_cast<std::size_t>(length));
    std::free(folded);
    return out;
}

std::string unicode_fold(std::string_view text) {
    if (auto folded = utf8proc_fold(text))
        return std::move(*folded);
    if (auto folded = utf8proc_fold(valid_utf8(text)))
        return std::move(*folded);
    std::string out; // not expected: utf8proc refuses valid UTF-8 only when out of memory
    append_ascii_lower(out, text);
    return out;
}

} // namespace

Result<Pattern> Pattern::compile(std::string_view pattern) {
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    options.set_max_mem(pattern_max_mem);
    auto compiled =
        std::make_shared<RE2 const>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!compiled->ok())
        return unexpected(ErrorCode::invalid_argument,
                          "the regular expression does not compile (RE2 syntax): " +
                              compiled->error());
    Pattern result;
    result.m_re2 = std::move(compiled);
    return result;
}

bool Pattern::search(std::string_view text) const {
    return m_re2 && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *m_re2);
}

std::string fold_text(std::string_view text) {
    // utf8proc is far slower than ASCII lower-casing, so long ASCII stretches, where Unicode
    // folding is lower case and NFC changes nothing, bypass it. A run ends a Unicode stretch
    // safely: no ASCII character folds to more, or composes with the character before it.
    std::string out;
    out.reserve(text.size());
    auto is_ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
    std::size_t at = 0;
    while (at < text.size()) {
        auto wide =
            std::find_if_not(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(), is_ascii);
        auto first_wide = static_cast<std::size_t>(wide - text.begin());
        if (first_wide == text.size()) {
            append_ascii_lower(out, text.substr(at));
            break;
        }
        // The ASCII letter before a combining mark is the one it composes with.
        std::size_t stretch = first_wide > at ? first_wide - 1 : first_wide;
        append_ascii_lower(out, text.substr(at, stretch - at));
        std::size_t end = first_wide;
        std::size_t ascii_run = 0;
        while (end < text.size() && ascii_run < ascii_run_to_skip) {
            ascii_run = is_ascii(text[end]) ? ascii_run + 1 : 0;
            ++end;
        }
        if (ascii_run == ascii_run_to_skip)
            end -= ascii_run;
        out += unicode_fold(text.substr(stretch, end - stretch));
        at = end;
    }
    return out;
}

} // namespace sb
