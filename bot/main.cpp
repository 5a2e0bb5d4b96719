// SPDX-License-Identifier: Apache-2.0
// switchboard's command line: the daemon, config checks, rota questions, simulation and demo.
#include "adapters/net/http_client/curl_http_client.hpp"
#include "base/safe_text.hpp"
#include "bot/api/token_cli.hpp"
#include "bot/build_info.hpp"
#include "bot/core/calendar_fetch.hpp"
#include "bot/core/effective_rota.hpp"
#include "bot/daemon/backup_cli.hpp"
#include "bot/daemon/daemon.hpp"
#include "bot/daemon/plugin_catalog.hpp"
#include "bot/daemon/simulate.hpp"
#include "bot/rota/rota_cli.hpp"
#include "config/check_config.hpp"
#include "config/config.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

namespace {

// Without --config: the project's own default when run from a checkout, else the installed one.
std::string default_config_path() {
    for (auto const* candidate : {"config/switchboard.jsonc", "/etc/switchboard/switchboard.jsonc"})
        if (std::filesystem::exists(candidate))
            return candidate;
    return "config/switchboard.jsonc";
}

// Without --state-dir: the one systemd made for the unit (StateDirectory=, the first when it
// lists several), else ./var beside a checkout.
std::string default_state_dir() {
    if (char const* given = std::getenv("STATE_DIRECTORY"); given != nullptr && *given != '\0') {
        std::string_view dirs = given;
        return std::string(dirs.substr(0, dirs.find(':')));
    }
    return sb::DaemonOptions{}.state_dir;
}

std::optional<sb::config::Config> load_or_report(std::string const& path) {
    auto loaded = sb::config::load_config_file(path, sb::plugin_catalog());
    if (loaded.config)
        return loaded.config;
    for (auto const& error : loaded.errors)
        std::cerr << error.to_string() << '\n';
    std::cerr << "switchboard: " << loaded.errors.size() << " error(s) in " << path
              << "; run 'switchboard check-config --config " << path << "' for details\n";
    return std::nullopt;
}

// The zone used to read a bare date or local time on the command line.
std::string zone_for(sb::config::Config const& config, std::optional<std::string> const& team) {
    if (team) {
        auto it = config.teams.find(*team);
        if (it != config.teams.end())
            return it->second.timezone;
    }
    return config.teams.empty() ? std::string("UTC") : config.teams.begin()->second.timezone;
}

std::optional<sb::Instant> parse_time_option(std::string const& name, std::string const& text,
                                             std::string const& zone) {
    auto at = sb::parse_instant(text, zone);
    if (!at) {
        std::cerr << "switchboard: " << name << ": " << at.error().message << '\n';
        return std::nullopt;
    }
    return *at;
}

bool team_exists(sb::config::Config const& config, std::optional<std::string> const& team) {
    if (!team || config.teams.contains(*team))
        return true;
    std::cerr << "switchboard: --team: there is no team '" << *team << "'; teams:";
    for (auto const& [id, t] : config.teams)
        std::cerr << ' ' << id;
    std::cerr << '\n';
    return false;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"switchboard: bridges social media mentions into team chat, keeps the on-call "
                 "rota and pages the person on call until somebody claims the item."};
    app.require_subcommand(1);
    app.set_version_flag("--version", sb::version_line());

    std::string config_path = default_config_path();
    auto add_config = [&](CLI::App* command) {
        command->add_option("--config", config_path, "Config file (JSON with comments)")
            ->capture_default_str();
    };
    bool json = false;

    auto* run = app.add_subcommand("run", "Run the daemon");
    add_config(run);
    sb::DaemonOptions daemon;
    daemon.state_dir = default_state_dir();
    std::string listen;
    run->add_option("--state-dir", daemon.state_dir, "Where the SQLite store lives")
        ->capture_default_str();
    run->add_option("--listen", listen, "HOST:PORT to listen on; overrides the config");
    std::string public_url;
    run->add_option("--public-url", public_url,
                    "The address phones and browsers reach this server at (claim links, the "
                    "web page); overrides the config's public_url")
        ->envname("SWITCHBOARD_PUBLIC_URL");
    run->add_option("--web-dir", daemon.web_dir,
                    "Where the web page's files are (default: installed with the binary)");
    run->add_option("--as", daemon.as_user,
                    "Console identity that typed commands come from (default: the first person "
                    "with a console identity)");
    bool no_stdin = false;
    run->add_flag("--no-stdin", no_stdin, "Do not read commands from standard input");

    auto* check = app.add_subcommand("check-config", "Validate a config; exit 1 on any error");
    add_config(check);
    check->add_flag("--json", json, "Print the result as JSON");

