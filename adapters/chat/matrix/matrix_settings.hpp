// SPDX-License-Identifier: Apache-2.0
// The "matrix" chat adapter's settings: the keys it accepts and their typed values.
#pragma once

#include "base/result.hpp"
#include "config/settings_reader.hpp"

#include <chrono>
#include <string>

namespace sb {

struct MatrixSettings {
    std::string homeserver_url; // the client API's base URL, or empty for discovery
    std::string server_name;    // for .well-known discovery
    std::string access_token;   // read from its secret reference (empty while checking)
    std::string user;
    std::string password;
    std::chrono::milliseconds sync_timeout{30'000};
};

// Keys: homeserver_url or server_name; access_token, or user and password (secret references);
// sync_timeout_ms.
Result<MatrixSettings> parse_matrix_settings(config::SettingsReader const& settings);

} // namespace sb
