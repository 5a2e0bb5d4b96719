// SPDX-License-Identifier: Apache-2.0
// Builds the phone notifiers that the config's "paging" section and people's contacts need.
#pragma once

#include "adapters/notifiers/notifier_entry.hpp"
#include "base/result.hpp"
#include "bot/ports/notifier.hpp"
#include "config/config.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sb {

class Clock;
class HttpClient;

// Every notifier type of this build that the "paging" section configures, in one list.
std::vector<NotifierEntry> const& notifier_entries();

// An error names the missing secret and where the config asks for it. show_page shows pages to
// a person watching the console.
Result<std::vector<std::unique_ptr<Notifier>>>
make_notifiers(config::Config const& config, HttpClient& http, Clock const& clock,
               std::function<void(std::string const&)> show_page = {});

// The secret that signs claim links, created once in the state directory (mode 0600) so that
// links in pages already sent keep working after a restart.
Result<std::string> claim_link_secret(std::string const& state_dir);

} // namespace sb
