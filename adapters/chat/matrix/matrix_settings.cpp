// SPDX-License-Identifier: Apache-2.0
// The "matrix" chat adapter's settings parser.
#include "adapters/chat/matrix/matrix_settings.hpp"

namespace sb {

Result<MatrixSettings> parse_matrix_settings(config::SettingsReader const& settings) {
    SB_TRY(settings.only_keys(
        {"homeserver_url", "server_name", "access_token", "user", "password", "sync_timeout_ms"}));
    MatrixSettings out;
    if (settings.contains("homeserver_url"))
        out.homeserver_url = SB_TRY(settings.url("homeserver_url"));
    out.server_name = settings.text_or("server_name", "");
    out.user = settings.text_or("user", "");
    out.access_token = SB_TRY(settings.secret_or_empty("access_token"));
    out.password = SB_TRY(settings.secret_or_empty("password"));
    out.sync_timeout = std::chrono::milliseconds(
        SB_TRY(settings.integer("sync_timeout_ms", out.sync_timeout.count(), 0, 3'600'000)));
    // Presence, not the values: while checking, secrets are not read and so are empty.
    if (!settings.contains("homeserver_url") && out.server_name.empty())
        SB_TRY(settings.fail("homeserver_url", "needs \"homeserver_url\" or \"server_name\""));
    if (!settings.contains("access_token") && (out.user.empty() || !settings.contains("password")))
        SB_TRY(
            settings.fail("access_token", "needs \"access_token\", or \"user\" and \"password\""));
    return out;
}

} // namespace sb
