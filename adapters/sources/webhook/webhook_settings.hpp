// SPDX-License-Identifier: Apache-2.0
// The "webhook" source's settings parser and its plug-in entry.
#pragma once

#include "adapters/sources/common/source_entry.hpp"
#include "adapters/sources/webhook/webhook_adapter.hpp"

#include <string>

namespace sb {

// Reads type "webhook" settings: secret (required), max_body_bytes, rate_limit_per_minute and
// require_timestamp (the last three already range-checked by the loader).
Result<WebhookSourceSettings> read_webhook_settings(config::Source const& source,
                                                    std::string const& config_path);

// The "webhook" plug-in. It has no factory: the daemon's HTTP server serves every webhook
// source on one route (add_webhook_routes), so there is no Source object per webhook.
SourceEntry webhook_source_entry();

} // namespace sb
