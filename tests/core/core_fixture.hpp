// SPDX-License-Identifier: Apache-2.0
// A core on a real SQLite file, simulated time, a scripted rota and a chat that records.
#pragma once

#include "bot/core/engine.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>

namespace sb::test {

// The rota as a test wants it: a window and who is on call, decided by a function of time.
class ScriptedRota : public RotaResolver {
public:
    std::function<OnCallAnswer(Instant)> answer = [](Instant) { return OnCallAnswer{}; };
    std::function<std::optional<Instant>(Instant)> next = [](Instant) {
        return std::optional<Instant>{};
    };
    OnCallAnswer who(std::string const&, Instant at) const override { return answer(at); }
    std::optional<Instant> next_covered(std::string const&, Instant after) const override {
        return next(after);
    }
};

inline OnCallAnswer after_hours(std::optional<std::string> primary,
                                std::optional<std::string> secondary) {
    OnCallAnswer a;
    a.window = "evening";
    a.layers.push_back({"primary", primary, "rotation", "", {}, {}});
    a.layers.push_back({"secondary", secondary, "rotation", "", {}, {}});
    return a;
}

// Records every delivery; can be told to fail.
class RecordingChat : public ChatAdapter {
public:
    explicit RecordingChat(std::string name = "console") : m_name(std::move(name)) {}
    std::string const& name() const override { return m_name; }
    void start(ChatInbound&) override {}
    void stop() override {}
    AdapterHealth health() const override { return {}; }
    void deliver(OutboxMessage const& message, std::function<void(DeliveryOutcome)> done) override {
        DeliveryOutcome outcome;
        if (fail_next > 0) {
            --fail_next;
            outcome.failure.error = make_error(ErrorCode::unavailable, "chat is down");
            outcome.failure.retry = Retry::later;
        } else {
            delivered.push_back(message);
            outcome.delivered = true;
            outcome.receipt.message_ref = "ref-" + std::to_string(delivered.size());
        }
        done(outcome);
    }
    std::vector<OutboxMessage> of_kind(OutboxKind kind) const {
        std::vector<OutboxMessage> out;
        for (auto const& m : delivered)
            if (m.kind == kind)
                out.push_back(m);
        return out;
    }
    std::vector<OutboxMessage> delivered;
    int fail_next = 0;

private:
    std::string m_name;
};

config::Config test_config();

class CoreTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    // A fresh engine on the same store file, as after a restart.
    void restart();
    Instant at(std::string const& text) const { return parse_instant(text).value(); }
    ItemId ingest(std::string const& id, std::string const& text = "hello",
                  std::string const& platform = "x");
    std::string command(std::string const& person, std::string const& text);
    std::vector<std::string> paged_people() const;

    std::filesystem::path m_dir;
    config::Config m_config;
    ManualClock m_clock{};
    std::unique_ptr<ManualTimers> m_timers;
    ScriptedRota m_rota;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Engine> m_engine;
    RecordingChat m_chat;
};

} // namespace sb::test
