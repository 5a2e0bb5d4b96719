// SPDX-License-Identifier: Apache-2.0
#include "bot/util/safe_text.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

TEST(TerminalSafe, HostileSequencesBecomeVisible) {
    EXPECT_EQ(terminal_safe("\x1b[2J\x1b[H"), "\\x1b[2J\\x1b[H");
    EXPECT_EQ(terminal_safe("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
    EXPECT_EQ(terminal_safe("a\xc2\x9b"
                            "31mred"),
              "a\\u009b31mred");
    EXPECT_EQ(terminal_safe("\xc2\x80\xc2\x9f"), "\\u0080\\u009f");
    EXPECT_EQ(terminal_safe("del\x7f"), "del\\x7f");
    EXPECT_EQ(terminal_safe("ok\r[INFO] admin logged in"), "ok\\x0d[INFO] admin logged in");
    EXPECT_EQ(terminal_safe(std::string_view("nul\0x", 5)), "nul\\x00x");
    EXPECT_EQ(terminal_safe("tab\there"), "tab\\x09here");
}

TEST(TerminalSafe, OrdinaryTextPasses) {
    EXPECT_EQ(terminal_safe("line one\nline two"), "line one\nline two");
    EXPECT_EQ(terminal_safe("Grüße 👋 ¡hola! \\x1b"), "Grüße 👋 ¡hola! \\x1b");
}

TEST(LinkableUrl, HostileUrlsAreNotLinks) {
    EXPECT_FALSE(is_linkable_url("https://x.com/a|x> <!channel> <https://evil.example/login"));
    EXPECT_FALSE(is_linkable_url("javascript:alert(1)"));
    EXPECT_FALSE(is_linkable_url("JavaScript://%0aalert(1)"));
    EXPECT_FALSE(is_linkable_url("data:text/html,<script>"));
    EXPECT_FALSE(is_linkable_url("//evil.example/"));
    EXPECT_FALSE(is_linkable_url("/relative/path"));
    EXPECT_FALSE(is_linkable_url("https://"));
    EXPECT_FALSE(is_linkable_url("https:///path"));
    EXPECT_FALSE(is_linkable_url("https://a.example/\" onmouseover=\"x"));
    EXPECT_FALSE(is_linkable_url("https://a.example/ b"));
    EXPECT_FALSE(is_linkable_url("https://a.example/\x1b[2J"));
    EXPECT_FALSE(is_linkable_url("https://a.example/\nb"));
    EXPECT_FALSE(is_linkable_url("https://a.example/\xc2\x9b"));
    EXPECT_FALSE(is_linkable_url("https://a.example/>x"));
    EXPECT_FALSE(is_linkable_url("ftp://a.example/"));
    EXPECT_FALSE(is_linkable_url(""));
}

TEST(LinkableUrl, OrdinaryUrlsAreLinks) {
    EXPECT_TRUE(is_linkable_url("https://x.com/dana/status/1"));
    EXPECT_TRUE(is_linkable_url("http://example.org/a?b=c&d=e#f"));
    EXPECT_TRUE(is_linkable_url("HTTPS://Example.org/%20x"));
    EXPECT_TRUE(is_linkable_url("https://bsky.app/profile/ü.example/post/3k"));
}

} // namespace
} // namespace sb

namespace sb {
namespace {

TEST(SingleLine, ControlCharactersBecomeSpaces) {
    EXPECT_EQ(single_line("a\r\nX-Injected: 1"), "a  X-Injected: 1");
    EXPECT_EQ(single_line("t\x1b]0;x\x07\x7f\xc2\x9b"), "t ]0;x   ");
    EXPECT_EQ(single_line("Grüße #3"), "Grüße #3");
}

} // namespace
} // namespace sb
