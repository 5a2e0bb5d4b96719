// SPDX-License-Identifier: Apache-2.0
// The X source: polls the mentions timeline of one account with an app bearer token.
#pragma once

#include "adapters/sources/common/source_entry.hpp"
#include "base/time.hpp"

#include <memory>
#include <string>

namespace sb {

struct XSourceSettings {
    std::string id; // the source's name in the config; also its cursor key in the store
    std::string api_url = "https://api.x.com";
    std::string bearer_token; // already read from the environment or a file
    std::string user_id;      // our account's numeric id
    Seconds interval{120};
    std::string account;    // stamped on every mention; the user id unless set
    int page_size = 100;    // max_results: X allows 5..100
    int pages_per_poll = 4; // a longer backlog continues in the next poll, at once
};

// Reads type "x" settings: api_url, bearer_token, user_id, interval, account.
Result<XSourceSettings> read_x_settings(config::Source const& source,
                                        std::string const& config_path);

// For tests that set what the config cannot, such as a smaller page.
std::unique_ptr<Source> create_x_source(XSourceSettings settings, SourceDeps& deps);

// The "x" plug-in: its settings parser and factory.
SourceEntry x_source_entry();

} // namespace sb
