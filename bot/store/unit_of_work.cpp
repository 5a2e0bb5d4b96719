// SPDX-License-Identifier: Apache-2.0
// The store's unit of work: one transaction around a caller's writes, and what waits for it.
#include "bot/store/store.hpp"
#include "bot/store/write_scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

namespace sb {

Result<void> Store::unit_of_work(std::function<Result<void>()> const& body) {
    auto const waiting_before = m_after_commit.size();
    Result<void> outcome;
    try {
        WriteScope scope(*m_db);
        ++m_units;
        struct Leave {
            int& units;
            ~Leave() { --units; }
        } leave{m_units};
        outcome = body();
        if (outcome)
            scope.commit();
    } catch (std::exception const& e) {
        spdlog::error("store: a unit of work failed: {}", e.what());
        outcome = unexpected(ErrorCode::unavailable,
                             std::string("the store could not complete the change: ") + e.what());
    }
    if (!outcome) {
        // What was planned on the undone writes must not happen.
        m_after_commit.resize(waiting_before);
        return outcome;
    }
    if (m_units == 0) {
        auto waiting = std::move(m_after_commit);
        m_after_commit.clear();
        for (auto& fn : waiting)
            fn();
    }
    return {};
}

void Store::after_commit(std::function<void()> fn) {
    if (m_units == 0) {
        fn();
        return;
    }
    m_after_commit.push_back(std::move(fn));
}

void Store::tally_after_commit(std::function<void(StoreTally&)> change) {
    after_commit([this, change = std::move(change)] { change(m_tally); });
}

} // namespace sb
