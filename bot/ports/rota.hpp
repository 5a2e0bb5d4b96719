// SPDX-License-Identifier: Apache-2.0
// What the core asks of the rota: who is on call, and when coverage next begins.
#pragma once

#include "base/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb {

struct LayerOnCall {
    std::string layer;
    std::optional<std::string> person; // nullopt: a gap
    std::string reason;                // rotation, override, swap, substitute
    std::string substitutes_for;       // the scheduled person, when reason is substitute or swap
    Instant start{};
    Instant end{};
};

struct OnCallAnswer {
    // "business_hours", a coverage window's name, or nullopt outside every window.
    std::optional<std::string> window;
    std::vector<LayerOnCall> layers;
};

class RotaResolver {
public:
    virtual ~RotaResolver() = default;
    virtual OnCallAnswer who(std::string const& team, Instant at) const = 0;
    // The first instant at or after `after` inside business hours or a coverage window.
    virtual std::optional<Instant> next_covered(std::string const& team, Instant after) const = 0;
};

} // namespace sb
