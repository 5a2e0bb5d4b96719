// SPDX-License-Identifier: Apache-2.0
// The plug-in lists as the config loader sees them, so check-config and run check alike.
#include "bot/daemon/plugin_catalog.hpp"

#include "bot/daemon/adapter_factory.hpp"
#include "bot/daemon/notifier_factory.hpp"
#include "bot/daemon/source_factory.hpp"

namespace sb {

config::PluginCatalog const& plugin_catalog() {
    static config::PluginCatalog const catalog = [] {
        config::PluginCatalog out;
        for (auto const& entry : source_entries())
            out.sources.push_back({entry.type, entry.check});
        for (auto const& entry : chat_adapter_entries())
            out.chat_adapters.push_back({entry.type, entry.check});
        for (auto const& entry : notifier_entries())
            out.notifiers.push_back({entry.type, entry.check});
        return out;
    }();
    return catalog;
}

} // namespace sb
