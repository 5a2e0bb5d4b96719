// SPDX-License-Identifier: Apache-2.0
// The Slack chat adapter: cards with buttons, commands, reactions and DMs over Socket Mode or
// the Events API.
#pragma once

#include "adapters/chat/slack/slack_socket_mode.hpp"
#include "adapters/chat/slack/slack_web_api.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/chat_adapter.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/http.hpp"

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace boost::asio {
class io_context;
}

namespace sb {

struct SlackOptions {
    std::string name = "slack";
    std::string api_base_url = "https://slack.com/api";
    std::string bot_token;      // xoxb-…, for the Web API
    std::string app_token;      // xapp-…, for Socket Mode; empty: Events API only
    std::string signing_secret; // for the Events API routes; empty: no routes
    // Person id → e-mail for people the config gives no Slack id on this adapter; their ids are
    // looked up by e-mail (users.lookupByEmail) when the adapter starts.
    std::map<std::string, std::string> emails;
};

class SlackAdapter : public ChatAdapter {
public:
    // An error when the settings cannot work: no bot token, or neither Socket Mode nor Events API.
    static Result<std::unique_ptr<SlackAdapter>>
    create(SlackOptions options, boost::asio::io_context& io, HttpClient& http, Clock const& clock,
           MetricsRegistry& metrics, HttpRouter* router);
    ~SlackAdapter() override;

    std::string const& name() const override { return m_options.name; }
    void start(ChatInbound& inbound) override;
    void stop() override;
    void deliver(OutboxMessage const& message, std::function<void(DeliveryOutcome)> done) override;
    AdapterHealth health() const override;
    std::optional<std::string> person_for(std::string const& address) const override;
    std::optional<std::string> address_of(std::string const& person) const override;

    // Handles one payload as Socket Mode or the Events API hands it over.
    void handle_payload(slack::PayloadKind kind, nlohmann::json const& payload);
    int socket_connections_for_test() const { return m_socket ? m_socket->connections_made() : 0; }

private:
    SlackAdapter(SlackOptions options, boost::asio::io_context& io, HttpClient& http,
                 Clock const& clock, MetricsRegistry& metrics);
    void add_routes(HttpRouter& router);
    void learn_identity();
    void start_socket_mode();
    void find_people();
    void find_person(std::string const& person, std::string const& email);
    void answer(slack::InboundCommand const& command, std::string const& text);
    // Remembers an event id; false when it was seen before (a redelivery or a retry).
    bool first_time(std::string const& event_id);
    void post(std::string const& method, nlohmann::json args,
              std::function<void(DeliveryOutcome)> done);
    void report_failure(std::string const& method, slack::ApiFailure const& failure);
    DeliveryOutcome outcome_of(slack::ApiFailure const& failure) const;

    SlackOptions m_options;
    boost::asio::io_context& m_io;
    Clock const& m_clock;
    MetricsRegistry& m_metrics;
    slack::WebApi m_api;
    std::unique_ptr<slack::SocketModeClient> m_socket;
    ChatInbound* m_inbound = nullptr;
    std::string m_bot_user; // from auth.test; the bot's own messages are never commands
    std::string m_auth_problem;
    std::string m_last_refusal;
    std::map<std::string, std::string> m_found_user;   // person → Slack user id, by e-mail
    std::map<std::string, std::string> m_found_person; // Slack user id → person
    std::deque<std::string> m_seen_order;
    std::set<std::string> m_seen;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
