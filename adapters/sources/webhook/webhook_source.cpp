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
    // Range-checked by the loader, which sizes the listener from it.
    out.max_body_bytes = source.max_body_bytes;
    out.rate_limit_per_minute = static_cast<int>(
        SB_TRY(settings.integer("rate_limit_per_minute", out.rate_limit_per_minute, 1, 1'000'000)));
    out.require_timestamp = SB_TRY(settings.boolean("require_timestamp", out.require_timestamp));
    return out;
}

} // namespace

Result<WebhookSourceSettings> read_webhook_settings(config::Source const& source,
                                                    std::string const& config_path) {
    return parse_source_settings<parse_webhook_settings>(source, config_path);
}

SourceEntry webhook_source_entry() {
    return source_entry_of<WebhookSource, parse_webhook_settings>("webhook");
}

} // namespace sb
