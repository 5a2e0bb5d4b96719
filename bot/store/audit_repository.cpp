// SPDX-License-Identifier: Apache-2.0
#include "bot/store/audit_repository.hpp"

#include "bot/store/store.hpp"
#include "bot/store/store_sql.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

namespace sb {
namespace {

AuditRecord read_audit(SQLite::Statement& q) {
    return {q.getColumn(0).getInt64(),  instant_of(q.getColumn(1).getInt64()),
            q.getColumn(2).getString(), q.getColumn(3).getString(),
            q.getColumn(4).getString(), q.getColumn(5).getString()};
}

} // namespace

void AuditRepository::insert(AuditRecord const& record) {
    SQLite::Statement q(m_store.connection(), "INSERT INTO audit_log(at, actor, via, action, "
                                              "detail) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(seconds_of(record.at)));
    q.bind(2, record.actor);
    q.bind(3, record.via);
    q.bind(4, record.action);
    q.bind(5, record.detail);
    q.exec();
}

Result<std::vector<AuditRecord>> AuditRepository::oldest(int limit) try {
    SQLite::Statement q(m_store.connection(),
                        "SELECT id, at, actor, via, action, detail FROM audit_log ORDER BY id "
                        "LIMIT ?");
    q.bind(1, limit);
    std::vector<AuditRecord> out;
    while (q.executeStep())
        out.push_back(read_audit(q));
    return out;
} catch (std::exception const& e) {
    return store_sql::store_error(e, "read the audit log");
}

Result<AuditPage> AuditRepository::page(std::optional<std::int64_t> before_id, int limit) try {
    limit = std::clamp(limit, 1, 500);
    SQLite::Statement q(m_store.connection(),
                        "SELECT id, at, actor, via, action, detail FROM audit_log "
                        "WHERE (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2");
    if (before_id)
        q.bind(1, static_cast<int64_t>(*before_id));
    else
        q.bind(1);
    q.bind(2, limit + 1);
    AuditPage page;
    while (q.executeStep())
        page.records.push_back(read_audit(q));
    page.next_before_id =
        store_sql::trim_to_page(page.records, limit, [](AuditRecord const& r) { return r.id; });
    return page;
} catch (std::exception const& e) {
    return store_sql::store_error(e, "read the audit log");
}

} // namespace sb
