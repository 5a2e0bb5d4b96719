// SPDX-License-Identifier: Apache-2.0
// Reads a source's own settings from its config object; every error names its path.
#pragma once

#include "bot/util/result.hpp"
#include "bot/util/time.hpp"
#include "config/config.hpp"

#include <string>
#include <vector>

namespace sb {

class SourceSettings {
public:
    SourceSettings(config::Source const& source, std::string config_path)
        : m_source(source), m_config_path(std::move(config_path)) {}

    // A required or optional string (fallback when absent).
    Result<std::string> text(std::string const& key) const;
    std::string text_or(std::string const& key, std::string fallback) const;
    // A base URL without its trailing slash; must start with http:// or https://.
    Result<std::string> url(std::string const& key, std::string fallback = {}) const;
    // A secret given as {"env": NAME} or {"file": PATH}, read now.
    Result<std::string> secret(std::string const& key) const;
    // A duration such as "90s", "5m" or "1h", at least `minimum`.
    Result<Seconds> duration(std::string const& key, Seconds fallback, Seconds minimum) const;
    Result<long long> integer(std::string const& key, long long fallback, long long minimum,
                              long long maximum) const;

    // An error for the first key that is neither common ("type", "account") nor in known,
    // with a did-you-mean suggestion, so a typo in an optional setting is not silently ignored.
    Result<void> only_keys(std::vector<std::string> const& known) const;

    std::string path(std::string const& key) const { return "/sources/" + m_source.id + "/" + key; }

private:
    config::Source const& m_source;
    std::string m_config_path;
};

} // namespace sb
