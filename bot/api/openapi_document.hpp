// SPDX-License-Identifier: Apache-2.0
// The API's OpenAPI 3.1 document (bot/api/openapi.json), built into the binary.
#pragma once

#include <string_view>

namespace sb {

std::string_view openapi_document();

} // namespace sb
