// SPDX-License-Identifier: Apache-2.0
// Small text helpers shared by the parts that suggest corrections for typos.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace sb {

// Optimal string alignment distance: a swapped pair of letters ("calim", "nmae") counts as one
// typo, as people make them.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace sb

namespace sb {

// Percent-encodes everything but RFC 3986's unreserved characters, for query strings and
// application/x-www-form-urlencoded bodies.
std::string url_encode(std::string_view text);

// Decodes application/x-www-form-urlencoded text ('+' is a space); a malformed escape is kept as
// written.
std::string form_decode(std::string_view text);

// The fields of a query string or a form body ("a=1&b=x+y"); the first of repeated fields counts.
std::map<std::string, std::string> parse_form(std::string_view text);

// Escapes &, <, > and " so that outside text is safe in HTML text and double-quoted attributes.
std::string html_escape(std::string_view text);

} // namespace sb
