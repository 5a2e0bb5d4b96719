// SPDX-License-Identifier: Apache-2.0
// Backups of a state directory: a consistent copy of the live database and its key files in one
// file, and putting one back into an empty state directory.
#pragma once

#include "base/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sb {

struct BackupSummary {
    int schema_version = 0;
    std::int64_t items = 0;
    std::int64_t bytes = 0;             // of the backup file
    std::vector<std::string> key_files; // names, e.g. "claim-link.key"
};

// Copies `state_dir`/switchboard.db with SQLite's online backup API, so a running daemon goes
// on writing while the copy is taken and the copy is one consistent instant, plus every key
// file of the directory (`*.key`), into the SQLite file `to`, private (0600). `to` is written
// beside itself first and renamed, so it never holds half a backup; an existing `to` is refused.
Result<BackupSummary> backup_state(std::filesystem::path const& state_dir,
                                   std::filesystem::path const& to);

// Puts a backup written by backup_state into `state_dir`, which must not hold a database yet
// (it is created when missing, private). A file that is no switchboard backup, or one of a newer
// schema than this binary knows, is refused before anything is written.
Result<BackupSummary> restore_state(std::filesystem::path const& from,
                                    std::filesystem::path const& state_dir);

} // namespace sb
