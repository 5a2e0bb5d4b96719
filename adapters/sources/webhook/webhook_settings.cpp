// SPDX-License-Identifier: Apache-2.0
// The "webhook" source's settings parser and its plug-in entry.
#include "adapters/sources/webhook/webhook_settings.hpp"

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

} // namespace

Result<WebhookSourceSettings> read_webhook_settings(config::Source const& source,
                                                    std::string const& config_path) {
    return parse_webhook_settings(SourceSettings(source, config_path));
}

SourceEntry webhook_source_entry() {
    return make_served_source_entry<WebhookSourceSettings, parse_webhook_settings>("webhook");
}

} // namespace sb
