// SPDX-License-Identifier: Apache-2.0
// The "webhook" source type's entry: reads its settings and builds the source.
#pragma once

#include "adapters/sources/common/source_entry.hpp"
#include "adapters/sources/webhook/webhook_adapter.hpp"

#include <string>

namespace sb {

// Reads type "webhook" settings: secret (secret ref, required), max_body_bytes (range-checked by
// the loader, which sizes the listener from it), rate_limit_per_minute and require_timestamp.
Result<WebhookSourceSettings> read_webhook_settings(config::Source const& source,
                                                    std::string const& config_path);

// The "webhook" plug-in: its settings parser and factory.
SourceEntry webhook_source_entry();

} // namespace sb
