// SPDX-License-Identifier: Apache-2.0
// The effective rota: the config's teams plus every absence, override and swap entered at run time.
#pragma once

#include "base/result.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/rota_repository.hpp"
#include "config/config.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace sb {

// Replaces the rota's run-time entries by these active entries (in creation order, their rank).
void apply_runtime_entries(rota::ConfigRota& rota, std::vector<RotaEntry> const& active);

// The rota the daemon on `state_dir` answers with: the config's, plus the active entries of the
// store in it. Without a store there (no directory, or no database in it) the config's alone;
// nothing is created. The store is read, never written, migrated or locked, so this works while
// the daemon runs. Fails when the config's rota cannot be built (internal) or the store cannot
// be read (unavailable).
//
// Remote calendars come from the store's copies, as the daemon last fetched them; one without
// a copy is fetched with `fetch` when given. One that has neither is left out, and a line in
// `warnings` says so.
using CalendarFetch = std::function<Result<std::string>(std::string const& url)>;
Result<rota::ConfigRota> effective_rota(config::Config const& config,
                                        std::filesystem::path const& state_dir,
                                        CalendarFetch const& fetch = {},
                                        std::vector<std::string>* warnings = nullptr);

} // namespace sb
