// SPDX-License-Identifier: Apache-2.0
// Where the build put the binary under test; kept out of the header so it compiles on its own.
#include "tests/api_security/daemon_fixture.hpp"

namespace sb::test {

char const* switchboard_binary() {
    return SWITCHBOARD_BINARY;
}

} // namespace sb::test
