// SPDX-License-Identifier: Apache-2.0
// What this binary is: the project's version and the commit it was built from.
#pragma once

#include <string>
#include <string_view>

namespace sb {

// The CMake project version, e.g. "0.1.0".
std::string_view build_version();
// `git describe --tags --always --dirty` of the source tree at build time (e.g. "v0.1.0-3-gabc1234"
// or "abc1234-dirty"), SWITCHBOARD_GIT_DESCRIBE when the build set it, or empty when neither
// was known.
std::string_view build_description();

// "switchboard 0.1.0 (abc1234)", or "switchboard 0.1.0" without a description.
inline std::string version_line() {
    std::string line = "switchboard ";
    line += build_version();
    if (auto description = build_description(); !description.empty()) {
        line += " (";
        line += description;
        line += ')';
    }
    return line;
}

} // namespace sb
