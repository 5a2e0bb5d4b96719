// SPDX-License-Identifier: Apache-2.0
// /claim/<token>: the page a phone opens from a push; GET asks, POST claims.
#pragma once

#include "bot/ports/http.hpp"

namespace sb {

class Pager;

void add_claim_routes(HttpRouter& router, Pager& pager);

} // namespace sb
