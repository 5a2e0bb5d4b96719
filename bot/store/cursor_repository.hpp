// SPDX-License-Identifier: Apache-2.0
// Where each source stopped reading, so a restart resumes there: the store's side of the
// CursorStore port that sources use.
#pragma once

#include "bot/ports/cursor_store.hpp"

namespace sb {

class Store;

class CursorRepository final : public CursorStore {
public:
    explicit CursorRepository(Store& store) : m_store(store) {}

    Result<std::optional<std::string>> cursor(std::string const& source) override;
    Result<void> set_cursor(std::string const& source, std::string const& value,
                            Instant at) override;

private:
    Store& m_store;
};

} // namespace sb
