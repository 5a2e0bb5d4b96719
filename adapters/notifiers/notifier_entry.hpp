// SPDX-License-Identifier: Apache-2.0
// The one shape of a notifier plug-in: its type name, a typed settings parser and a factory.
#pragma once

#include "base/result.hpp"
#include "bot/ports/notifier.hpp"
#include "config/settings_reader.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

class Clock;
class HttpClient;

// All of it outlives the notifiers.
struct NotifierDeps {
    HttpClient& http;
    Clock const& clock;
    // Shows a page where a person watching the console sees it; empty: nowhere but the log.
    std::function<void(std::string const&)> show_page;
};

enum class NotifierUse {
    when_configured, // built when "paging" has its section or a person's contact names it
    always,          // needs nothing, so it is always there: where pages go without a contact
};

struct NotifierEntry {
    // A person's push contact type, and the notifier's key in the config's "paging" section.
    std::string_view type;
    NotifierUse use;
    // Runs the settings parser for its problems only; returns the keys it accepts.
    std::vector<std::string> (*check)(nlohmann::json const& settings, std::string const& path,
                                      std::vector<config::SettingsIssue>& issues);
    // Parses again, reading secrets, and builds.
    Result<std::unique_ptr<Notifier>> (*make)(nlohmann::json const& settings,
                                              std::string const& path,
                                              std::string const& config_path, NotifierDeps& deps);
};

inline std::string notifier_owner(std::string_view type) {
    return "the " + std::string(type) + " notifier";
}

// Builds an entry from a parser (settings -> typed settings) and a factory taking those typed
// settings, so the two can never disagree on what the settings are.
template <typename Settings, Result<Settings> (*Parse)(config::SettingsReader const&),
          std::unique_ptr<Notifier> (*Create)(Settings, NotifierDeps&)>
constexpr NotifierEntry make_notifier_entry(std::string_view type,
                                            NotifierUse use = NotifierUse::when_configured) {
    return {
        type, use,
        [](nlohmann::json const& settings, std::string const& path,
           std::vector<config::SettingsIssue>& issues) {
            // The path is /paging/<type>: its last step names the notifier in messages.
            auto const type_name = path.substr(path.rfind('/') + 1);
            config::SettingsReader reader(settings, path, notifier_owner(type_name), {}, issues);
            if (auto parsed = Parse(reader); !parsed)
                issues.push_back({parsed.error().context, parsed.error().message});
            return reader.accepted_keys();
        },
        [](nlohmann::json const& settings, std::string const& path, std::string const& config_path,
           NotifierDeps& deps) -> Result<std::unique_ptr<Notifier>> {
            auto const type_name = path.substr(path.rfind('/') + 1);
            config::SettingsReader reader(settings, path, notifier_owner(type_name), {},
                                          config_path);
            auto parsed = Parse(reader);
            if (!parsed)
                return unexpected(parsed.error());
            return Create(std::move(parsed).value(), deps);
        }};
}

} // namespace sb
