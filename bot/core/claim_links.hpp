// SPDX-License-Identifier: Apache-2.0
// Claim links in phone pages: a token bound to one page (so one person and one item), with an
// expiry, signed with the server's secret. Single use is kept in the store, not in the token.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/core/item.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace sb {

struct ClaimToken {
    std::int64_t page_id = 0;
    Instant expires_at{};
    std::string signature;
};

class ClaimLinks {
public:
    ClaimLinks(std::string secret, Seconds lifetime)
        : m_secret(std::move(secret)), m_lifetime(lifetime) {}

    Seconds lifetime() const { return m_lifetime; }
    std::string make(std::int64_t page_id, ItemId item, std::string const& person,
                     Instant now) const;
    // Only the shape; whether it is genuine needs the page it names (check()).
    static Result<ClaimToken> parse(std::string_view token);
    // The signature matches this page's item and person (constant time).
    bool genuine(ClaimToken const& token, ItemId item, std::string const& person) const;

private:
    std::string sign(std::int64_t page_id, ItemId item, std::string const& person,
                     Instant expires_at) const;

    std::string m_secret;
    Seconds m_lifetime;
};

} // namespace sb
