// SPDX-License-Identifier: Apache-2.0
// The "meta" source type's entry: reads its settings and builds the source.
#pragma once

#include "adapters/sources/common/source_entry.hpp"

namespace sb {

// Settings: app_secret and verify_token (secret refs, required), access_token (secret ref,
// optional; needed for Instagram @mentions), graph_url (default meta_default_graph_url) and
// account (optional).
inline constexpr char const* meta_default_graph_url = "https://graph.facebook.com/v26.0";

// The "meta" plug-in: its settings parser and factory.
SourceEntry meta_source_entry();

} // namespace sb
