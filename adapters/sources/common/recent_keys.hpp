// SPDX-License-Identifier: Apache-2.0
// What a poller remembers of the entries it saw last, kept small for its cursor in the store.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>

namespace sb {

// The newest keys seen, each with a value, oldest forgotten first beyond a capacity. A feed
// shrinks and regrows, so the caller sizes the capacity from what it reads each time.
template <typename Value> class RecentKeys {
public:
    // Remembers a key, or gives a remembered one its new value in the place it has.
    void remember(std::string const& key, Value value, std::size_t capacity) {
        if (auto const it = m_values.find(key); it != m_values.end()) {
            it->second = std::move(value);
            return;
        }
        m_order.push_back(key);
        m_values.emplace(key, std::move(value));
        while (m_order.size() > capacity) {
            m_values.erase(m_order.front());
            m_order.pop_front();
        }
    }

    // The value of a remembered key, or null.
    Value const* find(std::string_view key) const {
        auto const it = m_values.find(key);
        return it == m_values.end() ? nullptr : &it->second;
    }

    std::size_t size() const { return m_order.size(); }

    // Oldest first, as remember() must see them again to rebuild the same order.
    template <typename Visit> void each(Visit visit) const {
        for (auto const& key : m_order)
            visit(key, m_values.at(key));
    }

private:
    std::deque<std::string> m_order; // oldest first
    std::map<std::string, Value, std::less<>> m_values;
};

} // namespace sb
