// SPDX-License-Identifier: Apache-2.0
// The rota commands' glue: the effective rota as a view, a schedules renderer, print, exit code.
#include "bot/rota/rota_cli.hpp"

#include "schedules/rota_render.hpp"

namespace sb::rota {
namespace {

using schedules::RenderFormat;

RenderFormat format_of(bool json) {
    return json ? RenderFormat::json : RenderFormat::text;
}

// Prints a rendering or its error; the exit code follows the error's kind.
int print(Result<std::string> const& text, std::ostream& out) {
    if (text) {
        out << *text;
        return 0;
    }
    out << "error: " << text.error().message << "\n";
    return text.error().code == ErrorCode::invalid_argument ? 2 : 1;
}

// The config's own rota, for the commands that answer from the config alone.
template <typename Command>
int with_config_rota(config::Config const& config, std::ostream& out, Command command) {
    auto rota = ConfigRota::create(config);
    if (!rota) {
        out << "error: " << rota.error().to_string() << "\n";
        return 1;
    }
    return command(*rota);
}

} // namespace

int cli_who(config::Config const& config, ConfigRota const& rota,
            std::optional<std::string> const& team, Instant at, bool json, std::ostream& out) {
    return print(schedules::render_who(rota_view(config, rota), team, at, format_of(json)), out);
}

int cli_rota(config::Config const& config, ConfigRota const& rota, std::string const& team,
             Instant from, Instant to, bool json, bool stats, std::ostream& out) {
    auto with_stats = stats ? schedules::RotaStats::include : schedules::RotaStats::omit;
    return print(schedules::render_rota(rota_view(config, rota), team, from, to, format_of(json),
                                        with_stats),
                 out);
}

int cli_gaps(config::Config const& config, ConfigRota const& rota,
             std::optional<std::string> const& team, Instant from, Instant to, bool json,
             std::ostream& out) {
    return print(schedules::render_gaps(rota_view(config, rota), team, from, to, format_of(json)),
                 out);
}

int cli_ical(config::Config const& config, ConfigRota const& rota,
             std::optional<std::string> const& person, std::optional<std::string> const& team,
             Instant from, Instant to, std::ostream& out) {
    return print(schedules::render_ical(rota_view(config, rota), person, team, from, to), out);
}

int cli_who(config::Config const& config, std::optional<std::string> const& team, Instant at,
            bool json, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_who(config, rota, team, at, json, out);
    });
}

int cli_rota(config::Config const& config, std::string const& team, Instant from, Instant to,
             bool json, bool stats, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_rota(config, rota, team, from, to, json, stats, out);
    });
}

int cli_gaps(config::Config const& config, std::optional<std::string> const& team, Instant from,
             Instant to, bool json, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_gaps(config, rota, team, from, to, json, out);
    });
}

int cli_ical(config::Config const& config, std::optional<std::string> const& person,
             std::optional<std::string> const& team, Instant from, Instant to, std::ostream& out) {
    return with_config_rota(config, out, [&](ConfigRota const& rota) {
        return cli_ical(config, rota, person, team, from, to, out);
    });
}

// Every error of the holiday calendars is a bad region or year, so the code is always 2.
int cli_holidays(std::string const& region, int year, bool json, std::ostream& out) {
    auto text = schedules::render_holidays(region, year, format_of(json));
    if (!text) {
        out << "error: " << text.error().message << "\n";
        return 2;
    }
    out << *text;
    return 0;
}

} // namespace sb::rota
