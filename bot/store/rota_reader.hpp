// SPDX-License-Identifier: Apache-2.0
// Reads the active rota entries of a store file for the command line, without changing it.
#pragma once

#include "base/result.hpp"
#include "bot/store/rota_repository.hpp"

#include <string>
#include <vector>

namespace sb {

// The active entries of the store at `database_path`, in creation order (their rank), as
// RotaRepository::active() gives them. The file is opened read-only: no migration, no lock, no
// change of its mode, so it may be read while the daemon runs. ErrorCode::unavailable when it
// cannot be opened or read, or its schema is not the one this build knows.
Result<std::vector<RotaEntry>> read_active_rota_entries(std::string const& database_path);

// The schema version Store migrates a file to (defined beside the migrations in store.cpp).
int store_schema_version();

} // namespace sb
