// SPDX-License-Identifier: Apache-2.0
// `switchboard --version` names the CMake project version and the commit the binary was built
// from, so a bug report says exactly what runs.
#include "binary_process.hpp"

#include <gtest/gtest.h>

#include <stdio.h>

#include <array>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>

using namespace sb::test;

namespace {

// The source tree's description as the build reads it, without the dirty mark: whether the tree
// was dirty may differ between the build and this test.
std::string git_description() {
    std::string command =
        std::string("git -C '") + SWITCHBOARD_SOURCE_DIR + "' describe --tags --always 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr)
        return {};
    std::string text;
    std::array<char, 256> buffer{};
    while (::fgets(buffer.data(), buffer.size(), pipe) != nullptr)
        text += buffer.data();
    if (::pclose(pipe) != 0)
        return {};
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

TEST(VersionTest, NamesTheProjectVersionAndTheCommitItWasBuiltFrom) {
    auto process = BinaryProcess::start({SWITCHBOARD_BINARY, "--version"});
    ASSERT_TRUE(process);
    ASSERT_EQ(process->wait(), 0);
    process->pump();
    std::string const& out = process->stdout_text();

    std::string const expected_start = std::string("switchboard ") + SWITCHBOARD_PROJECT_VERSION;
    ASSERT_EQ(out.rfind(expected_start, 0), 0U) << out;
    auto description = git_description();
    if (description.empty())
        GTEST_SKIP() << "the source tree is not a git checkout; the version alone is checked";
    EXPECT_NE(out.find(" (" + description), std::string::npos) << out;
}

TEST(VersionTest, TheDaemonLogsTheSameVersionWhenItStarts) {
    auto version = BinaryProcess::start({SWITCHBOARD_BINARY, "--version"});
    ASSERT_TRUE(version);
    ASSERT_EQ(version->wait(), 0);
    version->pump();
    std::string line = version->stdout_text();
    while (!line.empty() && line.back() == '\n')
        line.pop_back();

    // The shipped example config: the embedded defaults a new user starts with.
    auto state = ::testing::TempDir() + "switchboard-version-state";
    auto daemon =
        BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--no-stdin", "--config",
                              std::string(SWITCHBOARD_SOURCE_DIR) + "/config/switchboard.jsonc",
                              "--listen", "127.0.0.1:0", "--state-dir", state},
                             {{"SWITCHBOARD_DEMO_SECRET", "version-test-secret"}});
    ASSERT_TRUE(daemon);
    auto at = daemon->wait_for_stderr("listening on http://", std::chrono::seconds(20));
    daemon->signal(SIGTERM);
    daemon->wait();
    std::filesystem::remove_all(state);
    ASSERT_TRUE(at) << daemon->stderr_text();
    EXPECT_NE(daemon->stderr_text().find(line + " listening on http://"), std::string::npos)
        << daemon->stderr_text();
}

} // namespace
