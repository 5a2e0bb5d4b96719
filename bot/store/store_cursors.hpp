// SPDX-License-Identifier: Apache-2.0
// The store's cursors table seen through the CursorStore port that sources use.
#pragma once

#include "bot/ports/cursor_store.hpp"

namespace sb {

class Store;

class StoreCursors final : public CursorStore {
public:
    explicit StoreCursors(Store& store) : m_store(store) {}

    Result<std::optional<std::string>> cursor(std::string const& source) override;
    Result<void> set_cursor(std::string const& source, std::string const& value,
                            Instant at) override;

private:
    Store& m_store;
};

} // namespace sb
