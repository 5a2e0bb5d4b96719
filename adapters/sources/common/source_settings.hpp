// SPDX-License-Identifier: Apache-2.0
// Reads a source's own settings from its config object; every error names its path.
#pragma once

#include "base/result.hpp"
#include "config/config.hpp"
#include "config/settings_reader.hpp"

#include <string>
#include <vector>

namespace sb {

// The settings reader with the keys every source shares ("type", "account") and its paths
// under /sources/<id>.
class SourceSettings : public config::SettingsReader {
public:
    // For a start: secrets are read, the first problem is the error.
    SourceSettings(config::Source const& source, std::string config_path)
        : SettingsReader(source.settings, "/sources/" + source.id, owner_of(source),
                         {"type", "account"}, std::move(config_path)),
          m_source(source) {}
    // For a check: every problem is collected into issues and no secret is read.
    SourceSettings(config::Source const& source, std::vector<config::SettingsIssue>& issues)
        : SettingsReader(source.settings, "/sources/" + source.id, owner_of(source),
                         {"type", "account"}, issues),
          m_source(source) {}

    config::Source const& source() const { return m_source; }

private:
    static std::string owner_of(config::Source const& source) {
        return "a source of type " + source.type;
    }

    config::Source const& m_source;
};

} // namespace sb
