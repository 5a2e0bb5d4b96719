// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/notifier_factory.hpp"

#include "adapters/notifiers/log/log_notifier.hpp"
#include "adapters/notifiers/ntfy/ntfy_notifier.hpp"
#include "adapters/notifiers/pushover/pushover_notifier.hpp"
#include "adapters/notifiers/webhook/webhook_notifier.hpp"
#include "base/hmac.hpp"
#include "base/json_fields.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sb {
namespace {

bool anyone_uses(config::Config const& config, std::string const& type) {
    for (auto const& [id, person] : config.people)
        for (auto const& contact : person.push)
            if (contact.type == type)
                return true;
    return false;
}

} // namespace

std::vector<NotifierEntry> const& notifier_entries() {
    static std::vector<NotifierEntry> const entries{ntfy_notifier_entry(),
                                                    pushover_notifier_entry(),
                                                    webhook_notifier_entry(), log_notifier_entry()};
    return entries;
}

Result<std::vector<std::unique_ptr<Notifier>>>
make_notifiers(config::Config const& config, HttpClient& http, Clock const& clock,
               std::function<void(std::string const&)> show_page) {
    static nlohmann::json const no_settings = nlohmann::json::object();
    NotifierDeps deps{http, clock, std::move(show_page)};
    std::vector<std::unique_ptr<Notifier>> out;
    for (auto const& entry : notifier_entries()) {
        auto const* section = object_field(config.paging.settings, entry.type);
        // ntfy serves open topics without any settings, the log notifier needs nothing at all;
        // the others need their secrets.
        if (entry.use == NotifierUse::when_configured && !section &&
            !anyone_uses(config, std::string(entry.type)))
            continue;
        auto made = entry.make(section ? *section : no_settings,
                               "/paging/" + std::string(entry.type), config.path, deps);
        if (!made)
            return unexpected(made.error());
        out.push_back(std::move(*made));
    }
    return out;
}

Result<std::string> claim_link_secret(std::string const& state_dir) {
    auto path = std::filesystem::path(state_dir) / "claim-link.key";
    if (std::ifstream in(path); in) {
        std::ostringstream content;
        content << in.rdbuf();
        auto key = content.str();
        if (key.size() >= 32)
            return key;
    }
    auto key = random_token(32);
    auto old_mask = ::umask(077);
    std::ofstream out(path, std::ios::trunc);
    out << key;
    out.close();
    ::umask(old_mask);
    if (!out)
        return unexpected(ErrorCode::unavailable, "cannot write " + path.string());
    return key;
}

} // namespace sb
