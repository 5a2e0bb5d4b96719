// SPDX-License-Identifier: Apache-2.0
// The built-in demo: a weekend of a small care team, replayed in simulated time.
#include "bot/daemon/simulate.hpp"

#include <iostream>
#include <sstream>

namespace sb {
namespace {

// A self-contained team: three people, evening and weekend cover, two escalation policies.
constexpr char const* demo_config = R"json({
  "listen": "127.0.0.1:0",
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "alice": { "name": "Alice (manager)", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice" } },
    "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "role": "member", "chat": { "console": "bob" } },
    "carol": { "name": "Carol", "timezone": "Europe/Berlin", "role": "member", "chat": { "console": "carol" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "holidays": "DE-BY",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
      "coverage": [
        { "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" },
        { "name": "weekend", "days": ["sat", "sun"], "start": "09:00", "end": "21:00" },
        { "name": "holiday", "holidays": true, "start": "09:00", "end": "21:00" }
      ],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["bob", "carol"], "shift": "1w",
          "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-23",
          "windows": ["evening", "weekend", "holiday"] },
        { "name": "secondary", "members": ["carol", "bob"], "shift": "1w",
          "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-23",
          "windows": ["evening", "weekend", "holiday"] }
      ],
      "escalation": { "business_hours": "daytime", "after_hours": "after-hours" }
    }
  },
  "escalation_policies": {
    "daytime": {
      "steps": [
        { "after": "0m", "notify": [{ "room": true }] },
        { "after": "15m", "notify": [{ "role": "manager" }], "via": ["chat_dm"] }
      ],
      "repeat": 1
    },
    "after-hours": {
      "steps": [
        { "after": "0m", "notify": [{ "layer": "primary" }], "via": ["chat_dm", "push"] },
        { "after": "10m", "notify": [{ "layer": "secondary" }], "via": ["chat_dm", "push"] },
        { "after": "20m", "notify": [{ "role": "manager" }], "via": ["chat_dm", "push"] }
      ],
      "repeat": 1
    }
  },
  "sources": {},
  "routing": [
    { "match": { "keywords": ["Rechnung", "Störung", "Kündigung", "lawyer"] }, "priority": "high" },
    { "match": { "max_rating": 2 }, "priority": "high" },
    { "match": {}, "team": "care" }
  ]
})json";

// Friday afternoon to Monday morning: one item in business hours, one in the evening that
// escalates, one at night that waits for the weekend window, and a bad review on Sunday.
constexpr char const* demo_events = R"(
{"id":"x-1001","platform":"x","author":"@anna_k","text":"Meine Rechnung wurde doppelt abgebucht, @telco! Wer hilft?","url":"https://x.com/anna_k/status/1001","created_at":"2026-11-27T17:10:00+01:00"}
{"at":"2026-11-27T17:14:00+01:00","as":"bob","command":"claim 1"}
{"at":"2026-11-27T17:15:00+01:00","as":"carol","command":"claim 1"}
{"at":"2026-11-27T17:42:00+01:00","as":"bob","command":"resolve 1 refund issued, answered in public"}
{"id":"ig-2002","platform":"instagram","kind":"comment","author":"@mehmet.b","text":"Seit einer Stunde kein Netz in Giesing. Störung?","url":"https://instagram.com/p/2002","created_at":"2026-11-27T20:05:00+01:00"}
{"at":"2026-11-27T20:27:00+01:00","as":"carol","command":"claim 2"}
{"at":"2026-11-27T20:50:00+01:00","as":"carol","command":"resolve 2 outage confirmed, link to status page"}
{"id":"fb-3003","platform":"facebook","kind":"comment","author":"Jonas Weber","text":"Thanks for the quick help with my router this week!","url":"https://facebook.com/telco/posts/3003","created_at":"2026-11-28T02:13:00+01:00"}
{"at":"2026-11-28T09:04:00+01:00","as":"bob","command":"claim 3"}
{"at":"2026-11-28T09:06:00+01:00","as":"bob","command":"resolve 3 thanked him"}
{"id":"gm-4004","platform":"google","kind":"review","rating":1,"author":"Petra S.","text":"Three calls, no answer. Worst support ever.","url":"https://maps.google.com/review/4004","created_at":"2026-11-29T14:00:00+01:00"}
{"at":"2026-11-29T14:03:00+01:00","as":"bob","command":"claim 4"}
{"at":"2026-11-29T14:31:00+01:00","as":"bob","command":"resolve 4 called her back, apologised"}
)";

} // namespace

int run_demo(std::ostream& out) {
    auto loaded = config::load_config_text(demo_config, "<demo>");
    if (!loaded.config) {
        for (auto const& error : loaded.errors)
            std::cerr << error.to_string() << '\n';
        return 1;
    }
    out << "switchboard demo: a weekend of a small care team (Bob is primary, Carol secondary,\n"
           "Alice manages). Every line below is what the team's chat would have shown.\n\n";
    std::istringstream events(demo_events);
    SimulationOptions options;
    options.from = parse_instant("2026-11-27T17:00+01:00").value();
    options.to = parse_instant("2026-11-30T09:00+01:00").value();
    return run_simulation(*loaded.config, events, options, out);
}

} // namespace sb
