// SPDX-License-Identifier: Apache-2.0
// An item's number, on its own so that ports can name items without knowing what they hold.
#pragma once

#include <cstdint>

namespace sb {

using ItemId = std::int64_t;

} // namespace sb
