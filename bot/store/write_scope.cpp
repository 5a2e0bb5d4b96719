// SPDX-License-Identifier: Apache-2.0
#include "bot/store/write_scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace sb {

// SQLite nests savepoints of one name: RELEASE and ROLLBACK TO refer to the innermost, and the
// outermost one outside a transaction begins (and on release commits) a real transaction.
WriteScope::WriteScope(SQLite::Database& db) : m_db(db) {
    m_db.exec("SAVEPOINT sb_write");
}

WriteScope::~WriteScope() {
    if (m_done)
        return;
    try {
        // An I/O error or a full disk may have rolled the whole transaction back already.
        if (!sqlite3_get_autocommit(m_db.getHandle())) {
            m_db.exec("ROLLBACK TO sb_write");
            m_db.exec("RELEASE sb_write");
        }
    } catch (std::exception const& e) {
        spdlog::error("store: rolling back failed: {}", e.what());
    }
}

void WriteScope::commit() {
    m_db.exec("RELEASE sb_write");
    m_done = true;
}

} // namespace sb
