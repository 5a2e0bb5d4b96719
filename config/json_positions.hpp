// SPDX-License-Identifier: Apache-2.0
// Maps JSON pointer paths of a JSON-with-comments text to the lines where they are written.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sb::config {

// A key written twice in one object: JSON parsers keep the last silently, a person meant one.
struct DuplicateKey {
    std::string path; // pointer of the repeated member
    int line = 0;     // line of the second occurrence
    int first_line = 0;
};

struct SourcePositions {
    // Pointer ("" for the root, "/teams/care/layers/0") to the 1-based line where the member's
    // key (or the array element) starts.
    std::map<std::string, int> lines;
    std::vector<DuplicateKey> duplicates;

    // The line of path, or of its nearest written ancestor; 1 when nothing is known.
    int line_of(std::string const& path) const;
};

// Scans text (JSON with // and /* */ comments); tolerant of malformed input, it then simply
// knows fewer positions.
SourcePositions scan_positions(std::string_view text);

// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);

} // namespace sb::config
