// SPDX-License-Identifier: Apache-2.0
// The SQLite side of the sources' inbox.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/ports/source_inbox.hpp"
#include "bot/store/store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sb {

class InboxRepository final : public SourceInbox {
public:
    explicit InboxRepository(Store& store) : m_store(store) {}

    Result<std::int64_t> add(std::string const& source, std::string const& payload,
                             Instant at) override;
    Result<std::vector<InboxEntry>> due(std::string const& source, Instant now,
                                        int limit = 100) override;
    Result<void> done(std::int64_t id) override;
    Result<void> retry(std::int64_t id, Instant next_attempt_at, std::string const& error) override;
    Result<std::int64_t> depth(std::string const& source) override;

private:
    Store& m_store;
};

} // namespace sb
