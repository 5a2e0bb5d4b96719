// SPDX-License-Identifier: Apache-2.0
// NO_PROXY matching and proxy variables, hostile samples first.
#include "adapters/net/websocket/proxy_env.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sb::net {
namespace {

TEST(NoProxy, EmptyAndSeparatorOnlyListsMatchNothing) {
    EXPECT_FALSE(no_proxy_matches("", "example.com", 443));
    EXPECT_FALSE(no_proxy_matches(",,, ,\t,", "example.com", 443));
    EXPECT_FALSE(no_proxy_matches(".", "example.com", 443));
    EXPECT_FALSE(no_proxy_matches("example.com", "", 443));
}

TEST(NoProxy, SpacesAroundEntriesAreIgnored) {
    EXPECT_TRUE(no_proxy_matches("  other.org ,  example.com  ", "example.com", 443));
    EXPECT_TRUE(no_proxy_matches("other.org example.com", "example.com", 443));
}

TEST(NoProxy, StarAloneMatchesEverythingButNotAsAPattern) {
    EXPECT_TRUE(no_proxy_matches("*", "anything.example", 80));
    EXPECT_TRUE(no_proxy_matches("a.org, *", "10.0.0.1", 80));
    EXPECT_FALSE(no_proxy_matches("*.example.com", "www.example.com", 443));
}

TEST(NoProxy, BareAndDottedDomainsMatchTheDomainAndSubdomainsOnly) {
    EXPECT_TRUE(no_proxy_matches("example.com", "example.com", 443));
    EXPECT_TRUE(no_proxy_matches("example.com", "wss.Example.COM", 443));
    EXPECT_TRUE(no_proxy_matches(".example.com", "example.com", 443));
    EXPECT_TRUE(no_proxy_matches(".example.com", "a.b.example.com", 443));
    EXPECT_FALSE(no_proxy_matches("example.com", "notexample.com", 443));
    EXPECT_FALSE(no_proxy_matches("example.com", "example.com.evil.org", 443));
    EXPECT_FALSE(no_proxy_matches("www.example.com", "example.com", 443));
    EXPECT_TRUE(no_proxy_matches("example.com.", "example.com", 443));
    EXPECT_TRUE(no_proxy_matches("example.com", "example.com.", 443));
}

TEST(NoProxy, PortEntriesMatchOnlyThatPort) {
    EXPECT_TRUE(no_proxy_matches("example.com:443", "example.com", 443));
    EXPECT_FALSE(no_proxy_matches("example.com:443", "example.com", 8443));
}

TEST(NoProxy, WeirdPortsMatchNothing) {
    for (auto const* entry :
         {"example.com:", "example.com:0", "example.com:65536", "example.com:99999999999999999999",
          "example.com:-1", "example.com:44a", "example.com: 443"})
        EXPECT_FALSE(no_proxy_matches(entry, "example.com", 443)) << entry;
}

TEST(NoProxy, IpLiteralsCompareAsAddresses) {
    EXPECT_TRUE(no_proxy_matches("127.0.0.1", "127.0.0.1", 80));
    EXPECT_FALSE(no_proxy_matches("127.0.0.1", "127.0.0.10", 80));
    EXPECT_FALSE(no_proxy_matches("0.0.1", "127.0.0.1", 80)) << "no suffix match on addresses";
    EXPECT_TRUE(no_proxy_matches("10.0.0.0/8", "10.20.30.40", 80));
    EXPECT_FALSE(no_proxy_matches("10.0.0.0/8", "11.0.0.1", 80));
    EXPECT_FALSE(no_proxy_matches("10.0.0.0/33", "10.0.0.1", 80));
    EXPECT_FALSE(no_proxy_matches("10.0.0.0/x", "10.0.0.1", 80));
    EXPECT_FALSE(no_proxy_matches("example.com/8", "example.com", 80));
    EXPECT_FALSE(no_proxy_matches("127.0.0.1", "localhost", 80));
}

TEST(NoProxy, Ipv6LiteralsBareOrBracketed) {
    EXPECT_TRUE(no_proxy_matches("::1", "::1", 443));
    EXPECT_TRUE(no_proxy_matches("::1", "[::1]", 443));
    EXPECT_TRUE(no_proxy_matches("[::1]", "::1", 443));
    EXPECT_TRUE(no_proxy_matches("0:0:0:0:0:0:0:1", "::1", 443)) << "the same address spelled out";
    EXPECT_TRUE(no_proxy_matches("[::1]:443", "::1", 443));
    EXPECT_FALSE(no_proxy_matches("[::1]:443", "::1", 80));
    EXPECT_FALSE(no_proxy_matches("[::1]x", "::1", 443));
    EXPECT_FALSE(no_proxy_matches("[::1", "::2", 443));
    EXPECT_TRUE(no_proxy_matches("fd00::/8", "fd12:3456::1", 443));
    EXPECT_FALSE(no_proxy_matches("fd00::/8", "fe80::1", 443));
    EXPECT_FALSE(no_proxy_matches("::1", "127.0.0.1", 443)) << "families never match each other";
}

TEST(NoProxy, VeryLongListsAreScannedToTheEnd) {
    std::string list;
    for (int i = 0; i < 20000; ++i)
        list += "host" + std::to_string(i) + ".example, ";
    EXPECT_FALSE(no_proxy_matches(list, "example.com", 443));
    EXPECT_TRUE(no_proxy_matches(list + "example.com", "example.com", 443));
    EXPECT_FALSE(no_proxy_matches(std::string(1 << 20, ','), "example.com", 443));
    EXPECT_FALSE(no_proxy_matches(std::string(1 << 20, 'a'), "example.com", 443));
}

TEST(ProxyUrl, CredentialsAreSplitOffAndNeverInTheUrl) {
    auto target = parse_proxy_url("http://user:p%40ss@proxy.internal:3128", "HTTPS_PROXY");
    ASSERT_TRUE(target) << target.error().to_string();
    EXPECT_EQ(target->url, "http://proxy.internal:3128");
    EXPECT_TRUE(target->has_credentials);
    EXPECT_EQ(target->user, "user");
    EXPECT_EQ(target->password, "p@ss");
}

TEST(ProxyUrl, SchemelessAndPortlessFormsAsLibcurlReadsThem) {
    auto bare = parse_proxy_url("proxy.internal:8080", "HTTP_PROXY");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->url, "http://proxy.internal:8080");
    EXPECT_FALSE(bare->has_credentials);
    auto portless = parse_proxy_url("http://proxy.internal/", "HTTP_PROXY");
    ASSERT_TRUE(portless);
    EXPECT_EQ(portless->url, "http://proxy.internal:1080");
    auto v6 = parse_proxy_url("http://[fd00::1]:3128", "HTTP_PROXY");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->url, "http://[fd00::1]:3128");
}