    // The rota questions answer as the daemon on this state directory would: the config plus
    // the absences, overrides and swaps entered at run time. The store is only read.
    std::string rota_state_dir = default_state_dir();
    auto add_state_dir = [&](CLI::App* command) {
        command
            ->add_option("--state-dir", rota_state_dir,
                         "The daemon's state directory; its store's absences, overrides and swaps "
                         "count too (none there: the config alone)")
            ->capture_default_str();
    };

    std::optional<std::string> team;
    std::string at_text, from_text, to_text;
    auto* who = app.add_subcommand("who", "Who is on call per layer, and why");
    add_config(who);
    add_state_dir(who);
    who->add_option("--team", team, "Team id (default: every team)");
    who->add_option("--at", at_text, "ISO 8601 time (default: now)");
    who->add_flag("--json", json, "Print JSON");

    bool stats = false;
    auto* rota = app.add_subcommand("rota", "The resolved shifts in a range");
    add_config(rota);
    add_state_dir(rota);
    rota->add_option("--team", team, "Team id")->required();
    rota->add_option("--from", from_text, "Date or time")->required();
    rota->add_option("--to", to_text, "Date or time")->required();
    rota->add_flag("--stats", stats,
                   "Per person: hours on call and evening, weekend, holiday shifts");
    rota->add_flag("--json", json, "Print JSON");

    auto* gaps = app.add_subcommand("gaps", "Spans of coverage windows with nobody available");
    add_config(gaps);
    add_state_dir(gaps);
    gaps->add_option("--team", team, "Team id (default: every team)");
    gaps->add_option("--from", from_text, "Date or time")->required();
    gaps->add_option("--to", to_text, "Date or time")->required();
    gaps->add_flag("--json", json, "Print JSON");

    std::string region;
    int year = 0;
    auto* holidays = app.add_subcommand("holidays", "Public holidays of a region");
    holidays->add_option("--region", region, "ISO 3166-2 code, e.g. DE-BY, AT, CH")->required();
    holidays->add_option("--year", year, "Year, e.g. 2027")->required();
    holidays->add_flag("--json", json, "Print JSON");

    std::optional<std::string> person;
    auto* ical = app.add_subcommand("ical", "An RFC 5545 calendar of shifts on stdout");
    add_config(ical);
    add_state_dir(ical);
    ical->add_option("--person", person, "Person id");
    ical->add_option("--team", team, "Team id");
    ical->add_option("--from", from_text, "Date or time (default: today)");
    ical->add_option("--to", to_text, "Date or time (default: 90 days on)");

    std::string mentions_path;
    auto* simulate = app.add_subcommand(
        "simulate", "Replay mentions (JSON lines) in simulated time and print the timeline");
    add_config(simulate);
    simulate->add_option("--mentions", mentions_path, "JSON lines file ('-' for stdin)")
        ->required();
    simulate->add_option("--from", from_text, "Start time")->required();
    simulate->add_option("--to", to_text, "End time")->required();
    simulate->add_flag("--json", json, "Print the timeline and summary as JSON");

    auto* demo = app.add_subcommand("demo", "A weekend replayed in a few seconds; no setup needed");

    auto* token = app.add_subcommand("token", "Personal API tokens: create, list and revoke");
    token->require_subcommand(1);
    sb::TokenCliOptions token_options;
    token_options.state_dir = default_state_dir();
    auto add_token_command = [&](char const* name, char const* what, bool person_required) {
        auto* command = token->add_subcommand(name, what);
        add_config(command);
        command->add_option("--state-dir", token_options.state_dir, "Where the SQLite store lives")
            ->capture_default_str();
        auto* person_option = command->add_option("--person", token_options.person, "Person id");
        if (person_required)
            person_option->required();
        command->add_flag("--json", token_options.json, "Print JSON");
        return command;
    };
    auto* token_create =
        add_token_command("create", "Create a token for a person and print it once", true);
    token_create->add_option("--label", token_options.label,
                             "A name for the token, unique per person (default: token-N)");
    add_token_command("list", "List tokens (never their secrets)", false);
    auto* token_revoke =
        add_token_command("revoke", "Revoke a person's token by label, or all of them", true);
    token_revoke->add_option("--label", token_options.label, "Only the token with this label");

    std::string backup_state_dir = default_state_dir();
    std::string backup_file;
    auto* backup = app.add_subcommand(
        "backup", "Copy the database (also while the daemon runs) and its key files into one file");
    backup->add_option("--state-dir", backup_state_dir, "The state directory to back up")
        ->capture_default_str();
    backup->add_option("--to", backup_file, "The backup file to write (never overwritten)")
        ->required();
    backup->add_flag("--json", json, "Print the summary as JSON");
    auto* restore =
        app.add_subcommand("restore", "Put a backup back into an empty state directory");
    restore->add_option("--from", backup_file, "The backup file written by `backup`")->required();
    restore->add_option("--state-dir", backup_state_dir, "The state directory to restore into")
        ->capture_default_str();
    restore->add_flag("--json", json, "Print the summary as JSON");

