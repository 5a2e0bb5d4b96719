// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the RSS/Atom parser (libxml2) and the RFC 822 date reader.
#include "adapters/sources/feed/feed_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const document(reinterpret_cast<char const*>(data), size);
    sb::FeedLabels const labels{.source = "fuzz"};
    auto const entries = sb::parse_feed(document, labels, sb::Instant{});
    if (!entries.has_value() && entries.error().message.empty())
        __builtin_trap();
    if (entries.has_value())
        for (auto const& entry : *entries)
            if (entry.key.empty())
                __builtin_trap(); // the parser promises to skip entries without a key
    (void)sb::parse_rfc822_date(document);
    return 0;
}
