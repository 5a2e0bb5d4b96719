// SPDX-License-Identifier: Apache-2.0
// The listener admits the largest body any source that receives callbacks accepts.
#include "bot/daemon/listener_limits.hpp"
#include "bot/daemon/plugin_catalog.hpp"
#include "config/plugin_catalog.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sb {
namespace {

std::size_t listener_body_limit(std::string const& sources) {
    auto loaded = config::load_config_text(R"({ "sources": )" + sources + " }", "test.jsonc",
                                           plugin_catalog());
    EXPECT_TRUE(loaded.config.has_value()) << loaded.errors.front().to_string();
    return loaded.config ? listener_options(*loaded.config).max_body_bytes : 0;
}

TEST(ListenerLimits, EverySourceThatReceivesCallbacksRaisesTheBodyLimitAlike) {
    auto const standard = HttpServerOptions{}.max_body_bytes;
    EXPECT_EQ(
        listener_body_limit(R"({ "blog": { "type": "rss", "url": "https://example.com/f" } })"),
        standard);
    EXPECT_EQ(listener_body_limit(R"({ "shop": { "type": "webhook", "secret": { "env": "S" },
                                                 "max_body_bytes": 8388608 } })"),
              8388608u);
    EXPECT_EQ(listener_body_limit(R"({ "page": { "type": "meta", "app_secret": { "env": "A" },
                                                 "verify_token": { "env": "V" },
                                                 "max_body_bytes": 4194304 } })"),
              4194304u);
}

} // namespace
} // namespace sb
