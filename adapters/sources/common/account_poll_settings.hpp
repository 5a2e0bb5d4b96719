// SPDX-License-Identifier: Apache-2.0
// The settings the account pollers (Bluesky, X) share, each under its vendor's names.
#pragma once

#include "adapters/sources/common/source_settings.hpp"
#include "base/time.hpp"

#include <string>

namespace sb {

// Where one settings struct keeps what every account poller reads: the API's base URL, the
// credential and the polled user, each with its key in the config. The struct also has id,
// interval and account, and its own defaults for the URL and the interval.
template <typename Settings> struct AccountPollKeys {
    char const* url_key;
    std::string Settings::*url;
    char const* credential_key;
    std::string Settings::*credential;
    char const* user_key;
    std::string Settings::*user;
    Seconds minimum_interval;
    // The vendor's own check of the user's form, or none.
    Result<void> (*check_user)(SourceSettings const& settings, std::string const& user) = nullptr;
};

// Reads the shared keys and refuses every other one; the account stamped on mentions is the
// user unless set.
template <typename Settings>
Result<Settings> read_account_poll_settings(SourceSettings const& settings,
                                            AccountPollKeys<Settings> const& keys) {
    SB_TRY(settings.only_keys({keys.url_key, keys.credential_key, keys.user_key, "interval"}));
    Settings out;
    out.id = settings.source().id;
    out.*keys.url = SB_TRY(settings.url(keys.url_key, out.*keys.url));
    out.*keys.credential = SB_TRY(settings.secret(keys.credential_key));
    out.*keys.user = SB_TRY(settings.text(keys.user_key));
    if (keys.check_user)
        SB_TRY(keys.check_user(settings, out.*keys.user));
    out.interval = SB_TRY(settings.duration("interval", out.interval, keys.minimum_interval));
    out.account = settings.text_or("account", out.*keys.user);
    return out;
}

} // namespace sb
