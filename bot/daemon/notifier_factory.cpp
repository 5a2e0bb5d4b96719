// SPDX-License-Identifier: Apache-2.0
#include "bot/daemon/notifier_factory.hpp"

#include "adapters/notifiers/ntfy/ntfy_notifier.hpp"
#include "adapters/notifiers/pushover/pushover_notifier.hpp"
#include "adapters/notifiers/webhook/webhook_notifier.hpp"
#include "bot/util/hmac.hpp"

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

Result<std::vector<std::unique_ptr<Notifier>>>
make_notifiers(config::Config const& config, HttpClient& http, Clock const& clock) {
    auto const& paging = config.paging;
    std::vector<std::unique_ptr<Notifier>> out;
    auto secret = [&](config::SecretRef const& ref,
                      std::string const& where) -> Result<std::string> {
        std::string why;
        auto value = config::read_secret(ref, config.path, &why);
        if (!value)
            return unexpected(ErrorCode::invalid_argument, why, where);
        return *value;
    };
    if (anyone_uses(config, "ntfy") || paging.ntfy_token) {
        NtfySettings settings;
        settings.base_url = paging.ntfy_url;
        if (paging.ntfy_token) {
            auto token = secret(*paging.ntfy_token, "paging.ntfy.token");
            if (!token)
                return unexpected(token.error());
            settings.token = *token;
        }
        out.push_back(std::make_unique<NtfyNotifier>(std::move(settings), http));
    }
    if (paging.pushover_token) {
        auto token = secret(*paging.pushover_token, "paging.pushover.app_token");
        if (!token)
            return unexpected(token.error());
        PushoverSettings settings;
        settings.base_url = paging.pushover_url;
        settings.app_token = *token;
        settings.retry = paging.pushover_retry;
        settings.expire = paging.pushover_expire;
        out.push_back(std::make_unique<PushoverNotifier>(std::move(settings), http));
    }
    if (paging.webhook_secret) {
        auto key = secret(*paging.webhook_secret, "paging.webhook.secret");
        if (!key)
            return unexpected(key.error());
        out.push_back(std::make_unique<WebhookNotifier>(*key, http, clock));
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
