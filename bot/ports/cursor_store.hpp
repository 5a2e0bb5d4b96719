// SPDX-License-Identifier: Apache-2.0
// Where a source keeps its place in a platform's stream between polls and across restarts.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <optional>
#include <string>

namespace sb {

class CursorStore {
public:
    virtual ~CursorStore() = default;
    // Nothing stored yet is an empty optional; an error means the store could not be read, so
    // the source retries rather than starting over from the top.
    virtual Result<std::optional<std::string>> cursor(std::string const& source) = 0;
    virtual Result<void> set_cursor(std::string const& source, std::string const& value,
                                    Instant at) = 0;
};

} // namespace sb
