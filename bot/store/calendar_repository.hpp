// SPDX-License-Identifier: Apache-2.0
// The last good copy of each remote calendar, kept so that a restart or a failing calendar
// server leaves the rota as it was.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <string>
#include <vector>

namespace sb {

class Store;

struct StoredCalendar {
    std::string url;
    std::string body;
    Instant fetched_at{};
};

class CalendarRepository {
public:
    explicit CalendarRepository(Store& store) : m_store(store) {}

    Result<std::vector<StoredCalendar>> all();
    // Replaces the copy of this URL.
    Result<void> save(StoredCalendar const& calendar);

private:
    Store& m_store;
};

// The copies in the store file at `database_path`, opened read-only like
// read_active_rota_entries; an older store without the table has none.
Result<std::vector<StoredCalendar>> read_calendar_copies(std::string const& database_path);

} // namespace sb
