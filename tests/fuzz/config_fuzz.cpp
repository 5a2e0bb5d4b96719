// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the config loader: any text must give a config or errors, never a crash.
#include "config/config.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string text(reinterpret_cast<char const*>(data), size);
    auto result = sb::config::load_config_text(text, "fuzz.jsonc");
    // A config is produced exactly when there are no errors; anything else is a loader bug.
    if (result.config.has_value() == !result.errors.empty())
        __builtin_trap();
    for (auto const& error : result.errors)
        (void)error.to_string();
    return 0;
}
