// SPDX-License-Identifier: Apache-2.0
// Builds the sources that the config names from the list of source plug-ins.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_entry.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sb {

// Every source type this build knows.
std::vector<SourceEntry> const& source_entries();

// Reads one source's settings as at start (secrets included) without building it.
Result<void> read_source(config::Source const& source, std::string const& config_path);

// Every source in the config. An error names the source and the setting at fault.
Result<std::vector<std::unique_ptr<Source>>> make_sources(SourceDeps& deps);

} // namespace sb
