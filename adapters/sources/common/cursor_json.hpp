// SPDX-License-Identifier: Apache-2.0
// Cursors that sources keep in the store as JSON objects.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace sb {

// The stored object, or null when the text is no JSON object: a cursor that does not parse
// counts as fresh rather than blocking its source.
nlohmann::json parse_cursor_json(std::string const& text);

// Compact, and text from outside that is not UTF-8 is replaced rather than throwing.
std::string dump_cursor_json(nlohmann::json const& json);

} // namespace sb
