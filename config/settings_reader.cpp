// SPDX-License-Identifier: Apache-2.0
// Reads one plug-in's own settings, for a start or for a check that reports every problem.
#include "config/settings_reader.hpp"

#include "base/text.hpp"
#include "config/config.hpp"

#include <algorithm>
#include <limits>

namespace sb::config {

std::string closest_name(std::string_view word, std::vector<std::string> const& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
    for (auto const& candidate : candidates) {
        std::size_t distance = edit_distance(word, candidate);
        if (distance <= best_distance && (best.empty() || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

SettingsReader::SettingsReader(nlohmann::json const& settings, std::string base_path,
                               std::string owner, std::vector<std::string> common_keys,
                               std::string config_path)
    : m_settings(settings), m_base(std::move(base_path)), m_owner(std::move(owner)),
      m_common(std::move(common_keys)), m_config_path(std::move(config_path)) {}

SettingsReader::SettingsReader(nlohmann::json const& settings, std::string base_path,
                               std::string owner, std::vector<std::string> common_keys,
                               std::vector<SettingsIssue>& issues)
    : m_settings(settings), m_base(std::move(base_path)), m_owner(std::move(owner)),
      m_common(std::move(common_keys)), m_issues(&issues) {}

template <typename T>
Result<T> SettingsReader::problem(std::string const& key, std::string message, T fallback) const {
    if (!m_issues)
        return unexpected(ErrorCode::invalid_argument, std::move(message), path(key));
    m_issues->push_back({path(key), std::move(message)});
    return fallback;
}

Result<void> SettingsReader::fail(std::string const& key, std::string message) const {
    if (!m_issues)
        return unexpected(ErrorCode::invalid_argument, std::move(message), path(key));
    m_issues->push_back({path(key), std::move(message)});
    return {};
}

Result<void> SettingsReader::only_keys(std::vector<std::string> const& known) const {
    m_accepted = known;
    m_accepted.insert(m_accepted.end(), m_common.begin(), m_common.end());
    if (!m_settings.is_object())
        return {};
    for (auto const& [key, value] : m_settings.items()) {
        if (std::find(m_accepted.begin(), m_accepted.end(), key) != m_accepted.end())
            continue;
        std::string message = "unknown setting '" + key + "' for " + m_owner;
        if (auto guess = closest_name(key, m_accepted); !guess.empty()) {
            message += "; did you mean '" + guess + "'?";
        } else {
            message += "; expected one of";
            for (auto const& name : m_accepted)
                message += " " + name;
        }
        SB_TRY(fail(key, std::move(message)));
    }
    return {};
}

Result<std::string> SettingsReader::text(std::string const& key) const {
    auto it = m_settings.find(key);
    if (it == m_settings.end())
        return problem<std::string>(key, "is required for " + m_owner, {});
    if (!it->is_string() || it->get<std::string>().empty())
        return problem<std::string>(key, "must be a non-empty string", {});
    return it->get<std::string>();
}

std::string SettingsReader::text_or(std::string const& key, std::string fallback) const {
    auto it = m_settings.find(key);
    if (it == m_settings.end())
        return fallback;
    if (!it->is_string()) {
        // Building has always ignored such a value; checking names it, so it is fixed.
        if (m_issues)
            m_issues->push_back({path(key), "must be a string"});
        return fallback;
    }
    return it->get<std::string>();
}

Result<std::string> SettingsReader::url(std::string const& key, std::string fallback) const {
    std::string value = fallback;
    if (m_settings.contains(key) || fallback.empty()) {
        std::size_t before = m_issues ? m_issues->size() : 0;
        value = SB_TRY(text(key));
        if (m_issues && m_issues->size() != before)
            return fallback;
    }
    if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
        return problem<std::string>(
            key, "must start with http:// or https://, not '" + value.substr(0, 200) + "'",
            std::move(fallback));
    while (!value.empty() && value.back() == '/')
        value.pop_back();
    return value;
}

Result<std::string> SettingsReader::secret(std::string const& key) const {
    auto it = m_settings.find(key);
    if (it == m_settings.end())
        return problem<std::string>(key, "is required: {\"env\": \"NAME\"} or {\"file\": \"path\"}",
                                    {});
    return secret_or_empty(key);
}

Result<std::string> SettingsReader::secret_or_empty(std::string const& key) const {
    auto it = m_settings.find(key);
    if (it == m_settings.end())
        return std::string{};
    auto ref = parse_secret_ref(*it);
    if (!ref)
        return problem<std::string>(key,
                                    "must be {\"env\": \"NAME\"} or {\"file\": \"path\"}; secrets "
                                    "are never written in the config itself",
                                    {});
    // A check must not depend on the environment it runs in: the secret is read at start only.
    if (m_issues)
        return std::string{};
    std::string why;
    auto value = read_secret(*ref, m_config_path, &why);
    if (!value)
        return problem<std::string>(key, why, {});
    return *value;
}

Result<Seconds> SettingsReader::duration(std::string const& key, Seconds fallback,
                                         Seconds minimum) const {
    auto it = m_settings.find(key);
    if (it == m_settings.end())
        return fallback;
    if (!it->is_string())
        return problem(key, "must be a duration such as \"5m\"", fallback);
    auto parsed = parse_duration(it->get<std::string>());
    if (!parsed)
        return problem(key, parsed.error().message, fallback);
    if (*parsed < minimum)
        return problem(key, "must be at least " + format_duration(minimum), fallback);
    return *parsed;
}

Result<long long> SettingsReader::integer(std::string const& key, long long fallback,
                                          long long minimum, long long maximum) const {
    auto it = m_settings.find(key);
    if (it == m_settings.end())
        return fallback;
    bool in_range = it->is_number_integer() &&
                    !(it->is_number_unsigned() &&
                      it->get<unsigned long long>() >
                          static_cast<unsigned long long>(std::numeric_limits<long long>::max())) &&
                    it->get<long long>() >= minimum && it->get<long long>() <= maximum;
    if (!in_range)
        return problem(key,
                       "must be a whole number from " + std::to_string(minimum) + " to " +
                           std::to_string(maximum),
                       fallback);
    return it->get<long long>();
}

Result<bool> SettingsReader::boolean(std::string const& key, bool fallback) const {
    auto it = m_settings.find(key);
    if (it == m_settings.end())
        return fallback;
    if (!it->is_boolean())
        return problem(key, "must be true or false", fallback);
    return it->get<bool>();
}

} // namespace sb::config
