// SPDX-License-Identifier: Apache-2.0
// A real store seen through the ports a source gets, for tests that hand a source a Store.
#pragma once

#include "bot/store/cursor_repository.hpp"
#include "bot/store/inbox_repository.hpp"
#include "bot/store/store.hpp"

namespace sb::test {

struct StorePorts {
    explicit StorePorts(Store& store) : cursors(store.cursors()), inbox(store.inbox()) {}

    CursorRepository& cursors;
    InboxRepository& inbox;
};

} // namespace sb::test
