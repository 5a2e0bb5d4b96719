// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the X mentions answer parser: any body gives a page or an error.
#include "adapters/sources/x/x_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string const body(reinterpret_cast<char const*>(data), size);
    auto const page = sb::parse_x_mentions(body, "fuzz", "switchboard", "42");
    if (!page.has_value() && page.error().message.empty())
        __builtin_trap();
    (void)sb::x_error_text(400, body);
    return 0;
}
