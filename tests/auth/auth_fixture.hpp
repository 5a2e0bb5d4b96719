// SPDX-License-Identifier: Apache-2.0
// An ApiContext on a real SQLite file with simulated time, and a router that calls handlers
// directly, for the sign-in, session and token tests.
#pragma once

#include "bot/api/api_context.hpp"
#include "bot/api/web_routes.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/rota_repository.hpp"
#include "config/config.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

namespace sb::test {

inline config::Config auth_config() {
    auto loaded = config::load_config_text(R"json({
      "chat": [{ "type": "console", "name": "console" }, { "type": "console", "name": "team-chat" }],
      "people": {
        "alice": { "name": "Alice", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "alice", "team-chat": "alice" } },
        "bob":   { "name": "Bob", "timezone": "Europe/Berlin", "chat": { "console": "bob" } },
        "carol": { "name": "Carol", "timezone": "Europe/Berlin" }
      },
      "teams": {
        "care": {
          "timezone": "Europe/Berlin",
          "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
          "coverage": [{ "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" }],
          "rooms": { "console": "#care" },
          "layers": [
            { "name": "primary", "members": ["bob", "carol"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-02" }
          ],
          "escalation": { "business_hours": "room", "after_hours": "room" }
        }
      },
      "escalation_policies": { "room": { "steps": [{ "after": "0m", "notify": [{ "room": true }] }], "repeat": 1 } },
      "routing": [{ "match": {}, "team": "care" }]
    })json",
                                           "auth-test.jsonc");
    if (!loaded.config) {
        for (auto const& e : loaded.errors)
            ADD_FAILURE() << e.to_string();
        return {};
    }
    return *loaded.config;
}

// Records the routes and answers a request the way the HTTP server picks a route: the longest
// matching pattern for the method.
class DirectRouter : public HttpRouter {
public:
    void add_route(std::string method, std::string path_prefix, HttpHandler handler) override {
        m_routes.push_back({std::move(method), std::move(path_prefix), std::move(handler)});
    }

    std::optional<HttpResponse> call(HttpRequest const& request) {
        Route const* best = nullptr;
        for (auto const& route : m_routes) {
            bool const prefix = !route.pattern.empty() && route.pattern.back() == '/';
            bool const matches =
                prefix ? request.path.rfind(route.pattern, 0) == 0 : request.path == route.pattern;
            if (matches && route.method == request.method &&
                (best == nullptr || route.pattern.size() > best->pattern.size()))
                best = &route;
        }
        if (best == nullptr)
            return std::nullopt;
        std::optional<HttpResponse> answer;
        best->handler(request, [&](HttpResponse response) { answer = std::move(response); });
        return answer;
    }

private:
    struct Route {
        std::string method;
        std::string pattern;
        HttpHandler handler;
    };
    std::vector<Route> m_routes;
};

inline std::string header_of(HttpResponse const& response, std::string const& name) {
    for (auto const& [key, value] : response.headers)
        if (CaseLess{}(key, name) == false && CaseLess{}(name, key) == false)
            return value;
    return {};
}

// Keeps what the outbox delivers to one chat adapter.
class RecordingChat : public ChatAdapter {
public:
    explicit RecordingChat(std::string name) : m_name(std::move(name)) {}
    std::string const& name() const override { return m_name; }
    void start(ChatInbound&) override {}
    void stop() override {}
    AdapterHealth health() const override { return {}; }
    void deliver(OutboxMessage const& message, std::function<void(DeliveryOutcome)> done) override {
        delivered.push_back(message);
        DeliveryOutcome outcome;
        outcome.delivered = true;
        outcome.receipt.message_ref = m_name + "-" + std::to_string(delivered.size());
        done(outcome);
    }
    std::vector<OutboxMessage> delivered;

private:
    std::string m_name;
};

class AuthTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-auth-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        std::filesystem::create_directories(m_dir / "web");
        std::ofstream(m_dir / "web" / "index.html") << "<!doctype html><title>page</title>";
        std::ofstream(m_dir / "web" / "app.js") << "export const x = 1;";
        std::ofstream(m_dir / "web" / "style.css") << "body { margin: 0 }";
        std::ofstream(m_dir / "secret.txt") << "outside the page";
        m_config = auth_config();
        m_clock.set(parse_instant("2026-11-27T12:00:00Z").value());
        m_timers = std::make_unique<ManualTimers>(m_clock);
        m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
        auto rota = rota::ConfigRota::create(m_config);
        ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
        m_rota = std::make_unique<rota::ConfigRota>(std::move(*rota));
        auto engine = Engine::create({.config = m_config,
                                      .store = *m_store,
                                      .clock = m_clock,
                                      .timers = *m_timers,
                                      .rota = *m_rota,
                                      .editable_rota = m_rota.get()});
        ASSERT_TRUE(engine.has_value()) << engine.error().to_string();
        m_engine = std::move(*engine);
        m_engine->add_chat(m_console);
        m_engine->add_chat(m_team_chat);
        m_engine->context().base_url = "https://sb.example.org";
        m_auth = std::make_unique<AuthStore>(*m_store);
        m_api = std::make_unique<ApiContext>(ApiContext{m_engine->context(), m_engine->items(),
                                                        m_engine->rota_service(), *m_auth, m_live,
                                                        (m_dir / "web").string()});
        add_web_routes(m_router, *m_api);
    }
    void TearDown() override {
        m_api.reset();
        m_engine->stop();
        m_engine.reset();
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }

    Instant now() const { return m_clock.now(); }
    void advance(std::chrono::seconds by) { m_clock.set(m_clock.now() + by); }

    HttpResponse call(HttpRequest request) {
        auto answer = m_router.call(request);
        EXPECT_TRUE(answer.has_value()) << request.method << " " << request.path;
        return answer.value_or(HttpResponse::error(599, "no route"));
    }
    HttpResponse get(std::string const& path,
                     std::map<std::string, std::string, CaseLess> headers = {}) {
        HttpRequest request;
        request.method = "GET";
        request.path = path;
        request.headers = std::move(headers);
        return call(request);
    }
    HttpResponse post_form(std::string const& path, std::string const& body,
                           std::map<std::string, std::string, CaseLess> headers = {}) {
        HttpRequest request;
        request.method = "POST";
        request.path = path;
        request.headers = std::move(headers);
        request.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
        request.body = body;
        return call(request);
    }

    std::filesystem::path m_dir;
    config::Config m_config;
    ManualClock m_clock{};
    std::unique_ptr<ManualTimers> m_timers;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<rota::ConfigRota> m_rota;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AuthStore> m_auth;
    RecordingChat m_console{"console"};
    RecordingChat m_team_chat{"team-chat"};
    LiveEvents m_live;
    std::unique_ptr<ApiContext> m_api;
    DirectRouter m_router;
};

} // namespace sb::test
