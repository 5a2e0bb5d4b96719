// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/backup_cli.hpp"

#include "base/safe_text.hpp"
#include "bot/store/state_backup.hpp"

#include <nlohmann/json.hpp>

namespace sb {

namespace {

int report(Result<BackupSummary> const& done, std::string const& what, std::string const& where,
           bool json, std::ostream& out, std::ostream& err) {
    if (!done) {
        err << "switchboard: " << what << ": " << terminal_safe(done.error().message) << '\n';
        return 1;
    }
    if (json) {
        out << nlohmann::json{{"schema_version", done->schema_version},
                              {"items", done->items},
                              {"bytes", done->bytes},
                              {"key_files", done->key_files},
                              {"path", where}}
                   .dump()
            << '\n';
        return 0;
    }
    out << what << ": " << terminal_safe(where) << ": " << done->items
        << " item(s), schema version " << done->schema_version << ", " << done->key_files.size()
        << " key file(s), " << done->bytes << " bytes\n";
    return 0;
}

} // namespace

int cli_backup(std::string const& state_dir, std::string const& to, bool json, std::ostream& out,
               std::ostream& err) {
    return report(backup_state(state_dir, to), "backup", to, json, out, err);
}

int cli_restore(std::string const& from, std::string const& state_dir, bool json, std::ostream& out,
                std::ostream& err) {
    return report(restore_state(from, state_dir), "restore", state_dir, json, out, err);
}

} // namespace sb
