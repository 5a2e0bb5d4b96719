// SPDX-License-Identifier: Apache-2.0
// The only code that knows Bluesky's XRPC JSON: sessions, errors and notification pages.
#pragma once

#include "base/result.hpp"
#include "bot/core/mention.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb {

struct BlueskyTokens {
    std::string access_jwt;
    std::string refresh_jwt;
    std::string did;
    std::string handle;
};

// One notification as listed, in the order of the page (newest first).
struct BlueskyNotification {
    std::string uri;
    std::string indexed_at; // as sent, so it can be stored and compared again later
    Instant indexed{};
    // Empty for reasons that are not worth a card (likes, reposts, follows …).
    std::optional<Mention> mention;
};

struct BlueskyPage {
    std::vector<BlueskyNotification> notifications;
    std::string cursor; // empty on the last page
};

// com.atproto.server.createSession and refreshSession answer with the same fields.
Result<BlueskyTokens> parse_bluesky_session(std::string const& body);

// The XRPC error name of an error body ({"error": "ExpiredToken", "message": …}), or empty.
std::string bluesky_error_name(std::string const& body);
// "ExpiredToken: Token has expired", for logs and /readyz; never holds a token.
std::string bluesky_error_text(int status, std::string const& body);

// An app.bsky.notification.listNotifications answer. Mentions carry source and account.
Result<BlueskyPage> parse_bluesky_notifications(std::string const& body, std::string const& source,
                                                std::string const& account);

// The web address of a post: https://bsky.app/profile/<handle>/post/<rkey>.
std::string bluesky_post_url(std::string const& handle, std::string const& at_uri);

} // namespace sb
