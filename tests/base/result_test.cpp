// SPDX-License-Identifier: Apache-2.0
#include "base/result.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace sb {
namespace {

Result<std::vector<std::string>> names() {
    // Long enough that a freed buffer is not kept inline by the small-string optimisation.
    return std::vector<std::string>{std::string(64, 'a'), std::string(64, 'b')};
}

Result<std::vector<std::string>> broken() {
    return unexpected(ErrorCode::unavailable, "the store could not read the names");
}

TEST(Result, ALoopOverATemporaryResultsValueReadsLiveElements) {
    // The Result is a temporary of the range expression; its value must outlive it. Under
    // AddressSanitizer a dangling reference here is a use after free.
    std::string joined;
    for (auto const& name : names().value())
        joined += name.substr(0, 1);
    for (auto const& name : *names())
        joined += name.substr(0, 1);
    EXPECT_EQ(joined, "abab");
}

TEST(Result, AnErrorKeepsItsCodeAndMessageWhenMovedOut) {
    auto error = broken().error();
    EXPECT_EQ(error.code, ErrorCode::unavailable);
    EXPECT_EQ(error.message, "the store could not read the names");
}

TEST(Result, MoveOnlyValuesMoveOutOfATemporary) {
    auto make = []() -> Result<std::unique_ptr<int>> { return std::make_unique<int>(7); };
    auto value = make().value();
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(*value, 7);
}

} // namespace
} // namespace sb
