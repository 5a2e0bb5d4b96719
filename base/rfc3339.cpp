// SPDX-License-Identifier: Apache-2.0
#include "base/rfc3339.hpp"

#include <algorithm>
#include <string>

namespace sb {

Result<Instant> parse_rfc3339(std::string_view text) {
    // "YYYY-MM-DDTHH:MM:SS" has 19 characters: a fraction of a second can only start there.
    constexpr std::size_t fraction_at = 19;
    // parse_instant reads up to nine digits of a fraction and ignores them.
    constexpr std::size_t digits_read = 9;
    if (text.size() <= fraction_at || text[fraction_at] != '.')
        return parse_instant(text);
    auto end = fraction_at + 1;
    // Only ASCII digits: the bytes of other scripts' digits are garbage here.
    while (end < text.size() && text[end] >= '0' && text[end] <= '9')
        ++end;
    auto const kept = std::min(end, fraction_at + 1 + digits_read);
    if (kept == end)
        return parse_instant(text);
    std::string shortened(text.substr(0, kept));
    shortened += text.substr(end);
    return parse_instant(shortened);
}

} // namespace sb
