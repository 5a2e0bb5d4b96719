// SPDX-License-Identifier: Apache-2.0
// The "slack" chat adapter's settings parser.
#include "adapters/chat/slack/slack_settings.hpp"

namespace sb {

Result<SlackSettings> parse_slack_settings(config::SettingsReader const& settings) {
    SB_TRY(settings.only_keys({"bot_token", "app_token", "signing_secret", "api_base_url"}));
    SlackSettings out;
    out.bot_token = SB_TRY(settings.secret("bot_token"));
    out.app_token = SB_TRY(settings.secret_or_empty("app_token"));
    out.signing_secret = SB_TRY(settings.secret_or_empty("signing_secret"));
    out.api_base_url = SB_TRY(settings.url("api_base_url", out.api_base_url));
    return out;
}

} // namespace sb
