// SPDX-License-Identifier: Apache-2.0
// HMAC-SHA256 and constant-time comparison, through OpenSSL, for signed webhooks and tokens.
#pragma once

#include <string>
#include <string_view>

namespace sb {

// Lower-case hex of HMAC-SHA256(key, message).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Lower-case hex of SHA-256(message), for storing tokens as hashes.
std::string sha256_hex(std::string_view message);

// Compares without an early exit, so timing reveals nothing about where two strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// n random bytes from OpenSSL's CSPRNG, as URL-safe text (hex).
std::string random_token(std::size_t bytes = 24);

} // namespace sb
