// SPDX-License-Identifier: Apache-2.0
// The store's own connection, for tests that break it on purpose or look at its rows: faults
// injected as TEMP triggers and pragmas such as query_only only act on that connection.
#pragma once

#include "bot/store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace sb {

struct StoreAccessForTest {
    static SQLite::Database& connection(Store& store) { return store.connection(); }
};

} // namespace sb
