// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/source_factory.hpp"

#include "bot/util/text.hpp"

// One include per source type.
#include "adapters/sources/bluesky/bluesky_source.hpp"
#include "adapters/sources/feed/feed_source.hpp"
#include "adapters/sources/mastodon/mastodon_source.hpp"
#include "adapters/sources/meta/meta_source.hpp"
#include "adapters/sources/x/x_source.hpp"
#include "adapters/sources/youtube/youtube_source.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace sb {
namespace {

struct SourceType {
    char const* type;
    SourceFactory make;
};

constexpr SourceType source_types[] = {
    // One line per source type: {"<type>", make_<type>_source},
    {"youtube", make_youtube_source},
    {"rss", make_feed_source},
    {"mastodon", make_mastodon_source},
    {"bluesky", make_bluesky_source},
    {"x", make_x_source},
    {"meta", make_meta_source},
    {"webhook", nullptr},
};

} // namespace

Result<std::vector<std::unique_ptr<Source>>> make_sources(SourceDeps& deps) {
    std::vector<std::unique_ptr<Source>> sources;
    for (auto const& [id, source] : deps.config.sources) {
        auto const* kind = std::find_if(std::begin(source_types), std::end(source_types),
                                        [&](SourceType const& t) { return source.type == t.type; });
        if (kind == std::end(source_types)) {
            std::string known;
            std::string guess;
            for (auto const& t : source_types) {
                known += (known.empty() ? "" : ", ") + std::string(t.type);
                if (edit_distance(source.type, t.type) <= 2)
                    guess = t.type;
            }
            return unexpected(
                ErrorCode::invalid_argument,
                "unknown source type '" + source.type + "'; " +
                    (guess.empty() ? "this build knows " + known : "did you mean '" + guess + "'?"),
                "/sources/" + id + "/type");
        }
        if (kind->make == nullptr)
            continue; // served by the daemon itself
        auto made = kind->make(source, deps);
        if (!made)
            return unexpected(made.error());
        sources.push_back(std::move(*made));
    }
    return sources;
}

} // namespace sb
