// SPDX-License-Identifier: Apache-2.0
// The "youtube" source type: polls commentThreads.list for a channel within a daily quota budget.
#pragma once

#include "adapters/sources/common/source_entry.hpp"

namespace sb {

// The "youtube" plug-in: its settings parser and factory. Settings: api_key (secret, required),
// channel_id (required), api_url ("https://www.googleapis.com/youtube/v3"), daily_quota (10000
// units), interval (derived from the quota; a shorter one is an error naming the minimum),
// account. The cursor "<id>" holds the newest comment time, the units spent in the current
// Pacific day and the last seen comments.
SourceEntry youtube_source_entry();

} // namespace sb
