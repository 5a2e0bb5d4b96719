// SPDX-License-Identifier: Apache-2.0
// The Mastodon source: mentions live from the streaming API, with a REST catch-up after every
// (re)connect so that nothing said during an outage is lost.
#pragma once

#include "adapters/sources/common/source_entry.hpp"

namespace sb {

// The "mastodon" plug-in: its settings parser and factory. Settings: base_url, access_token
// (secret), streaming_url, account, catch_up_interval, page_size. See docs/sources/mastodon.md.
SourceEntry mastodon_source_entry();

} // namespace sb
