// SPDX-License-Identifier: Apache-2.0
#include "adapters/sources/common/cursor_json.hpp"

namespace sb {

nlohmann::json parse_cursor_json(std::string const& text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object())
        return nullptr;
    return json;
}

std::string dump_cursor_json(nlohmann::json const& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace sb
