// SPDX-License-Identifier: Apache-2.0
// What every adapter, source and notifier tells /readyz about itself.
#pragma once

#include <string>

namespace sb {

struct AdapterHealth {
    bool ready = true;
    std::string reason; // why not ready, for /readyz
};

} // namespace sb
