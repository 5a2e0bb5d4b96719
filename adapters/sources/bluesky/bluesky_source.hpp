// SPDX-License-Identifier: Apache-2.0
// The Bluesky source: polls the account's notifications for mentions, replies and quotes.
#pragma once

#include "adapters/sources/common/source_entry.hpp"
#include "base/time.hpp"

#include <memory>
#include <string>

namespace sb {

struct BlueskySourceSettings {
    std::string id; // the source's name in the config; also its cursor key in the store
    std::string service_url = "https://bsky.social";
    std::string identifier;   // handle or DID
    std::string app_password; // already read from the environment or a file
    Seconds interval{60};
    std::string account;    // stamped on every mention; the identifier unless set
    int page_limit = 50;    // notifications per request (the lexicon allows 1..100)
    int pages_per_poll = 4; // a longer backlog continues in the next poll, at once
};

// Reads type "bluesky" settings: service_url, identifier, app_password, interval, account.
Result<BlueskySourceSettings> read_bluesky_settings(config::Source const& source,
                                                    std::string const& config_path);

// For tests that set what the config cannot, such as a smaller page.
std::unique_ptr<Source> create_bluesky_source(BlueskySourceSettings settings, SourceDeps& deps);

// The "bluesky" plug-in: its settings parser and factory.
SourceEntry bluesky_source_entry();

} // namespace sb