    CLI11_PARSE(app, argc, argv);

    if (backup->parsed())
        return sb::cli_backup(backup_state_dir, backup_file, json, std::cout, std::cerr);
    if (restore->parsed())
        return sb::cli_restore(backup_file, backup_state_dir, json, std::cout, std::cerr);

    if (demo->parsed()) {
        spdlog::set_level(spdlog::level::warn);
        return sb::run_demo(std::cout);
    }
    if (holidays->parsed())
        return sb::rota::cli_holidays(region, year, json, std::cout);
    if (check->parsed())
        return sb::config::check_config_main(config_path, json, std::cout, sb::plugin_catalog());

    auto config = load_or_report(config_path);
    if (!config)
        return 1;
    if (!team_exists(*config, team))
        return 1;
    if (token->parsed()) {
        token_options.action = token_create->parsed()   ? sb::TokenAction::create
                               : token_revoke->parsed() ? sb::TokenAction::revoke
                                                        : sb::TokenAction::list;
        return sb::run_token_cli(*config, token_options, std::cout, std::cerr);
    }
    auto zone = zone_for(*config, team);
    auto now = std::chrono::floor<sb::Seconds>(std::chrono::system_clock::now());

    if (run->parsed()) {
        if (!listen.empty())
            daemon.listen = listen;
        if (!public_url.empty()) {
            if (!public_url.starts_with("http://") && !public_url.starts_with("https://")) {
                std::cerr << "switchboard: --public-url (or SWITCHBOARD_PUBLIC_URL): '"
                          << sb::terminal_safe(public_url)
                          << "' is not an http:// or https:// URL\n";
                return 1;
            }
            config->public_url = public_url;
        }
        daemon.read_stdin = !no_stdin;
        daemon.web_dir = sb::find_web_dir(daemon.web_dir, argv[0]);
        return sb::run_daemon(*config, daemon);
    }
    std::optional<sb::rota::ConfigRota> effective;
    if (who->parsed() || rota->parsed() || gaps->parsed() || ical->parsed()) {
        std::vector<std::string> warnings;
        auto built = sb::effective_rota(
            *config, rota_state_dir,
            [](std::string const& url) {
                return sb::fetch_calendar_blocking(url, sb::perform_http);
            },
            &warnings);
        for (auto const& warning : warnings)
            std::cerr << "switchboard: warning: " << warning << '\n';
        if (!built) {
            std::cerr << "switchboard: " << built.error().message << '\n';
            return 1;
        }
        effective = std::move(*built);
    }
    if (who->parsed()) {
        auto at = at_text.empty() ? std::optional<sb::Instant>(now)
                                  : parse_time_option("--at", at_text, zone);
        if (!at)
            return 1;
        return sb::rota::cli_who(*config, *effective, team, *at, json, std::cout);
    }
    if (ical->parsed() && from_text.empty()) {
        from_text = sb::format_instant(now);
        to_text = to_text.empty() ? sb::format_instant(now + std::chrono::hours(24 * 90)) : to_text;
    }
    auto from = parse_time_option("--from", from_text, zone);
    if (!from)
        return 1;
    if (ical->parsed() && to_text.empty())
        to_text = sb::format_instant(*from + std::chrono::hours(24 * 90));
    auto to = parse_time_option("--to", to_text, zone);
    if (!to)
        return 1;
    if (*to <= *from) {
        std::cerr << "switchboard: --to must be after --from\n";
        return 1;
    }
    if (rota->parsed())
        return sb::rota::cli_rota(*config, *effective, *team, *from, *to, json, stats, std::cout);
    if (gaps->parsed())
        return sb::rota::cli_gaps(*config, *effective, team, *from, *to, json, std::cout);
    if (ical->parsed())
        return sb::rota::cli_ical(*config, *effective, person, team, *from, *to, std::cout);
    if (simulate->parsed()) {
        spdlog::set_level(spdlog::level::warn);
        sb::SimulationOptions options{*from, *to, json};
        if (mentions_path == "-")
            return sb::run_simulation(*config, std::cin, options, std::cout);
        std::ifstream file(mentions_path);
        if (!file) {
            std::cerr << "switchboard: --mentions: cannot read " << mentions_path << '\n';
            return 1;
        }
        return sb::run_simulation(*config, file, options, std::cout);
    }
    return 0;
}
