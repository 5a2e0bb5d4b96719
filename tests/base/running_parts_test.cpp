// SPDX-License-Identifier: Apache-2.0
// Started parts stop in reverse order, at shutdown and when a later start fails.
#include "base/running_parts.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace sb;

TEST(RunningParts, StopsInReverseOrderOfStartingAndOnlyOnce) {
    std::vector<std::string> log;
    RunningParts parts;
    parts.start([&] { log.push_back("start store"); }, [&] { log.push_back("stop store"); });
    parts.start([&] { log.push_back("start core"); }, [&] { log.push_back("stop core"); });
    parts.start([&] { log.push_back("start http"); }, [&] { log.push_back("stop http"); });
    parts.stop_all();
    parts.stop_all();
    EXPECT_EQ(log, (std::vector<std::string>{"start store", "start core", "start http", "stop http",
                                             "stop core", "stop store"}));
    EXPECT_TRUE(parts.empty());
}

TEST(RunningParts, AStartThatFailsStopsWhatStartedBeforeIt) {
    std::vector<std::string> log;
    try {
        RunningParts parts;
        parts.start([&] { log.push_back("start store"); }, [&] { log.push_back("stop store"); });
        parts.start([&] { log.push_back("start core"); }, [&] { log.push_back("stop core"); });
        parts.start([&] { throw std::runtime_error("the port is taken"); },
                    [&] { log.push_back("stop http"); });
    } catch (std::runtime_error const&) {
        log.push_back("failed");
    }
    EXPECT_EQ(log, (std::vector<std::string>{"start store", "start core", "stop core", "stop store",
                                             "failed"}));
}
