// SPDX-License-Identifier: Apache-2.0
// The audit log: who changed what and through which channel, for items, the rota and accounts.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb {

class Store;

struct AuditRecord {
    std::int64_t id = 0;
    Instant at{};
    std::string actor;
    std::string via;
    std::string action;
    std::string detail;
};

struct AuditPage {
    std::vector<AuditRecord> records; // newest first
    std::optional<std::int64_t> next_before_id;
};

class AuditRepository {
public:
    explicit AuditRepository(Store& store) : m_store(store) {}

    // Adds a row inside the caller's open transaction, so that the change and its record commit
    // together; throws like every write inside a transaction.
    void insert(AuditRecord const& record);
    // The oldest `limit` rows, oldest first.
    Result<std::vector<AuditRecord>> oldest(int limit = 100);
    // One page of the log, newest first; limit capped to 1..500.
    Result<AuditPage> page(std::optional<std::int64_t> before_id, int limit);

private:
    Store& m_store;
};

} // namespace sb
