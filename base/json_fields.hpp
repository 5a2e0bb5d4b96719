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
// The string at `key`, or an integer there in decimal, or empty: some vendors document ids as
// numeric strings and then send plain numbers.
std::string text_field(nlohmann::json const& object, std::string_view key);
// True only when the value at `key` is the boolean true.
bool flag_field(nlohmann::json const& object, std::string_view key);
// The object or array at `key`, or nullptr.
nlohmann::json const* object_field(nlohmann::json const& object, std::string_view key);
nlohmann::json const* array_field(nlohmann::json const& object, std::string_view key);
// The value at `key` of whatever type, or a null value.
nlohmann::json const& field_or_null(nlohmann::json const& object, std::string_view key);

} // namespace sb
