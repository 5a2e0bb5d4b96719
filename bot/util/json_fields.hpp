// SPDX-License-Identifier: Apache-2.0
// Reading fields of strangers' JSON without throwing: a missing field, a field of another type
// and a value that is no object at all read as absent.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sb {

// The string at `key`, or empty.
std::string string_field(nlohmann::json const& object, std::string_view key);
// The object or array at `key`, or nullptr.
nlohmann::json const* object_field(nlohmann::json const& object, std::string_view key);
nlohmann::json const* array_field(nlohmann::json const& object, std::string_view key);
// The value at `key` of whatever type, or a null value.
nlohmann::json const& field_or_null(nlohmann::json const& object, std::string_view key);

} // namespace sb
