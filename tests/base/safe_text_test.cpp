// SPDX-License-Identifier: Apache-2.0
#include "base/safe_text.hpp"

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

TEST(Utf8Prefix, CutsBeforeASequenceNeverThroughIt) {
    std::string const umlauts = "a\xc3\xbc\xc3\xbc"; // a, ü, ü
    EXPECT_EQ(sb::utf8_prefix(umlauts, 10), umlauts);
    EXPECT_EQ(sb::utf8_prefix(umlauts, 5), umlauts);
    EXPECT_EQ(sb::utf8_prefix(umlauts, 4), "a\xc3\xbc");
    EXPECT_EQ(sb::utf8_prefix(umlauts, 2), "a");
    EXPECT_EQ(sb::utf8_prefix("\xf0\x9f\x98\x80", 3), ""); // an emoji of four bytes
    // Stray continuation bytes from a stranger cannot walk the cut below zero.
    EXPECT_EQ(sb::utf8_prefix("\x80\x80\x80\x80", 2), "");
}

TEST(Utf8Valid, StrictAboutWhatChatServicesRefuse) {
    EXPECT_TRUE(sb::is_valid_utf8("K\xc3\xbcndigung \xf0\x9f\x98\x80"));
    EXPECT_TRUE(sb::is_valid_utf8(""));
    EXPECT_FALSE(sb::is_valid_utf8("\xc3"));             // cut short
    EXPECT_FALSE(sb::is_valid_utf8("\xc0\xaf"));         // overlong '/'
    EXPECT_FALSE(sb::is_valid_utf8("\xed\xa0\x80"));     // a surrogate
    EXPECT_FALSE(sb::is_valid_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(sb::is_valid_utf8("\x80"));             // a stray continuation byte
}
