// SPDX-License-Identifier: Apache-2.0
// The real binary with a Bluesky source against the fake PDS: a mention becomes a card.
#include "tests/integration/binary_process.hpp"
#include "tests/sources_polling/fake_service.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sb {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::BinaryProcess;

constexpr char const* password = "abcd-efgh-ijkl-mnop";

std::string config_text(std::string const& pds) {
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": { "bob": { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } } },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "console": "#care" },
      "layers": [{ "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": { "chain": { "steps": [{ "after": "0s", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] } },
  "sources": {
    // Bluesky, polled every ten seconds (the minimum).
    "bsky": { "type": "bluesky", "service_url": ")json" +
           pds + R"json(", "identifier": "brand.bsky.social",
              "app_password": { "env": "SB_BSKY_APP_PASSWORD" }, "interval": "10s" }
  },
  "routing": [{ "match": { "platforms": ["bluesky"] }, "team": "care" }]
})json";
}

TEST(BlueskyDaemon, MentionOnBlueskyBecomesACardAndTheSourceIsReady) {
    test::FakeService fake{BLUESKY_FAKE_SCRIPT};
    fake.control("notify", {{"reason", "mention"},
                            {"text", "@brand.bsky.social my parcel never arrived"},
                            {"author", {{"handle", "alice.bsky.social"}}}});
    std::string pattern =
        (std::filesystem::temp_directory_path() / "switchboard-bsky-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    std::filesystem::path dir = pattern;
    std::ofstream(dir / "switchboard.jsonc") << config_text(fake.url());

    auto daemon = BinaryProcess::start({SWITCHBOARD_BINARY, "run", "--config",
                                        (dir / "switchboard.jsonc").string(), "--state-dir",
                                        (dir / "state").string(), "--as", "bob"},
                                       {{"SB_BSKY_APP_PASSWORD", password}});
    ASSERT_TRUE(daemon);
    auto port = listening_port(*daemon);
    ASSERT_TRUE(port) << daemon->stderr_text();
    EXPECT_TRUE(daemon->wait_for_stdout("my parcel never arrived", 20s))
        << daemon->stdout_text() << daemon->stderr_text();
    auto ready = test::http_request("127.0.0.1", *port, "GET", "/readyz");
    EXPECT_NE(ready.body.find("source:bsky"), std::string::npos) << ready.body;
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(daemon->stderr_text().find(password), std::string::npos);
    EXPECT_EQ(daemon->stdout_text().find(password), std::string::npos);
    daemon->signal(SIGTERM);
    EXPECT_EQ(daemon->wait(), 0);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace sb
