// SPDX-License-Identifier: Apache-2.0
// Reads a sample payload from tests/data.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

// The build passes the folder of the samples; the fallback keeps the header compilable alone.
#ifndef POLLING_DATA_DIR
#define POLLING_DATA_DIR "tests/data"
#endif

namespace sb::test {

inline std::string sample(std::string const& relative) {
    std::ifstream in(std::string(POLLING_DATA_DIR) + "/" + relative, std::ios::binary);
    if (!in)
        throw std::runtime_error("missing sample " + relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace sb::test
