// SPDX-License-Identifier: Apache-2.0
// The only file that knows Mastodon's JSON: stream frames, notifications, statuses, instance.
#pragma once

#include "base/result.hpp"
#include "bot/core/mention.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::mastodon {

inline constexpr char const* platform_name = "mastodon";

// Who the mentions are for: the configured source id and our own account (may be empty).
struct Origin {
    std::string source;
    std::string account;
};

// One websocket message: {"stream": [...], "event": "...", "payload": "<JSON text or an id>"}.
// The payload is a string that holds JSON itself; it is returned still encoded.
struct StreamFrame {
    std::string event;
    std::string payload;
};
Result<StreamFrame> parse_stream_frame(std::string_view text);

// A notification; `mention` is set only for type "mention" with a status.
struct Notification {
    std::string id; // opaque; only the server orders it
    std::string type;
    std::optional<Mention> mention;
};
Result<Notification> parse_notification(std::string_view json_text, Origin const& origin);
// GET /api/v1/notifications: an array, newest first, as the server sends it.
Result<std::vector<Notification>> parse_notifications(std::string_view body, Origin const& origin);

// A status.update payload: the edited status as a mention with change=edited.
Result<Mention> parse_status_update(std::string_view json_text, Origin const& origin);
// A delete payload is the bare status id.
Mention deleted_status(std::string const& status_id, Origin const& origin);

// A query parameter of the link with that rel in a Link header, e.g. min_id of rel="prev" in
// `<https://host/api/v1/notifications?min_id=42>; rel="prev"`.
std::optional<std::string> link_parameter(std::string_view link_header, std::string_view rel,
                                          std::string_view parameter);

// The streaming server's base URL from GET /api/v2/instance (configuration.urls.streaming) or
// /api/v1/instance (urls.streaming_api); nullopt when the body names none.
std::optional<std::string> streaming_url_from_instance(std::string_view body);

// A refusal's {"error": "..."} text, or a short fallback naming the status.
std::string api_error_message(int status, std::string_view body);

// Status content as plain text: tags dropped, <br> and paragraph ends as line breaks, entities
// decoded.
std::string html_to_text(std::string_view html);

} // namespace sb::mastodon
