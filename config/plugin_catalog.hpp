// SPDX-License-Identifier: Apache-2.0
// The plug-in types a build knows, as the loader sees them: a type name and a settings check.
#pragma once

#include "config/config.hpp"
#include "config/settings_reader.hpp"

#include <string_view>
#include <vector>

namespace sb::config {

// Runs a type's typed settings parser in checking mode: every problem goes to issues, no secret
// is read. Returns the keys the parser accepts, so tests can hold the schema to them.
using SourceCheck = std::vector<std::string> (*)(Source const& source,
                                                 std::vector<SettingsIssue>& issues);
using ChatAdapterCheck = std::vector<std::string> (*)(ChatAdapterConfig const& adapter,
                                                      std::vector<SettingsIssue>& issues);

// A notifier's parser reads its part of the "paging" section, at path /paging/<type>.
using NotifierCheck = std::vector<std::string> (*)(nlohmann::json const& settings,
                                                   std::string const& path,
                                                   std::vector<SettingsIssue>& issues);

struct SourceType {
    std::string_view type;
    SourceCheck check;
};
struct ChatAdapterType {
    std::string_view type;
    ChatAdapterCheck check;
};
struct NotifierType {
    std::string_view type;
    NotifierCheck check;
};

// Filled by the daemon from its plug-in lists; the loader depends on no adapter.
struct PluginCatalog {
    std::vector<SourceType> sources;
    std::vector<ChatAdapterType> chat_adapters;
    std::vector<NotifierType> notifiers;
};

// Like load_config_file/text, and also: every source type must be one the catalog names, and
// every source's, chat adapter's and notifier's settings parser runs; all problems are reported.
LoadResult load_config_file(std::string const& path, PluginCatalog const& catalog);
LoadResult load_config_text(std::string const& text, std::string const& path_for_messages,
                            PluginCatalog const& catalog);

} // namespace sb::config
