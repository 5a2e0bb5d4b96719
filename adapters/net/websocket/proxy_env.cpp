// SPDX-License-Identifier: Apache-2.0
#include "adapters/net/websocket/proxy_env.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace sb::net {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string env_value(char const* first, char const* second) {
    for (auto const* name : {first, second})
        if (auto const* value = std::getenv(name); value && *value)
            return value;
    return {};
}

// An address as 16 bytes (IPv4 mapped into the last four) with its family's bit length.
struct Address {
    std::array<unsigned char, 16> bytes{};
    int bits = 0;
};

std::optional<Address> parse_address(std::string const& text) {
    Address address;
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        std::memcpy(address.bytes.data(), &v4, 4);
        address.bits = 32;
        return address;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        std::memcpy(address.bytes.data(), &v6, 16);
        address.bits = 128;
        return address;
    }
    return std::nullopt;
}

bool same_prefix(Address const& a, Address const& b, int bits) {
    for (int i = 0; i < bits; ++i) {
        int mask = 0x80 >> (i % 8);
        if ((a.bytes[static_cast<std::size_t>(i / 8)] & mask) !=
            (b.bytes[static_cast<std::size_t>(i / 8)] & mask))
            return false;
    }
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

std::string strip_brackets(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    std::string out = lower(host);
    while (!out.empty() && out.back() == '.')
        out.pop_back();
    return out;
}

bool is_port(std::string_view digits) {
    return !digits.empty() && digits.size() <= 5 &&
           std::all_of(digits.begin(), digits.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
           std::atoi(std::string(digits).c_str()) > 0 &&
           std::atoi(std::string(digits).c_str()) <= 65535;
}

// Splits "host:port", "[v6]:port", bare v6 (more than one colon, no brackets) and "host".
// port is -1 when the entry names none; 0 when the port is not a number (matches nothing).
void split_entry(std::string_view entry, std::string& host, int& port) {
    port = -1;
    if (!entry.empty() && entry.front() == '[') {
        auto close = entry.find(']');
        if (close == std::string_view::npos) {
            host = strip_brackets(entry);
            return;
        }
        host = strip_brackets(entry.substr(0, close + 1));
        auto rest = entry.substr(close + 1);
        if (rest.empty())
            return;
        port = 0; // anything after the bracket but ":digits" matches nothing
        if (rest.front() == ':' && is_port(rest.substr(1)))
            port = std::atoi(std::string(rest.substr(1)).c_str());
        return;
    }
    auto colon = entry.find(':');
    if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
        host = strip_brackets(entry.substr(0, colon));
        auto digits = entry.substr(colon + 1);
        port = is_port(digits) ? std::atoi(std::string(digits).c_str()) : 0;
        return;
    }
    host = strip_brackets(entry);
}

bool entry_matches(std::string_view raw, std::string const& host,
                   std::optional<Address> const& host_address, int port) {
    std::string name;
    int entry_port = -1;
    auto slash = raw.find('/');
    std::string_view prefix_bits;
    if (slash != std::string_view::npos) {
        prefix_bits = raw.substr(slash + 1);
        raw = raw.substr(0, slash);
    }
    split_entry(raw, name, entry_port);
    if (entry_port == 0 || (entry_port > 0 && entry_port != port))
        return false;
    if (name.empty())
        return false;
    if (auto entry_address = parse_address(name)) {
        if (!host_address || host_address->bits != entry_address->bits)
            return false;
        int bits = entry_address->bits;
        if (!prefix_bits.empty()) {
            if (prefix_bits.size() > 3 ||
                !std::all_of(prefix_bits.begin(), prefix_bits.end(),
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
                return false;
            bits = std::atoi(std::string(prefix_bits).c_str());
            if (bits > entry_address->bits)
                return false;
        }
        return same_prefix(*entry_address, *host_address, bits);
    }
    if (!prefix_bits.empty() || host_address)
        return false; // a name never matches an address, nor a prefix a name
    if (name.front() == '.')
        name.erase(0, 1);
    if (name.empty())
        return false;
    if (host == name)
        return true;
    return host.size() > name.size() &&
           host.compare(host.size() - name.size(), name.size(), name) == 0 &&
           host[host.size() - name.size() - 1] == '.';
}

} // namespace

ProxyEnvironment ProxyEnvironment::from_process() {
    ProxyEnvironment environment;
    environment.https_proxy = env_value("https_proxy", "HTTPS_PROXY");
    environment.http_proxy = env_value("http_proxy", "HTTP_PROXY");
    environment.no_proxy = env_value("no_proxy", "NO_PROXY");
    return environment;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host, int port) {
    auto name = strip_brackets(trim(host));
    if (name.empty())
        return false;
    auto address = parse_address(name);
    std::size_t start = 0;
    while (start <= no_proxy.size()) {
        auto end = no_proxy.find_first_of(", \t", start);
        if (end == std::string_view::npos)
            end = no_proxy.size();
        auto entry = trim(no_proxy.substr(start, end - start));
        if (entry == "*")
            return true;
        if (!entry.empty() && entry_matches(entry, name, address, port))
            return true;
        start = end + 1;
    }
    return false;
}

Result<ProxyTarget> parse_proxy_url(std::string_view value, std::string_view variable) {
    auto text = trim(value);
    auto context = std::string(variable);
    if (auto scheme = text.find("://"); scheme != std::string_view::npos) {
        auto name = lower(text.substr(0, scheme));
        if (name != "http")
            return unexpected(
                ErrorCode::invalid_argument,
                "only http:// proxies are supported for websockets, not " + name + "://", context);
        text.remove_prefix(scheme + 3);
    }
    if (auto path = text.find('/'); path != std::string_view::npos)
        text = text.substr(0, path);
    ProxyTarget target;
    if (auto at = text.rfind('@'); at != std::string_view::npos) {
        auto credentials = text.substr(0, at);
        text.remove_prefix(at + 1);
        auto colon = credentials.find(':');
        auto decode = [](std::string_view in) {
            std::string out;
            for (std::size_t i = 0; i < in.size(); ++i) {
                if (in[i] == '%' && i + 2 < in.size() &&
                    std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
                    std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
                    out +=
                        static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
                    i += 2;
                } else {
                    out += in[i];
                }
            }
            return out;
        };
        target.user = decode(credentials.substr(0, colon));
        if (colon != std::string_view::npos)
            target.password = decode(credentials.substr(colon + 1));
        target.has_credentials = true;
    }
    std::string host;
    int port = -1;
    split_entry(text, host, port);
    if (host.empty())
        return unexpected(ErrorCode::invalid_argument, "the proxy URL names no host", context);
    if (port == 0 || port > 65535)
        return unexpected(ErrorCode::invalid_argument, "the proxy URL has an invalid port",
                          context);
    if (port < 0)
        port = 1080;
    bool v6 = host.find(':') != std::string::npos;
    target.url = "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
    return target;
}

Result<std::optional<ProxyTarget>> proxy_for(bool tls, std::string_view host, int port,
                                             ProxyEnvironment const& environment) {
    auto const& value = tls ? environment.https_proxy : environment.http_proxy;
    if (trim(value).empty() || no_proxy_matches(environment.no_proxy, host, port))
        return std::optional<ProxyTarget>{};
    auto target = parse_proxy_url(value, tls ? "HTTPS_PROXY" : "HTTP_PROXY");
    if (!target)
        return unexpected(target.error());
    return std::optional<ProxyTarget>{std::move(*target)};
}

} // namespace sb::net
