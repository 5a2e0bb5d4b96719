// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the YouTube comment thread and error parsers: any body, no crash.
#include "adapters/sources/youtube/youtube_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const body(reinterpret_cast<char const*>(data), size);
    auto const page = sb::parse_comment_threads(body, "fuzz", "switchboard");
    if (!page.has_value() && page.error().message.empty())
        __builtin_trap();
    (void)sb::parse_youtube_error(403, body);
    return 0;
}
