// SPDX-License-Identifier: Apache-2.0
// Matching strangers' text in bounded time: RE2 patterns and Unicode-folded keywords.
#pragma once

#include "base/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace sb {

// A case-insensitive RE2 pattern. RE2 runs in time linear in the text and within a memory bound,
// so a post crafted against a pattern cannot exhaust the stack or stall the daemon.
class Pattern {
public:
    // An error says why RE2 refuses the pattern (for example a backreference or lookaround).
    static Result<Pattern> compile(std::string_view pattern);

    bool search(std::string_view text) const;

private:
    std::shared_ptr<re2::RE2 const>
        m_re2; // shared so rules stay copyable; RE2 is const-thread-safe
};

// Unicode case folding and NFC composition (utf8proc), so "KÜNDIGUNG" and a decomposed
// "Ku\u0308ndigung" both fold to the same bytes as "Kündigung". Invalid UTF-8 bytes become U+FFFD.
std::string fold_text(std::string_view text);

} // namespace sb
