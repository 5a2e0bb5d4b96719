// SPDX-License-Identifier: Apache-2.0
// Reads the rate-limit headers of the platforms' APIs into one answer: wait until when.
#pragma once

#include "base/time.hpp"
#include "bot/ports/http_client.hpp"

#include <optional>

namespace sb {

// The instant before which the next request should not be sent, or nullopt when the response
// says nothing of the kind. Understood, first match wins:
// - Retry-After, in seconds or as an HTTP date (RFC 9110);
// - x-rate-limit-remaining: 0 with x-rate-limit-reset in epoch seconds (X API v2);
// - ratelimit-remaining: 0 with ratelimit-reset in epoch seconds (Bluesky PDS);
// - x-ratelimit-remaining: 0 with x-ratelimit-reset as ISO 8601 (Mastodon).
// A reset in the past, or a 429 that names no time, waits one minute.
std::optional<Instant> rate_limit_until(OutboundResponse const& response, Instant now);

} // namespace sb
