// SPDX-License-Identifier: Apache-2.0
// The log notifier: writes each page to the log and, when given, to the console.
#include "adapters/notifiers/log/log_notifier.hpp"

#include "base/safe_text.hpp"
#include <spdlog/spdlog.h>

namespace sb {

void LogNotifier::send(PageRequest const& page, std::function<void(Result<PageSent>)> done) {
    ++m_sent;
    spdlog::info("push (log): page {} to {} for item #{}: {}", page.page_id, page.person,
                 page.item_id, terminal_safe(page.title));
    if (m_show)
        m_show("[push to " + page.person + "] " + terminal_safe(page.title));
    done(PageSent{});
}

namespace {

struct LogSettings {};

Result<LogSettings> parse_log_settings(config::SettingsReader const& settings) {
    SB_TRY(settings.only_keys({}));
    return LogSettings{};
}

std::unique_ptr<Notifier> create_log(LogSettings, NotifierDeps& deps) {
    return std::make_unique<LogNotifier>(deps.show_page);
}

} // namespace

NotifierEntry log_notifier_entry() {
    return make_notifier_entry<LogSettings, parse_log_settings, create_log>("log",
                                                                            NotifierUse::always);
}

} // namespace sb
