// SPDX-License-Identifier: Apache-2.0
// Form and query decoding, shared by the HTTP server and the sign-in form.
#include "base/text.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

TEST(FormDecode, PlusIsASpaceAndEscapesAreBytes) {
    EXPECT_EQ(form_decode("a+b%20c%2Bd"), "a b c+d");
    EXPECT_EQ(form_decode("%C3%A4"), "\xC3\xA4");
}

TEST(FormDecode, AMalformedEscapeIsKeptAsWritten) {
    EXPECT_EQ(form_decode("100%"), "100%");
    EXPECT_EQ(form_decode("%zz%4"), "%zz%4");
}

TEST(ParseForm, ReadsFieldsAndKeepsTheFirstOfRepeatedOnes) {
    auto fields = parse_form("t=abc%3D&empty=&flag&t=second&&x=1+2");
    EXPECT_EQ(fields.at("t"), "abc=");
    EXPECT_EQ(fields.at("empty"), "");
    EXPECT_EQ(fields.at("flag"), "");
    EXPECT_EQ(fields.at("x"), "1 2");
    EXPECT_EQ(fields.size(), 4u);
    EXPECT_TRUE(parse_form("").empty());
}

TEST(UrlEncode, RoundTripsThroughFormDecode) {
    std::string const text = "Grüße & <tags> = 100% ~ok";
    EXPECT_EQ(form_decode(url_encode(text)), text);
}

} // namespace
} // namespace sb
