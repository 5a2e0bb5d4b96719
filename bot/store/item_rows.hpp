// SPDX-License-Identifier: Apache-2.0
// How an items row is read: shared by the store's files that select whole items.
#pragma once

#include "bot/core/item.hpp"

namespace SQLite {
class Statement;
}

namespace sb::store_rows {

// The columns read_item_row expects, in order, for "SELECT <columns> FROM items".
char const* item_select_columns();
Item read_item_row(SQLite::Statement& statement);

} // namespace sb::store_rows
