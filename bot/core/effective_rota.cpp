// SPDX-License-Identifier: Apache-2.0
// Builds the effective rota for the daemon's service and for the command line in one way.
#include "bot/core/effective_rota.hpp"

#include "bot/core/calendar_fetch.hpp"
#include "bot/store/calendar_repository.hpp"
#include "bot/store/rota_reader.hpp"

#include <system_error>

namespace sb {

void apply_runtime_entries(rota::ConfigRota& rota, std::vector<RotaEntry> const& active) {
    auto entries = to_runtime_entries(active);
    rota.set_runtime_entries(std::move(entries.absences), std::move(entries.overrides),
                             std::move(entries.swaps));
}

Result<rota::ConfigRota> effective_rota(config::Config const& config,
                                        std::filesystem::path const& state_dir,
                                        CalendarFetch const& fetch,
                                        std::vector<std::string>* warnings) {
    auto database = state_dir / "switchboard.db";
    std::error_code ec;
    auto status = std::filesystem::status(database, ec);
    bool const has_store = status.type() != std::filesystem::file_type::not_found;
    if (has_store && ec)
        return unexpected(ErrorCode::unavailable,
                          "cannot read the store " + database.string() + ": " + ec.message());
    rota::CalendarCopies copies;
    auto const remote = rota::remote_calendars(config);
    if (has_store && !remote.empty())
        for (auto& copy : SB_TRY(read_calendar_copies(database.string())))
            copies[copy.url] = {std::move(copy.body), copy.fetched_at};
    for (auto const& calendar : remote) {
        if (copies.contains(calendar.url))
            continue;
        auto body = fetch ? fetch(calendar.url)
                          : Result<std::string>(unexpected(ErrorCode::unavailable,
                                                           "the daemon has not fetched it yet"));
        if (body)
            copies[calendar.url] = {std::move(*body), Instant{}};
        else if (warnings != nullptr)
            warnings->push_back(calendar.path + " (" + calendar_label(calendar.url) +
                                "): " + body.error().message + "; this answer lacks it");
    }
    auto rota = rota::ConfigRota::create(config, {}, copies);
    if (!rota)
        return unexpected(ErrorCode::internal, rota.error().to_string());
    if (!has_store)
        return rota;
    auto active = SB_TRY(read_active_rota_entries(database.string()));
    apply_runtime_entries(*rota, active);
    return rota;
}

} // namespace sb
