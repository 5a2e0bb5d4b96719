// SPDX-License-Identifier: Apache-2.0
// `run --public-url` and SWITCHBOARD_PUBLIC_URL point claim links at the address phones reach,
// which a container's config cannot know.
#include "binary_process.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

using namespace sb::test;
using namespace std::chrono_literals;

namespace {

std::string example_config() {
    return std::string(SWITCHBOARD_SOURCE_DIR) + "/config/switchboard.jsonc";
}

std::string temp_state(std::string const& name) {
    return (std::filesystem::path(::testing::TempDir()) / name).string();
}

std::string first_run_log(std::vector<std::string> const& extra,
                          std::map<std::string, std::string> const& env) {
    auto state = temp_state("switchboard-public-url");
    std::vector<std::string> args{SWITCHBOARD_BINARY, "run",         "--no-stdin", "--config",
                                  example_config(),   "--state-dir", state,        "--listen",
                                  "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    // The shipped config signs its demo webhook with a secret from the environment.
    auto with_secret = env;
    with_secret.emplace("SWITCHBOARD_DEMO_SECRET", "public-url-test-secret");
    auto daemon = BinaryProcess::start(args, with_secret);
    if (!daemon)
        return {};
    daemon->wait_for_stderr("links in cards and pages point at", 20s);
    daemon->signal(SIGTERM);
    daemon->wait();
    std::filesystem::remove_all(state);
    return daemon->stderr_text();
}

} // namespace

TEST(PublicUrlTest, TheEnvironmentOrTheFlagOverridesTheConfig) {
    auto from_env = first_run_log({}, {{"SWITCHBOARD_PUBLIC_URL", "https://sb.example.com/"}});
    EXPECT_NE(from_env.find("links in cards and pages point at https://sb.example.com\n"),
              std::string::npos)
        << from_env;

    auto from_flag = first_run_log({"--public-url", "https://flag.example.com"},
                                   {{"SWITCHBOARD_PUBLIC_URL", "https://env.example.com"}});
    EXPECT_NE(from_flag.find("point at https://flag.example.com"), std::string::npos) << from_flag;

    // The shipped config's own address, when nothing overrides it.
    auto from_config = first_run_log({}, {});
    EXPECT_NE(from_config.find("point at http://127.0.0.1:8080"), std::string::npos) << from_config;
}

TEST(PublicUrlTest, AnAddressThatIsNoHttpUrlIsRefusedWithWhereItCameFrom) {
    auto state = temp_state("switchboard-public-url-bad");
    auto daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--no-stdin", "--config",
                                        example_config(), "--state-dir", state},
                                       {{"SWITCHBOARD_PUBLIC_URL", "javascript:\x1b[2Jalert(1)"}});
    ASSERT_TRUE(daemon);
    EXPECT_EQ(daemon->wait(), 1);
    daemon->pump();
    auto const& err = daemon->stderr_text();
    EXPECT_NE(err.find("SWITCHBOARD_PUBLIC_URL"), std::string::npos) << err;
    EXPECT_NE(err.find("is not an http:// or https:// URL"), std::string::npos) << err;
    EXPECT_EQ(err.find('\x1b'), std::string::npos) << "the escape reached the terminal raw";
    EXPECT_FALSE(std::filesystem::exists(state));
}
