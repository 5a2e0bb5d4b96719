// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/source_factory.hpp"

// One include per source type.
#include "adapters/sources/bluesky/bluesky_source.hpp"
#include "adapters/sources/feed/feed_source.hpp"
#include "adapters/sources/mastodon/mastodon_source.hpp"
#include "adapters/sources/meta/meta_source.hpp"
#include "adapters/sources/webhook/webhook_source.hpp"
#include "adapters/sources/x/x_source.hpp"
#include "adapters/sources/youtube/youtube_source.hpp"

#include <string>

namespace sb {

std::vector<SourceEntry> const& source_entries() {
    // One line per source type.
    static std::vector<SourceEntry> const entries{
        youtube_source_entry(), feed_source_entry(), mastodon_source_entry(),
        bluesky_source_entry(), x_source_entry(),    meta_source_entry(),
        webhook_source_entry(),
    };
    return entries;
}

namespace {

Result<SourceEntry const*> entry_for(config::Source const& source) {
    for (auto const& entry : source_entries())
        if (entry.type == source.type)
            return &entry;
    // The loader refuses unknown types, so a config that got here names a known one.
    return unexpected(ErrorCode::invalid_argument, "unknown source type '" + source.type + "'",
                      "/sources/" + source.id + "/type");
}

} // namespace

Result<void> read_source(config::Source const& source, std::string const& config_path) {
    auto const* kind = SB_TRY(entry_for(source));
    return kind->read(source, config_path);
}

Result<std::vector<std::unique_ptr<Source>>> make_sources(SourceDeps& deps) {
    std::vector<std::unique_ptr<Source>> sources;
    for (auto const& [id, source] : deps.config.sources) {
        auto const* kind = SB_TRY(entry_for(source));
        auto made = kind->make(source, deps);
        if (!made)
            return unexpected(made.error());
        sources.push_back(std::move(*made));
    }
    return sources;
}

} // namespace sb
