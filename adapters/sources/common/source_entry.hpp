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

// Runs a parser in checking mode.
template <typename Settings, Result<Settings> (*Parse)(SourceSettings const&)>
std::vector<std::string> check_source_settings(config::Source const& source,
                                               std::vector<config::SettingsIssue>& issues) {
    SourceSettings settings(source, issues);
    if (auto parsed = Parse(settings); !parsed)
        issues.push_back({parsed.error().context, parsed.error().message});
    return settings.accepted_keys();
}

// Runs a parser as at start, keeping only whether it succeeded.
template <typename Settings, Result<Settings> (*Parse)(SourceSettings const&)>
Result<void> read_source_settings(config::Source const& source, std::string const& config_path) {
    SourceSettings settings(source, config_path);
    if (auto parsed = Parse(settings); !parsed)
        return unexpected(parsed.error());
    return {};
}

// Builds an entry from a parser (settings -> typed settings) and a factory taking those typed
// settings, so the two can never disagree on what the settings are.
template <typename Settings, Result<Settings> (*Parse)(SourceSettings const&),
          Result<std::unique_ptr<Source>> (*Create)(Settings, SourceDeps&)>
constexpr SourceEntry make_source_entry(std::string_view type) {
    return {type, &check_source_settings<Settings, Parse>, &read_source_settings<Settings, Parse>,
            [](config::Source const& source, SourceDeps& deps) -> Result<std::unique_ptr<Source>> {
                SourceSettings settings(source, deps.config.path);
                auto parsed = Parse(settings);
                if (!parsed)
                    return unexpected(parsed.error());
                return Create(std::move(parsed).value(), deps);
            }};
}

} // namespace sb
