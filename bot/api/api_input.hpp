// SPDX-License-Identifier: Apache-2.0
// What the REST API reads: JSON bodies with known fields only, query parameters, times, and
// opaque page cursors. Every error names the field or parameter it is about.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb {

// A JSON object body. Unknown fields are refused (with a suggestion for a typo), so a
// misspelt "ned" is not silently ignored.
class JsonBody {
public:
    static Result<JsonBody> parse(std::string const& body, std::vector<std::string> known);

    bool has(std::string const& name) const { return m_json.contains(name); }
    bool is_null(std::string const& name) const { return has(name) && m_json.at(name).is_null(); }
    // Absent (or null): nullopt; not a string: an error naming the field.
    Result<std::optional<std::string>> text(std::string const& name) const;
    Result<std::string> required_text(std::string const& name) const;
    // An ISO 8601 time with an offset or "Z" (or a zone name after a space); bare local times
    // and dates are read in default_zone.
    Result<std::optional<Instant>> time(std::string const& name,
                                        std::string const& default_zone) const;
    Result<Instant> required_time(std::string const& name, std::string const& default_zone) const;

private:
    nlohmann::json m_json;
};

// Query parameters.
Result<std::optional<Instant>> query_time(std::map<std::string, std::string> const& query,
                                          std::string const& name, std::string const& zone);
Result<std::optional<std::int64_t>> query_integer(std::map<std::string, std::string> const& query,
                                                  std::string const& name, std::int64_t min,
                                                  std::int64_t max);
// Comma-separated values ("open,claimed"), each one non-empty.
std::vector<std::string> query_list(std::map<std::string, std::string> const& query,
                                    std::string const& name);
// Fails with the first unknown parameter (and a suggestion), so a typo is not ignored.
Result<void> only_known_parameters(std::map<std::string, std::string> const& query,
                                   std::vector<std::string> const& known);

// A page of a list: how many, and after which id (lists run newest first, by falling id).
struct ListPage {
    int limit = 50;
    std::optional<std::int64_t> before_id;
};
Result<ListPage> list_page(std::map<std::string, std::string> const& query);
// The opaque cursor for "continue below this id".
std::string encode_cursor(std::int64_t before_id);
// The Link header's value for the next page of this request.
std::string next_link(std::string const& path, std::map<std::string, std::string> query,
                      std::int64_t before_id);

// An integer path parameter ("42"); an error names `name`.
Result<std::int64_t> id_parameter(std::string const& text, std::string const& name);

// "did you mean 'end'?" when a known word is close, else empty.
std::string suggestion(std::string const& word, std::vector<std::string> const& known);

} // namespace sb
