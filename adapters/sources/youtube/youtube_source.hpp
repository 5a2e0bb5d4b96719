// SPDX-License-Identifier: Apache-2.0
// The "youtube" source type: polls commentThreads.list for a channel within a daily quota budget.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_entry.hpp"

#include <memory>

namespace sb {

// Settings: api_key (secret, required), channel_id (required), api_url
// ("https://www.googleapis.com/youtube/v3"), daily_quota (10000 units), interval (derived from
// the quota; a shorter one is an error naming the minimum), account. The cursor "<id>" holds the
// newest comment time, the units spent in the current Pacific day and the last seen comments.
Result<std::unique_ptr<Source>> make_youtube_source(config::Source const& source, SourceDeps& deps);

// The "youtube" plug-in: its settings parser and factory.
SourceEntry youtube_source_entry();

} // namespace sb
