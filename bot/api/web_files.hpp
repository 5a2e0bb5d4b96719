// SPDX-License-Identifier: Apache-2.0
// The web page's static files and the headers every page response carries.
#pragma once

#include "bot/ports/http.hpp"

#include <string>
#include <string_view>

namespace sb {

// The Content-Security-Policy, nosniff and no-referrer headers of every page response: no
// inline script or style, nothing from elsewhere, and no framing by other sites.
void add_page_headers(HttpResponse& response);

// The Content-Type for a file name by its extension; empty for a kind the page never serves.
std::string_view web_content_type(std::string_view file_name);

// A file of the page below web_dir; `relative` is the path after "/web/" as it came in the
// request ("" means index.html). Anything that could leave web_dir answers 404.
HttpResponse serve_web_file(std::string const& web_dir, std::string_view relative);

} // namespace sb
