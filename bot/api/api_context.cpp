// SPDX-License-Identifier: Apache-2.0
// Cookie parsing shared by the API's authentication and the web page's sign-in.
#include "bot/api/api_context.hpp"

#include <string_view>

namespace sb {

std::string cookie_value(HttpRequest const& request, std::string const& name) {
    auto const text = request.header("Cookie");
    std::string_view header = text;
    while (!header.empty()) {
        auto const end = header.find(';');
        auto pair = header.substr(0, end);
        while (!pair.empty() && pair.front() == ' ')
            pair.remove_prefix(1);
        auto const equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name)
            return std::string(pair.substr(equals + 1));
        if (end == std::string_view::npos)
            break;
        header.remove_prefix(end + 1);
    }
    return {};
}

} // namespace sb
