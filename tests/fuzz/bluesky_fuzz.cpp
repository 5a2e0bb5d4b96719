// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the Bluesky session and notification parsers: any body, no crash.
#include "adapters/sources/bluesky/bluesky_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string const body(reinterpret_cast<char const*>(data), size);
    auto const page = sb::parse_bluesky_notifications(body, "fuzz", "switchboard.bsky.social");
    if (!page.has_value() && page.error().message.empty())
        __builtin_trap();
    (void)sb::parse_bluesky_session(body);
    (void)sb::bluesky_error_text(400, body);
    (void)sb::bluesky_post_url("someone.bsky.social", body);
    return 0;
}
