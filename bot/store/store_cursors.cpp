// SPDX-License-Identifier: Apache-2.0
#include "bot/store/store_cursors.hpp"

#include "bot/store/store.hpp"

#include <exception>

namespace sb {

Result<std::optional<std::string>> StoreCursors::cursor(std::string const& source) {
    // A busy or broken database throws from the read; the port promises a value instead.
    try {
        return m_store.cursor(source);
    } catch (std::exception const& e) {
        return unexpected(ErrorCode::unavailable,
                          std::string("the store could not read a cursor: ") + e.what());
    }
}

Result<void> StoreCursors::set_cursor(std::string const& source, std::string const& value,
                                      Instant at) {
    return m_store.set_cursor(source, value, at);
}

} // namespace sb
