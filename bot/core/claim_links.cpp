// SPDX-License-Identifier: Apache-2.0
#include "bot/core/claim_links.hpp"

#include "base/hmac.hpp"

#include <charconv>

namespace sb {
namespace {

std::optional<std::int64_t> number(std::string_view text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0)
        return std::nullopt;
    return value;
}

} // namespace

std::string ClaimLinks::sign(std::int64_t page_id, ItemId item, std::string const& person,
                             Instant expires_at) const {
    return hmac_sha256_hex(m_secret, "claim-link\n" + std::to_string(page_id) + "\n" +
                                         std::to_string(item) + "\n" + person + "\n" +
                                         std::to_string(expires_at.time_since_epoch().count()));
}

std::string ClaimLinks::make(std::int64_t page_id, ItemId item, std::string const& person,
                             Instant now) const {
    auto expires_at = now + m_lifetime;
    return std::to_string(page_id) + "-" + std::to_string(expires_at.time_since_epoch().count()) +
           "-" + sign(page_id, item, person, expires_at);
}

Result<ClaimToken> ClaimLinks::parse(std::string_view token) {
    auto bad = unexpected(ErrorCode::invalid_argument, "this claim link is not valid");
    auto first = token.find('-');
    auto second = first == std::string_view::npos ? first : token.find('-', first + 1);
    if (second == std::string_view::npos)
        return bad;
    auto page = number(token.substr(0, first));
    auto expires = number(token.substr(first + 1, second - first - 1));
    auto signature = token.substr(second + 1);
    if (!page || !expires || signature.size() != 64)
        return bad;
    return ClaimToken{*page, Instant{Seconds{*expires}}, std::string(signature)};
}

bool ClaimLinks::genuine(ClaimToken const& token, ItemId item, std::string const& person) const {
    return constant_time_equal(sign(token.page_id, item, person, token.expires_at),
                               token.signature);
}

} // namespace sb
