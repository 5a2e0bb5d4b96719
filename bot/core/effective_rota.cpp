// SPDX-License-Identifier: Apache-2.0
// Builds the effective rota for the daemon's service and for the command line in one way.
#include "bot/core/effective_rota.hpp"

#include "bot/store/rota_reader.hpp"

#include <system_error>

namespace sb {

void apply_runtime_entries(rota::ConfigRota& rota, std::vector<RotaEntry> const& active) {
    auto entries = to_runtime_entries(active);
    rota.set_runtime_entries(std::move(entries.absences), std::move(entries.overrides),
                             std::move(entries.swaps));
}

Result<rota::ConfigRota> effective_rota(config::Config const& config,
                                        std::filesystem::path const& state_dir) {
    auto rota = rota::ConfigRota::create(config);
    if (!rota)
        return unexpected(ErrorCode::internal, rota.error().to_string());
    auto database = state_dir / "switchboard.db";
    std::error_code ec;
    auto status = std::filesystem::status(database, ec);
    if (status.type() == std::filesystem::file_type::not_found)
        return rota;
    if (ec)
        return unexpected(ErrorCode::unavailable,
                          "cannot read the store " + database.string() + ": " + ec.message());
    auto active = SB_TRY(read_active_rota_entries(database.string()));
    apply_runtime_entries(*rota, active);
    return rota;
}

} // namespace sb
