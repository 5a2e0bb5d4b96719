// SPDX-License-Identifier: Apache-2.0
// The "rss" source type: polls one RSS 2.0 or Atom 1.0 feed and ingests the entries it has not
// seen.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_entry.hpp"

#include <memory>

namespace sb {

// Settings: url (required), interval ("5m", at least "30s"), platform ("rss"), kind ("post" or
// "review"), account. The cursor "<id>" holds the ETag, Last-Modified and the last seen keys.
Result<std::unique_ptr<Source>> make_feed_source(config::Source const& source, SourceDeps& deps);

// The "rss" plug-in: its settings parser and factory.
SourceEntry feed_source_entry();

} // namespace sb
