// SPDX-License-Identifier: Apache-2.0
// The "webhook" source type's entry: reads its settings and builds the source.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_entry.hpp"

namespace sb {

// Settings: secret (secret ref, required), max_body_bytes, rate_limit_per_minute and
// require_timestamp (the last three already range-checked by the loader).
Result<std::unique_ptr<Source>> make_webhook_source(config::Source const& source, SourceDeps& deps);

// The "webhook" plug-in: its settings parser and factory.
SourceEntry webhook_source_entry();

} // namespace sb
