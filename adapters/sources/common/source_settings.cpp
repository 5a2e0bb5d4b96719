// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/common/source_settings.hpp"

#include "bot/util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sb {

Result<void> SourceSettings::only_keys(std::vector<std::string> const& known) const {
    std::vector<std::string> all = known;
    all.insert(all.end(), {"type", "account"});
    for (auto const& [key, value] : m_source.settings.items()) {
        if (std::find(all.begin(), all.end(), key) != all.end())
            continue;
        std::string message = "unknown setting '" + key + "' for a source of type " + m_source.type;
        auto best = std::min_element(all.begin(), all.end(), [&](auto const& a, auto const& b) {
            return edit_distance(key, a) < edit_distance(key, b);
        });
        if (best != all.end() && edit_distance(key, *best) <= 2)
            message += "; did you mean '" + *best + "'?";
        else {
            message += "; expected one of";
            for (auto const& name : all)
                message += " " + name;
        }
        return unexpected(ErrorCode::invalid_argument, message, path(key));
    }
    return {};
}

Result<std::string> SourceSettings::text(std::string const& key) const {
    auto it = m_source.settings.find(key);
    if (it == m_source.settings.end())
        return unexpected(ErrorCode::invalid_argument,
                          "is required for a source of type " + m_source.type, path(key));
    if (!it->is_string() || it->get<std::string>().empty())
        return unexpected(ErrorCode::invalid_argument, "must be a non-empty string", path(key));
    return it->get<std::string>();
}

std::string SourceSettings::text_or(std::string const& key, std::string fallback) const {
    auto it = m_source.settings.find(key);
    if (it == m_source.settings.end() || !it->is_string())
        return fallback;
    return it->get<std::string>();
}

Result<std::string> SourceSettings::url(std::string const& key, std::string fallback) const {
    std::string value = fallback;
    if (m_source.settings.contains(key) || fallback.empty())
        value = SB_TRY(text(key));
    if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
        return unexpected(ErrorCode::invalid_argument,
                          "must start with http:// or https://, not '" + value + "'", path(key));
    while (!value.empty() && value.back() == '/')
        value.pop_back();
    return value;
}

Result<std::string> SourceSettings::secret(std::string const& key) const {
    auto it = m_source.settings.find(key);
    if (it == m_source.settings.end())
        return unexpected(ErrorCode::invalid_argument,
                          "is required: {\"env\": \"NAME\"} or {\"file\": \"path\"}", path(key));
    auto ref = config::parse_secret_ref(*it);
    if (!ref)
        return unexpected(ErrorCode::invalid_argument,
                          "must be {\"env\": \"NAME\"} or {\"file\": \"path\"}; secrets are "
                          "never written in the config itself",
                          path(key));
    std::string why;
    auto value = config::read_secret(*ref, m_config_path, &why);
    if (!value)
        return unexpected(ErrorCode::invalid_argument, why, path(key));
    return *value;
}

Result<Seconds> SourceSettings::duration(std::string const& key, Seconds fallback,
                                         Seconds minimum) const {
    auto it = m_source.settings.find(key);
    if (it == m_source.settings.end())
        return fallback;
    if (!it->is_string())
        return unexpected(ErrorCode::invalid_argument, "must be a duration such as \"5m\"",
                          path(key));
    auto parsed = parse_duration(it->get<std::string>());
    if (!parsed)
        return unexpected(ErrorCode::invalid_argument, parsed.error().message, path(key));
    if (*parsed < minimum)
        return unexpected(ErrorCode::invalid_argument,
                          "must be at least " + format_duration(minimum), path(key));
    return *parsed;
}

Result<long long> SourceSettings::integer(std::string const& key, long long fallback,
                                          long long minimum, long long maximum) const {
    auto it = m_source.settings.find(key);
    if (it == m_source.settings.end())
        return fallback;
    if (!it->is_number_integer() || it->get<long long>() < minimum ||
        it->get<long long>() > maximum)
        return unexpected(ErrorCode::invalid_argument,
                          "must be a whole number from " + std::to_string(minimum) + " to " +
                              std::to_string(maximum),
                          path(key));
    return it->get<long long>();
}

} // namespace sb
