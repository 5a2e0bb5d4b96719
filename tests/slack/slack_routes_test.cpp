// SPDX-License-Identifier: Apache-2.0
// The Events API routes: signatures, url_verification, retries, slash commands and buttons.
#include "adapters/chat/slack/slack_adapter.hpp"

#include "base/hmac.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <map>

namespace sb {
namespace {

using nlohmann::json;

constexpr char const* docs_secret = "8f742231b10e8888abcd99yyyzzz85a5";

class FixedClock : public Clock {
public:
    Instant now() const override { return at; }
    Instant at{Seconds(1531420618)};
};

class CapturingRouter : public HttpRouter {
public:
    void add_route(std::string method, std::string path, HttpHandler handler) override {
        routes[method + " " + path] = std::move(handler);
    }
    std::map<std::string, HttpHandler> routes;
};

// Answers every call with a transport failure: these tests look only at the inbound side.
class OfflineHttp : public HttpClient {
public:
    void send(OutboundRequest request,
              std::function<void(Result<OutboundResponse>)> done) override {
        urls.push_back(request.url);
        done(make_error(ErrorCode::unavailable, "offline"));
    }
    std::vector<std::string> urls;
};

class RecordingInbound : public ChatInbound {
public:
    void on_command(ChatOrigin const& origin, std::string const& text,
                    std::function<void(std::string)> reply) override {
        commands.emplace_back(origin, text);
        reply("done");
    }
    std::vector<std::pair<ChatOrigin, std::string>> commands;
};

class SlackRoutes : public ::testing::Test {
protected:
    void SetUp() override {
        SlackOptions options;
        options.bot_token = "xoxb-test";
        options.signing_secret = docs_secret;
        auto created = SlackAdapter::create(options, io, http, clock, metrics, &router);
        ASSERT_TRUE(created);
        adapter = std::move(*created);
        adapter->start(inbound);
    }

    HttpResponse post(std::string const& path, std::string const& body,
                      std::map<std::string, std::string> extra = {}) {
        HttpRequest request;
        request.method = "POST";
        request.path = path;
        request.body = body;
        auto ts = std::to_string(clock.at.time_since_epoch().count());
        request.headers["X-Slack-Request-Timestamp"] = ts;
        request.headers["X-Slack-Signature"] =
            "v0=" + hmac_sha256_hex(docs_secret, "v0:" + ts + ":" + body);
        for (auto const& [k, v] : extra)
            request.headers[k] = v;
        HttpResponse answer;
        router.routes.at("POST " + path)(request, [&](HttpResponse r) { answer = std::move(r); });
        io.restart();
        io.poll();
        return answer;
    }

    boost::asio::io_context io;
    OfflineHttp http;
    FixedClock clock;
    MetricsRegistry metrics;
    CapturingRouter router;
    RecordingInbound inbound;
    std::unique_ptr<SlackAdapter> adapter;
};

TEST_F(SlackRoutes, SlashCommandWithTheDocumentationExampleIsAcceptedAndRun) {
    std::string body =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
        "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
        "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
        "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
        "803a0bc887a14d10d2c447fce8b6703c";
    HttpRequest request;
    request.method = "POST";
    request.path = "/slack/commands";
    request.body = body;
    request.headers["x-slack-request-timestamp"] = "1531420618";
    request.headers["x-slack-signature"] =
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    HttpResponse answer;
    router.routes.at("POST /slack/commands")(request, [&](HttpResponse r) { answer = r; });
    io.restart();
    io.poll();
    EXPECT_EQ(answer.status, 200);
    ASSERT_EQ(inbound.commands.size(), 1u);
    EXPECT_EQ(inbound.commands[0].first.user, "U2CERLKJA");
    EXPECT_TRUE(inbound.commands[0].first.ephemeral);
    EXPECT_EQ(inbound.commands[0].second, "help"); // an empty slash command asks for help
    // The answer goes to the response_url.
    ASSERT_FALSE(http.urls.empty());
    EXPECT_EQ(http.urls.back().rfind("https://hooks.slack.com/commands/", 0), 0u);

    request.body += "x"; // altered after signing
    router.routes.at("POST /slack/commands")(request, [&](HttpResponse r) { answer = r; });
    EXPECT_EQ(answer.status, 401);
    request.body = body;
    clock.at += Seconds(301);
    router.routes.at("POST /slack/commands")(request, [&](HttpResponse r) { answer = r; });
    EXPECT_EQ(answer.status, 401);
    EXPECT_EQ(inbound.commands.size(), 1u);
}

TEST_F(SlackRoutes, UrlVerificationEchoesTheChallenge) {
    auto answer = post("/slack/events", R"({"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":)"
                                        R"("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",)"
                                        R"("type":"url_verification"})");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(json::parse(answer.body)["challenge"],
              "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
}

TEST_F(SlackRoutes, RetriedEventsAreRunOnce) {
    json event = {{"type", "event_callback"},
                  {"event_id", "Ev42"},
                  {"event",
                   {{"type", "message"},
                    {"user", "U1"},
                    {"text", "!claim 3"},
                    {"channel", "C1"},
                    {"channel_type", "channel"}}}};
    EXPECT_EQ(post("/slack/events", event.dump()).status, 200);
    EXPECT_EQ(post("/slack/events", event.dump(),
                   {{"X-Slack-Retry-Num", "1"}, {"X-Slack-Retry-Reason", "http_timeout"}})
                  .status,
              200);
    ASSERT_EQ(inbound.commands.size(), 1u);
    EXPECT_EQ(inbound.commands[0].second, "claim 3");
    EXPECT_EQ(inbound.commands[0].first.room, "C1");
}

TEST_F(SlackRoutes, ButtonClicksArriveAsAFormWithAJsonPayload) {
    json click = {{"type", "block_actions"},
                  {"user", {{"id", "U1"}}},
                  {"container", {{"type", "message"}, {"channel_id", "C1"}, {"message_ts", "5.1"}}},
                  {"actions", {{{"action_id", "claim"}, {"value", "9"}, {"type", "button"}}}}};
    std::string body = "payload=";
    for (char c : click.dump()) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            body += c;
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
            body += hex;
        }
    }
    EXPECT_EQ(post("/slack/interactive", body).status, 200);
    ASSERT_EQ(inbound.commands.size(), 1u);
    EXPECT_EQ(inbound.commands[0].second, "claim 9");
    EXPECT_EQ(inbound.commands[0].first.card_ref, "C1:5.1");
}

TEST_F(SlackRoutes, UnsignedRequestsAreRefused) {
    HttpRequest request;
    request.method = "POST";
    request.path = "/slack/events";
    request.body = R"({"type":"url_verification","challenge":"x"})";
    HttpResponse answer;
    router.routes.at("POST /slack/events")(request, [&](HttpResponse r) { answer = r; });
    EXPECT_EQ(answer.status, 401);
}

} // namespace
} // namespace sb
