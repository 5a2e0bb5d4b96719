// SPDX-License-Identifier: Apache-2.0
// Case-insensitive header lookup and the response constructors declared in bot/ports/http.hpp.
#include "bot/ports/http.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sb {

namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

bool CaseLess::operator()(std::string_view a, std::string_view b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) { return lower(x) < lower(y); });
}

std::string HttpRequest::header(std::string_view name) const {
    auto const it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

HttpResponse HttpResponse::json(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.content_type = "application/json";
    return response;
}

HttpResponse HttpResponse::text(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.content_type = "text/plain; charset=utf-8";
    return response;
}

HttpResponse HttpResponse::error(int status, std::string_view message) {
    nlohmann::json body = {{"error", std::string(message)}};
    // Replace rather than throw: messages may quote bytes a remote sent us, valid UTF-8 or not.
    return json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace sb
