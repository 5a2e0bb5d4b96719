// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the Matrix client-server answers the bot reads: /sync, /messages and
// error bodies, and the command text taken from a message body.
#include "adapters/chat/matrix/matrix_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string const body(reinterpret_cast<char const*>(data), size);
    std::string const own = "@switchboard:example.org";

    if (auto const batch = sb::matrix::parse_sync(body, own); batch.has_value()) {
        for (auto const& message : batch->messages) {
            if (message.sender == own)
                __builtin_trap(); // the bot's own events never come back as messages
            (void)sb::matrix::command_text(message.body, own, false);
            (void)sb::matrix::reaction_command(message.reaction_key);
        }
    } else if (batch.error().message.empty()) {
        __builtin_trap();
    }
    (void)sb::matrix::parse_messages(body, "!room:example.org", own);
    (void)sb::matrix::parse_error(429, body, body);
    (void)sb::matrix::command_text(body, own, true);
    (void)sb::matrix::command_text(body, own, false);
    (void)sb::matrix::split_card_ref(body);
    return 0;
}
