// SPDX-License-Identifier: Apache-2.0
// The "meta" source type's entry: reads its settings and builds the source.
#include "adapters/sources/meta/meta_source.hpp"

#include "adapters/sources/common/source_settings.hpp"
#include "adapters/sources/meta/meta_adapter.hpp"

namespace sb {
namespace {

Result<MetaSettings> parse_meta_settings(SourceSettings const& settings) {
    auto const& source = settings.source();
    SB_TRY(settings.only_keys(
        {"app_secret", "verify_token", "access_token", "graph_url", "max_body_bytes"}));
    MetaSettings meta;
    meta.id = source.id;
    meta.app_secret = SB_TRY(settings.secret("app_secret"));
    meta.verify_token = SB_TRY(settings.secret("verify_token"));
    meta.access_token = SB_TRY(settings.secret_or_empty("access_token"));
    meta.graph_url = SB_TRY(settings.url("graph_url", meta_default_graph_url));
    meta.account = settings.text_or("account", "");
    meta.max_body_bytes = source.max_body_bytes;
    return meta;
}

} // namespace

SourceEntry meta_source_entry() {
    return source_entry_of<MetaSource, parse_meta_settings>("meta");
}

} // namespace sb
