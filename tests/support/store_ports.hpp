// SPDX-License-Identifier: Apache-2.0
// A real store seen through the ports a source gets, for tests that hand a source a Store.
#pragma once

#include "bot/store/inbox_store.hpp"
#include "bot/store/store.hpp"
#include "bot/store/store_cursors.hpp"

namespace sb::test {

struct StorePorts {
    explicit StorePorts(Store& store) : cursors(store), inbox(store) {}

    StoreCursors cursors;
    InboxStore inbox;
};

} // namespace sb::test
