// SPDX-License-Identifier: Apache-2.0
// A transaction of the store's own calls that joins a unit of work already open.
#pragma once

namespace SQLite {
class Database;
}

namespace sb {

// Every store write that needs several statements opens one of these. Outside a unit of work it
// is a transaction of its own; inside one it is a savepoint, so the write commits with the unit
// or not at all, and its own failure undoes only its part until the unit decides.
class WriteScope {
public:
    explicit WriteScope(SQLite::Database& db);
    ~WriteScope(); // rolls back what was not committed
    WriteScope(WriteScope const&) = delete;
    WriteScope& operator=(WriteScope const&) = delete;

    void commit();

private:
    SQLite::Database& m_db;
    bool m_done = false;
};

} // namespace sb
