// SPDX-License-Identifier: Apache-2.0
// The "webhook" source type's entry: reads its settings and builds the source.
#include "adapters/sources/webhook/webhook_source.hpp"

#include "adapters/sources/common/source_settings.hpp"
#include "adapters/sources/webhook/webhook_adapter.hpp"

namespace sb {
namespace {

Result<WebhookSourceSettings> parse_webhook_settings(SourceSettings const& settings) {
    auto const& source = settings.source();
    SB_TRY(settings.only_keys(
        {"secret", "max_body_bytes", "rate_limit_per_minute", "require_timestamp"}));
    WebhookSourceSettings out;
    out.name = source.id;
    out.secret = SB_TRY(settings.secret("secret"));
    out.max_body_bytes = source.max_body_bytes;
    out.rate_limit_per_minute = source.rate_limit_per_minute;
    out.require_timestamp = source.require_timestamp;
    return out;
}

Result<std::unique_ptr<Source>> create_webhook(WebhookSourceSettings settings, SourceDeps& deps) {
    return std::unique_ptr<Source>(std::make_unique<WebhookSource>(
        std::move(settings), deps.router, deps.sink, deps.clock, deps.metrics));
}

} // namespace

Result<std::unique_ptr<Source>> make_webhook_source(config::Source const& source,
                                                    SourceDeps& deps) {
    return webhook_source_entry().make(source, deps);
}

SourceEntry webhook_source_entry() {
    return make_source_entry<WebhookSourceSettings, parse_webhook_settings, create_webhook>(
        "webhook");
}

} // namespace sb
