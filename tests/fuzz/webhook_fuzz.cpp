// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the generic webhook's body parser, which reads bytes from anyone online.
#include "adapters/sources/webhook/webhook_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const body(reinterpret_cast<char const*>(data), size);
    static std::string const source_name = "fuzz";
    auto const mention = sb::parse_webhook_mention(body, source_name);
    // A parsed mention must carry what the parser promises: an id, a platform and valid JSON in
    // extra_json; anything else is a parser bug worth a crash report.
    if (mention.has_value() && (mention->external_id.empty() || mention->platform.empty() ||
                                mention->extra_json.empty() || mention->extra_json.front() != '{'))
        __builtin_trap();
    if (!mention.has_value() && mention.error().message.empty())
        __builtin_trap();
    return 0;
}
