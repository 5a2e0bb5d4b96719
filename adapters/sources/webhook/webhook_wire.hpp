// SPDX-License-Identifier: Apache-2.0
// The generic webhook's JSON body, turned into a Mention; the only file that knows its fields.
#pragma once

#include "base/result.hpp"
#include "bot/core/mention.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace sb {

// Deeper bodies are refused before parsing: no honest mention nests this far, and it bounds the
// recursion of anything that later walks the kept extra fields.
inline constexpr std::size_t webhook_max_nesting_depth = 32;

// Body: a JSON object with "id" (string or integer), "platform", "author", "text", "url" and
// "created_at" (ISO 8601 with offset or zone); optionally "kind" (comment, mention, dm, review,
// post; default mention), "language", "rating" (1..5), "parent_id", "account" and "change"
// (created, edited, deleted; default created). Unknown fields are kept in Mention::extra_json.
// Errors are invalid_argument with a message naming the field, e.g. "missing field 'author'".
Result<Mention> parse_webhook_mention(std::string_view body, std::string const& source_name);

} // namespace sb
