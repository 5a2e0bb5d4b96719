// SPDX-License-Identifier: Apache-2.0
// Tests for the check-config command's text and JSON output and exit codes.
#include "config/check_config.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sb::config {
namespace {

std::string write_temporary(std::string const& name, std::string const& text) {
    auto path = std::filesystem::temp_directory_path() / ("switchboard-check-" + name);
    std::ofstream(path) << text;
    return path.string();
}

TEST(CheckConfig, DefaultConfigPrintsOkWithCountsAndExitsZero) {
    std::ostringstream out;
    EXPECT_EQ(check_config_main(SB_CONFIG_DIR "/switchboard.jsonc", false, out), 0);
    EXPECT_EQ(out.str(), "config OK: 3 people, 1 teams, 1 sources\n");
}

TEST(CheckConfig, EveryErrorIsPrintedAsFileLinePathMessageAndExitsOne) {
    auto path = write_temporary("bad.jsonc", "{\n  \"listen\": 8080,\n  \"peeple\": {}\n}\n");
    std::ostringstream out;
    EXPECT_EQ(check_config_main(path, false, out), 1);
    EXPECT_NE(out.str().find(path + ":2: /listen: expected a string, found a number\n"),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find(path + ":3: /peeple: unknown key \"peeple\"; did you mean "
                                    "\"people\"?\n"),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("2 errors"), std::string::npos);
}

TEST(CheckConfig, JsonOutputListsErrorsAsObjects) {
    auto path = write_temporary("bad.json", "{\n  \"listen\": 8080\n}\n");
    std::ostringstream out;
    EXPECT_EQ(check_config_main(path, true, out), 1);
    auto report = nlohmann::json::parse(out.str());
    EXPECT_EQ(report["ok"], false);
    ASSERT_EQ(report["errors"].size(), 1u);
    EXPECT_EQ(report["errors"][0]["file"], path);
    EXPECT_EQ(report["errors"][0]["line"], 2);
    EXPECT_EQ(report["errors"][0]["path"], "/listen");
    EXPECT_EQ(report["errors"][0]["message"], "expected a string, found a number");
}

TEST(CheckConfig, JsonOutputOfAGoodConfigSaysOk) {
    std::ostringstream out;
    EXPECT_EQ(check_config_main(SB_CONFIG_DIR "/switchboard.jsonc", true, out), 0);
    auto report = nlohmann::json::parse(out.str());
    EXPECT_EQ(report["ok"], true);
    EXPECT_TRUE(report["errors"].empty());
    EXPECT_EQ(report["people"], 3);
}

TEST(CheckConfig, MissingFileIsOneErrorNamingTheFile) {
    std::ostringstream out;
    EXPECT_EQ(check_config_main("/nonexistent/switchboard.jsonc", false, out), 1);
    EXPECT_NE(out.str().find("/nonexistent/switchboard.jsonc: cannot open the config file"),
              std::string::npos)
        << out.str();
}

} // namespace
} // namespace sb::config