TEST(ProxyUrl, UnsupportedOrBrokenValuesSayWhichVariable) {
    for (auto const* value : {"socks5://proxy:1080", "https://proxy:443", "http://", "http://:3128",
                              "http://proxy:0", "http://proxy:99999", "http://proxy:port"}) {
        auto target = parse_proxy_url(value, "HTTPS_PROXY");
        ASSERT_FALSE(target) << value;
        EXPECT_EQ(target.error().context, "HTTPS_PROXY") << value;
    }
    auto secret = parse_proxy_url("socks5://user:hunter2@proxy:1080", "HTTPS_PROXY");
    ASSERT_FALSE(secret);
    EXPECT_EQ(secret.error().to_string().find("hunter2"), std::string::npos);
}

TEST(ProxyFor, TlsUsesHttpsProxyAndPlainUsesHttpProxy) {
    ProxyEnvironment environment;
    environment.https_proxy = "http://secure-proxy:3128";
    environment.http_proxy = "http://plain-proxy:3128";
    auto tls = proxy_for(true, "wss-primary.slack.com", 443, environment);
    ASSERT_TRUE(tls && *tls);
    EXPECT_EQ((*tls)->url, "http://secure-proxy:3128");
    auto plain = proxy_for(false, "mastodon.example", 80, environment);
    ASSERT_TRUE(plain && *plain);
    EXPECT_EQ((*plain)->url, "http://plain-proxy:3128");
    environment.http_proxy.clear();
    auto direct = proxy_for(false, "mastodon.example", 80, environment);
    ASSERT_TRUE(direct);
    EXPECT_FALSE(*direct) << "HTTPS_PROXY alone leaves ws:// direct";
}

TEST(ProxyFor, NoProxyWinsOverTheProxyVariable) {
    ProxyEnvironment environment;
    environment.https_proxy = "http://proxy:3128";
    environment.no_proxy = "internal, .slack.com";
    auto slack = proxy_for(true, "wss-primary.slack.com", 443, environment);
    ASSERT_TRUE(slack);
    EXPECT_FALSE(*slack);
    environment.no_proxy = "*";
    auto broken = proxy_for(true, "x", 443, ProxyEnvironment{"socks5://p", "", "*"});
    ASSERT_TRUE(broken) << "an exempt host never reads the proxy variable";
}

} // namespace
} // namespace sb::net
