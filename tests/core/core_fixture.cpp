// SPDX-License-Identifier: Apache-2.0
// A core on a real SQLite file, simulated time, a scripted rota and a chat that records.
#include "core_fixture.hpp"

#include <unistd.h>

namespace sb::test {

config::Config test_config() {
    auto loaded = config::load_config_text(R"json({
      "chat": [{ "type": "console", "name": "console" }],
      "people": {
        "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice" } },
        "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } },
        "carol": { "name": "Carol", "timezone": "Europe/Berlin", "chat": { "console": "carol" } }
      },
      "teams": {
        "care": {
          "timezone": "Europe/Berlin",
          "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
          "coverage": [{ "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" }],
          "rooms": { "console": "#care" },
          "layers": [
            { "name": "primary", "members": ["bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-02" },
            { "name": "secondary", "members": ["carol", "bob"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-02" }
          ],
          "escalation": { "business_hours": "daytime", "after_hours": "after-hours" }
        }
      },
      "escalation_policies": {
        "daytime": { "steps": [{ "after": "0m", "notify": [{ "room": true }] }], "repeat": 1 },
        "after-hours": {
          "steps": [
            { "after": "0m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] },
            { "after": "10m", "notify": [{ "layer": "secondary" }], "via": ["chat_dm"] },
            { "after": "20m", "notify": [{ "role": "manager" }], "via": ["chat_dm"] }
          ],
          "repeat": 1
        }
      },
      "routing": [
        { "match": { "keywords": ["lawyer", "Kündigung"] }, "priority": "high" },
        { "match": { "max_rating": 2 }, "priority": "urgent" },
        { "match": {}, "team": "care" }
      ]
    })json",
                                           "test.jsonc");
    if (!loaded.config) {
        for (auto const& e : loaded.errors)
            ADD_FAILURE() << e.to_string();
        return {};
    }
    return *loaded.config;
}

void CoreTest::SetUp() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "switchboard-core-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
    m_config = test_config();
    m_clock.set(at("2026-11-27T20:00:00+01:00")); // a Friday evening
    m_rota.answer = [](Instant) { return after_hours("bob", "carol"); };
    restart();
}

void CoreTest::TearDown() {
    m_engine.reset();
    m_store.reset();
    std::filesystem::remove_all(m_dir);
}

void CoreTest::restart() {
    m_engine.reset();
    m_store.reset();
    m_timers = std::make_unique<ManualTimers>(m_clock);
    m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
    auto engine = Engine::create({.config = m_config,
                                  .store = *m_store,
                                  .clock = m_clock,
                                  .timers = *m_timers,
                                  .rota = m_rota});
    ASSERT_TRUE(engine.has_value());
    m_engine = std::move(*engine);
    m_engine->add_chat(m_chat);
    m_engine->start();
}

ItemId CoreTest::ingest(std::string const& id, std::string const& text,
                        std::string const& platform) {
    Mention mention;
    mention.source = "demo";
    mention.platform = platform;
    mention.external_id = id;
    mention.author = "@someone";
    mention.text = text;
    mention.url = "https://example.org/" + id;
    mention.created_at = m_clock.now();
    auto outcome = m_engine->items().ingest(mention);
    EXPECT_TRUE(outcome.has_value());
    m_timers->run_due();
    return outcome ? outcome->item_id : 0;
}

std::string CoreTest::command(std::string const& person, std::string const& text) {
    ChatOrigin origin{"console", person, "#care", "", false};
    auto reply = m_engine->commands().execute(origin, text);
    m_timers->run_due();
    return reply;
}

std::vector<std::string> CoreTest::paged_people() const {
    std::vector<std::string> out;
    for (auto const& m : m_chat.of_kind(OutboxKind::direct_message))
        out.push_back(m.person);
    return out;
}

} // namespace sb::test
