// SPDX-License-Identifier: Apache-2.0
// Which HTTP CONNECT proxy, if any, an outbound websocket goes through: HTTPS_PROXY (wss) or
// HTTP_PROXY (ws), unless NO_PROXY lists the host, by the rules libcurl applies to HTTP calls.
// Plain C++17: the websocket client that uses it builds as C++17.
#pragma once

#include "base/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sb::net {

// The proxy variables as read once; empty means unset.
struct ProxyEnvironment {
    std::string https_proxy;
    std::string http_proxy;
    std::string no_proxy;
    // Lowercase first, then uppercase, as libcurl reads them.
    static ProxyEnvironment from_process();
};

struct ProxyTarget {
    std::string url; // http://host:port, never with credentials, safe to log
    std::string user;
    std::string password;
    bool has_credentials = false;
};

// True when no_proxy (comma- or space-separated) exempts host:port: "*" exempts all; "example.com"
// and ".example.com" exempt the domain and its subdomains; "host:port" only that port; IP
// literals (IPv6 bare or in brackets) compare as addresses, with an optional /bits prefix.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host, int port);

// Parses a proxy variable's value: [http://][user[:password]@]host[:port], port 1080 when absent
// as libcurl does. Only http:// proxies: websocketpp cannot speak TLS to the proxy itself.
Result<ProxyTarget> parse_proxy_url(std::string_view value, std::string_view variable);

// The proxy for a connection to host:port, nullopt when it goes directly.
Result<std::optional<ProxyTarget>> proxy_for(bool tls, std::string_view host, int port,
                                             ProxyEnvironment const& environment);

} // namespace sb::net
