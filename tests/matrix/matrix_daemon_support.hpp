// SPDX-License-Identifier: Apache-2.0
// What the tests of the real binary against the fake homeserver share: the config, a wait.
#pragma once

#include <chrono>
#include <string>
#include <thread>

namespace sb::test {

using namespace std::chrono_literals;

inline constexpr char const* secret = "matrix-it-secret";

template <typename Predicate>
bool eventually(Predicate predicate, std::chrono::seconds limit = 20s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (predicate())
            return true;
        std::this_thread::sleep_for(50ms);
    }
    return predicate();
}

inline std::string config_text(std::string const& homeserver, std::string const& room) {
    return R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "matrix", "name": "matrix", "homeserver_url": ")json" +
           homeserver +
           R"json(", "access_token": { "env": "MATRIX_ACCESS_TOKEN" }, "sync_timeout_ms": 1000 }],
  "people": {
    "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "matrix": "@alice:localhost" } },
    "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "matrix": "@bob:localhost" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": [], "start": "09:00", "end": "17:00" },
      "coverage": [{ "name": "always", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "00:00" }],
      "rooms": { "matrix": ")json" +
           room + R"json(" },
      "layers": [
        { "name": "primary", "members": ["bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-01-05" }
      ],
      "escalation": { "business_hours": "chain", "after_hours": "chain" }
    }
  },
  "escalation_policies": {
    "chain": { "steps": [{ "after": "0s", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }], "repeat": 1 }
  },
  "sources": { "demo": { "type": "webhook", "secret": { "env": "SB_TEST_SECRET" } } },
  "routing": [{ "match": {}, "team": "care" }]
})json";
}

} // namespace sb::test
