// SPDX-License-Identifier: Apache-2.0
// The "rss" source type: polls one RSS 2.0 or Atom 1.0 feed and ingests the entries it has not
// seen.
#pragma once

#include "adapters/sources/common/source_entry.hpp"

namespace sb {

// The "rss" plug-in: its settings parser and factory. Settings: url (required), interval ("5m",
// at least "30s"), platform ("rss"), kind ("post" or "review"), account. The cursor "<id>" holds
// the ETag, Last-Modified and the last seen keys.
SourceEntry feed_source_entry();

} // namespace sb
