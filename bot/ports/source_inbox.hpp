// SPDX-License-Identifier: Apache-2.0
// Payloads a source accepted before processing them: a webhook is answered at once and its
// body is processed from here, so a crash or an outage in between loses nothing.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sb {

struct InboxEntry {
    std::int64_t id = 0;
    std::string source;
    std::string payload;
    Instant received_at{};
    int attempts = 0;
    std::string last_error;
};

class SourceInbox {
public:
    virtual ~SourceInbox() = default;
    virtual Result<std::int64_t> add(std::string const& source, std::string const& payload,
                                     Instant at) = 0;
    // Entries of the source whose next attempt is due at `now`, oldest first.
    virtual Result<std::vector<InboxEntry>> due(std::string const& source, Instant now,
                                                int limit = 100) = 0;
    virtual Result<void> done(std::int64_t id) = 0;
    virtual Result<void> retry(std::int64_t id, Instant next_attempt_at,
                               std::string const& error) = 0;
    // How many entries of the source wait, due or not.
    virtual Result<std::int64_t> depth(std::string const& source) = 0;
};

} // namespace sb
