// SPDX-License-Identifier: Apache-2.0
// The long-running daemon: store, rota, core, chat, webhooks and HTTP on one io_context.
#pragma once

#include "base/result.hpp"
#include "config/config.hpp"

#include <optional>
#include <string>

namespace sb {

struct DaemonOptions {
    std::string state_dir = "var";
    std::optional<std::string> listen; // HOST:PORT, overrides the config
    std::string as_user;               // console identity for typed commands
    bool read_stdin = true;
    // Where the web page's files are; empty: next to the binary (build tree) or in
    // ../share/switchboard/web (installed).
    std::string web_dir;
};

// The web page's files for a daemon started from `executable`, or empty when none are found.
std::string find_web_dir(std::string const& configured, std::string const& executable);

// Runs until SIGINT or SIGTERM; returns the process exit code.
int run_daemon(config::Config const& config, DaemonOptions const& options);

// Splits "HOST:PORT" ("[::1]:8080" too); an error names what is wrong.
struct ListenAddress {
    std::string host;
    unsigned short port = 0;
};
Result<ListenAddress> parse_listen(std::string const& text);

// Sets spdlog's level and format from the config ("text" or "json").
void configure_logging(std::string const& level, std::string const& format);

} // namespace sb
