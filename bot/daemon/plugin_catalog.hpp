// SPDX-License-Identifier: Apache-2.0
// The plug-in lists as the config loader sees them, so check-config and run check alike.
#pragma once

#include "config/plugin_catalog.hpp"

namespace sb {

// Every source, chat adapter and notifier type of this build with its settings check.
config::PluginCatalog const& plugin_catalog();

} // namespace sb
