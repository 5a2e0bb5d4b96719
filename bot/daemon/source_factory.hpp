// SPDX-License-Identifier: Apache-2.0
// Builds the social sources that the config names from the list of source plug-ins.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_entry.hpp"

#include <memory>
#include <vector>

namespace sb {

// Every source type this build knows, webhook included.
std::vector<SourceEntry> const& source_entries();

// Every source in the config except the signed webhooks, which the daemon serves itself.
// An error names the source and the setting at fault.
Result<std::vector<std::unique_ptr<Source>>> make_sources(SourceDeps& deps);

} // namespace sb
