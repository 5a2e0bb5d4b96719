// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for Meta's webhook deliveries (Pages, Instagram, Messenger) and the Graph API
// answers read after them.
#include "adapters/sources/meta/meta_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const body(reinterpret_cast<char const*>(data), size);
    sb::MetaWireOptions const options{.source = "fuzz", .account = ""};
    auto const delivery = sb::parse_meta_delivery(body, options);
    if (delivery.has_value()) {
        if (delivery->ignored < 0)
            __builtin_trap();
        for (auto const& lookup : delivery->lookups)
            (void)sb::instagram_mention_query(lookup);
    } else if (delivery.error().message.empty()) {
        __builtin_trap();
    }
    sb::InstagramMentionLookup const comment{
        .ig_user_id = "1784", .comment_id = "1790", .media_id = "1791"};
    sb::InstagramMentionLookup const caption{.ig_user_id = "1784", .media_id = "1791"};
    (void)sb::parse_instagram_mention(body, comment, options);
    (void)sb::parse_instagram_mention(body, caption, options);
    (void)sb::parse_graph_error(body);
    return 0;
}
