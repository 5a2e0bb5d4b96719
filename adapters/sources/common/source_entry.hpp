// SPDX-License-Identifier: Apache-2.0
// The one shape of a source plug-in: its type name, a typed settings parser and a factory.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_settings.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

struct SourceEntry {
    std::string_view type; // matches "type": "mastodon" in the config
    // Runs the settings parser for its problems only (check-config, and `run` before it starts).
    std::vector<std::string> (*check)(config::Source const& source,
                                      std::vector<config::SettingsIssue>& issues);
    // Parses as at start, reading secrets, and builds nothing: `run` reads every source this way
    // before anything starts, so a missing secret stops it at once.
    Result<void> (*read)(config::Source const& source, std::string const& config_path);
    // Parses again, reading secrets, and builds.
    SourceFactory make;
};

// The typed settings that a parser of a source's settings returns.
template <typename Parser> struct SettingsParsedBy;
template <typename Settings> struct SettingsParsedBy<Result<Settings> (*)(SourceSettings const&)> {
    using type = Settings;
};
template <auto Parse> using SettingsOf = typename SettingsParsedBy<decltype(Parse)>::type;

// Runs a parser in checking mode.
template <auto Parse>
std::vector<std::string> check_source_settings(config::Source const& source,
                                               std::vector<config::SettingsIssue>& issues) {
    SourceSettings settings(source, issues);
    if (auto parsed = Parse(settings); !parsed)
        issues.push_back({parsed.error().context, parsed.error().message});
    return settings.accepted_keys();
}

// Runs a parser as at start, reading secrets, and keeps the typed settings.
template <auto Parse>
Result<SettingsOf<Parse>> parse_source_settings(config::Source const& source,
                                                std::string const& config_path) {
    return Parse(SourceSettings(source, config_path));
}

// Runs a parser as at start, keeping only whether it succeeded.
template <auto Parse>
Result<void> read_source_settings(config::Source const& source, std::string const& config_path) {
    if (auto parsed = parse_source_settings<Parse>(source, config_path); !parsed)
        return unexpected(parsed.error());
    return {};
}

// Builds an entry from a parser (settings -> typed settings) and a factory taking those typed
// settings, so the two can never disagree on what the settings are.
template <auto Parse, Result<std::unique_ptr<Source>> (*Create)(SettingsOf<Parse>, SourceDeps&)>
constexpr SourceEntry make_source_entry(std::string_view type) {
    return {type, &check_source_settings<Parse>, &read_source_settings<Parse>,
            [](config::Source const& source, SourceDeps& deps) -> Result<std::unique_ptr<Source>> {
                auto parsed = parse_source_settings<Parse>(source, deps.config.path);
                if (!parsed)
                    return unexpected(parsed.error());
                return Create(std::move(parsed).value(), deps);
            }};
}

// The factory of a source class built from its typed settings and the deps, which cannot fail
// once the settings parsed.
template <typename Built, typename Settings>
Result<std::unique_ptr<Source>> construct_source(Settings settings, SourceDeps& deps) {
    return std::unique_ptr<Source>(std::make_unique<Built>(std::move(settings), deps));
}

// The entry of a source type whose class takes the parser's typed settings and the deps.
template <typename Built, auto Parse> constexpr SourceEntry source_entry_of(std::string_view type) {
    return make_source_entry<Parse, construct_source<Built, SettingsOf<Parse>>>(type);
}

} // namespace sb
