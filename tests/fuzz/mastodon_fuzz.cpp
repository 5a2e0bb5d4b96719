// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the Mastodon parsers: stream frames, notifications, status updates and the
// status HTML-to-text conversion, all of which read what strangers posted.
#include "adapters/sources/mastodon/mastodon_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    sb::mastodon::Origin const origin{.source = "fuzz", .account = "switchboard"};
    if (auto frame = sb::mastodon::parse_stream_frame(text); frame.has_value())
        (void)sb::mastodon::parse_notification(frame->payload, origin);
    (void)sb::mastodon::parse_notification(text, origin);
    (void)sb::mastodon::parse_notifications(text, origin);
    (void)sb::mastodon::parse_status_update(text, origin);
    (void)sb::mastodon::link_parameter(text, "prev", "min_id");
    (void)sb::mastodon::streaming_url_from_instance(text);
    (void)sb::mastodon::api_error_message(422, text);
    // Plain text never grows past the HTML it came from by more than entity decoding allows.
    auto const plain = sb::mastodon::html_to_text(text);
    if (plain.size() > 4 * text.size() + 4)
        __builtin_trap();
    return 0;
}
