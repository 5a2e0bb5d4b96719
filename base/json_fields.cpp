// SPDX-License-Identifier: Apache-2.0
#include "base/json_fields.hpp"

namespace sb {

nlohmann::json const& field_or_null(nlohmann::json const& object, std::string_view key) {
    static nlohmann::json const null_value;
    if (!object.is_object())
        return null_value;
    auto it = object.find(key);
    return it != object.end() ? *it : null_value;
}

std::string string_field(nlohmann::json const& object, std::string_view key) {
    auto const& value = field_or_null(object, key);
    return value.is_string() ? value.get<std::string>() : std::string{};
}

std::string text_field(nlohmann::json const& object, std::string_view key) {
    auto const& value = field_or_null(object, key);
    if (value.is_number_integer())
        return std::to_string(value.get<std::int64_t>());
    return value.is_string() ? value.get<std::string>() : std::string{};
}

bool flag_field(nlohmann::json const& object, std::string_view key) {
    auto const& value = field_or_null(object, key);
    return value.is_boolean() && value.get<bool>();
}

nlohmann::json const* object_field(nlohmann::json const& object, std::string_view key) {
    auto const& value = field_or_null(object, key);
    return value.is_object() ? &value : nullptr;
}

nlohmann::json const* array_field(nlohmann::json const& object, std::string_view key) {
    auto const& value = field_or_null(object, key);
    return value.is_array() ? &value : nullptr;
}

} // namespace sb
