// SPDX-License-Identifier: Apache-2.0
// The "slack" chat adapter's settings: the keys it accepts and their typed values.
#pragma once

#include "base/result.hpp"
#include "config/settings_reader.hpp"

#include <string>

namespace sb {

struct SlackSettings {
    std::string api_base_url = "https://slack.com/api";
    std::string bot_token;      // read from its secret reference (empty while checking)
    std::string app_token;      // optional: Socket Mode
    std::string signing_secret; // optional: the Events API routes
};

// Keys: bot_token (required), app_token, signing_secret (secret references) and api_base_url.
// Whether the tokens make a working adapter is decided by SlackAdapter::create.
Result<SlackSettings> parse_slack_settings(config::SettingsReader const& settings);

} // namespace sb
