// SPDX-License-Identifier: Apache-2.0
// Reads one plug-in's own settings (a source, a chat adapter) with every error naming its path.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace sb::config {

// One problem in a plug-in's settings; the loader adds the file and line.
struct SettingsIssue {
    std::string path; // JSON pointer, e.g. /sources/fediverse/base_url
    std::string message;
};

// The closest candidate within an edit distance that still reads as a typo, or empty; shared by
// the loader and every settings parser so a suggestion means the same everywhere.
std::string closest_name(std::string_view word, std::vector<std::string> const& candidates);

// A typed settings parser reads through this. Built for a start it reads secrets and stops at
// the first problem; built for checking (check-config, and `run` before anything starts) it only
// checks secret references for shape, never reads them, and collects every problem while each
// read returns its fallback, so one parse reports all of them.
class SettingsReader {
public:
    SettingsReader(nlohmann::json const& settings, std::string base_path, std::string owner,
                   std::vector<std::string> common_keys, std::string config_path);
    SettingsReader(nlohmann::json const& settings, std::string base_path, std::string owner,
                   std::vector<std::string> common_keys, std::vector<SettingsIssue>& issues);

    bool contains(std::string const& key) const { return m_settings.contains(key); }

    // A required non-empty string, or an optional string (fallback when absent).
    Result<std::string> text(std::string const& key) const;
    std::string text_or(std::string const& key, std::string fallback) const;
    // A base URL without its trailing slash; must start with http:// or https://.
    Result<std::string> url(std::string const& key, std::string fallback = {}) const;
    // A required secret given as {"env": NAME} or {"file": PATH}; read only when building.
    Result<std::string> secret(std::string const& key) const;
    // An optional secret: empty when absent.
    Result<std::string> secret_or_empty(std::string const& key) const;
    // A duration such as "90s", "5m" or "1h", at least `minimum`.
    Result<Seconds> duration(std::string const& key, Seconds fallback, Seconds minimum) const;
    Result<long long> integer(std::string const& key, long long fallback, long long minimum,
                              long long maximum) const;
    Result<bool> boolean(std::string const& key, bool fallback) const;

    // Reports every key that is neither common nor in known, with a did-you-mean suggestion, so
    // a typo in an optional setting is not silently ignored.
    Result<void> only_keys(std::vector<std::string> const& known) const;
    // The keys the last only_keys() accepted, common ones included: what the schema must know.
    std::vector<std::string> const& accepted_keys() const { return m_accepted; }

    // A parser's own check failed: an error when building; recorded (and success) when checking.
    Result<void> fail(std::string const& key, std::string message) const;

    bool checking() const { return m_issues != nullptr; }
    std::string path(std::string const& key) const { return m_base + "/" + key; }
    std::string const& owner() const { return m_owner; }

private:
    template <typename T>
    Result<T> problem(std::string const& key, std::string message, T fallback) const;

    nlohmann::json const& m_settings;
    std::string m_base;
    std::string m_owner; // "a source of type rss", for messages
    std::vector<std::string> m_common;
    std::string m_config_path;
    std::vector<SettingsIssue>* m_issues = nullptr;
    mutable std::vector<std::string> m_accepted;
};

} // namespace sb::config
