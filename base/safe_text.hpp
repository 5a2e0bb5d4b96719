// SPDX-License-Identifier: Apache-2.0
// Strangers' text on its way to a terminal or a log, and strangers' URLs on their way to a link.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb {

// C0 and C1 control characters (ESC, CR, DEL, U+0080–U+009F) as visible escapes ("\x1b",
// "\u009b"), so a post cannot clear a screen, set a window title or fake a line. Only the
// newline passes; a backslash stays as written.
std::string terminal_safe(std::string_view text);

// One line for a push title or a header value: every control character (CR and LF included,
// DEL and C1 too) becomes a space, so a title can never end a header or fake a second line.
std::string single_line(std::string_view text);

// At most max_bytes of text, cut before a UTF-8 sequence rather than through it, for services
// that refuse (or garble) a broken sequence at the end of a capped field.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), as chat services
// demand of every message.
bool is_valid_utf8(std::string_view text);

// Whether outside text may become a link: an absolute http(s) URL with a host and without
// spaces, control characters or any of < > | " that would end link markup or an attribute.
bool is_linkable_url(std::string_view url);

} // namespace sb
