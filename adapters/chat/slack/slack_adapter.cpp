// SPDX-License-Identifier: Apache-2.0
// The Slack chat adapter: deliveries through the Web API, commands from Socket Mode or HTTP.
#include "adapters/chat/slack/slack_adapter.hpp"

#include "base/json_bounded.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

namespace sb {

using nlohmann::json;
using slack::ApiFailure;
using slack::ApiResult;

namespace {

// Redeliveries come within minutes; this many ids cover far more than that at any sane rate.
constexpr std::size_t remembered_events = 5000;

json* ok_body(ApiResult& result) {
    return std::get_if<json>(&result);
}

} // namespace

Result<std::unique_ptr<SlackAdapter>>
SlackAdapter::create(SlackOptions options, boost::asio::io_context& io, HttpClient& http,
                     Clock const& clock, MetricsRegistry& metrics, HttpRouter* router) {
    if (options.bot_token.empty())
        return unexpected(ErrorCode::invalid_argument,
                          "chat adapter '" + options.name + "' needs bot_token (xoxb-…)");
    if (options.app_token.empty() && options.signing_secret.empty())
        return unexpected(ErrorCode::invalid_argument,
                          "chat adapter '" + options.name +
                              "' needs app_token (Socket Mode) or signing_secret (Events API) "
                              "to receive commands");
    if (!options.signing_secret.empty() && router == nullptr)
        return unexpected(ErrorCode::invalid_argument,
                          "chat adapter '" + options.name +
                              "' has a signing_secret but the daemon has no HTTP server");
    std::unique_ptr<SlackAdapter> adapter(
        new SlackAdapter(std::move(options), io, http, clock, metrics));
    if (!adapter->m_options.signing_secret.empty())
        adapter->add_routes(*router);
    return adapter;
}

SlackAdapter::SlackAdapter(SlackOptions options, boost::asio::io_context& io, HttpClient& http,
                           Clock const& clock, MetricsRegistry& metrics)
    : m_options(std::move(options)), m_io(io), m_clock(clock), m_metrics(metrics),
      m_api(http, m_options.api_base_url, m_options.bot_token) {}

SlackAdapter::~SlackAdapter() {
    stop();
    *m_alive = false;
}

void SlackAdapter::start(ChatInbound& inbound) {
    m_inbound = &inbound;
    learn_identity();
    find_people();
    if (!m_options.app_token.empty())
        start_socket_mode();
}

void SlackAdapter::stop() {
    if (m_socket)
        m_socket->stop();
    m_inbound = nullptr;
}

void SlackAdapter::learn_identity() {
    std::weak_ptr<bool> alive = m_alive;
    m_api.call("auth.test", json::object(), [this, alive](ApiResult result) {
        if (alive.expired())
            return;
        if (auto* body = ok_body(result)) {
            m_bot_user = body->value("user_id", std::string{});
            m_auth_problem.clear();
            spdlog::info("slack: {} signed in as bot user {}", m_options.name, m_bot_user);
            return;
        }
        auto const& failure = std::get<ApiFailure>(result);
        report_failure("auth.test", failure);
        if (failure.retry == Retry::later) {
            // Without the bot's id a mention cannot be recognised; ask again soon.
            auto timer = std::make_shared<boost::asio::steady_timer>(m_io, std::chrono::seconds(5));
            timer->async_wait([this, alive, timer](boost::system::error_code ec) {
                if (!ec && !alive.expired() && m_inbound != nullptr)
                    learn_identity();
            });
        }
    });
}

void SlackAdapter::find_people() {
    for (auto const& [person, email] : m_options.emails)
        if (!m_found_user.contains(person))
            find_person(person, email);
}

void SlackAdapter::find_person(std::string const& person, std::string const& email) {
    std::weak_ptr<bool> alive = m_alive;
    m_api.call_form(
        "users.lookupByEmail", {{"email", email}}, [this, alive, person, email](ApiResult result) {
            if (alive.expired())
                return;
            if (auto* body = ok_body(result)) {
                auto id = body->value("user", json::object()).value("id", std::string{});
                if (id.empty()) {
                    spdlog::warn("slack: {} found no user id for person '{}' by e-mail",
                                 m_options.name, person);
                    return;
                }
                m_found_user[person] = id;
                m_found_person[id] = person;
                spdlog::info("slack: {} knows person '{}' as user {} by e-mail", m_options.name,
                             person, id);
                return;
            }
            auto const& failure = std::get<ApiFailure>(result);
            if (failure.slack_error == "users_not_found") {
                // Not a fault of the adapter: the person is simply not in this workspace.
                m_metrics
                    .counter("switchboard_slack_api_errors_total",
                             "Slack Web API calls that failed",
                             {{"adapter", m_options.name},
                              {"method", "users.lookupByEmail"},
                              {"error", failure.slack_error}})
                    .inc();
                spdlog::warn("slack: {} has no user with the e-mail of person '{}' ({}); they "
                             "cannot use or be paged on it until people.{}.chat.{} is set",
                             m_options.name, person, email, person, m_options.name);
                return;
            }
            report_failure("users.lookupByEmail", failure);
            spdlog::warn("slack: {} could not look up person '{}' by e-mail: {}", m_options.name,
                         person, failure.error.message);
            if (failure.retry == Retry::later) {
                auto wait = failure.retry_after.value_or(Seconds(30));
                auto timer = std::make_shared<boost::asio::steady_timer>(
                    m_io, std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait));
                timer->async_wait(
                    [this, alive, timer, person, email](boost::system::error_code ec) {
                        if (!ec && !alive.expired() && m_inbound != nullptr)
                            find_person(person, email);
                    });
            }
        });
}

std::optional<std::string> SlackAdapter::person_for(std::string const& address) const {
    auto it = m_found_person.find(address);
    if (it == m_found_person.end())
        return std::nullopt;
    return it->second;
}

std::optional<std::string> SlackAdapter::address_of(std::string const& person) const {
    auto it = m_found_user.find(person);
    if (it == m_found_user.end())
        return std::nullopt;
    return it->second;
}

void SlackAdapter::start_socket_mode() {
    std::weak_ptr<bool> alive = m_alive;
    slack::SocketModeCallbacks callbacks;
    callbacks.open_url = [this, alive](auto done) {
        if (alive.expired())
            return;
        m_api.open_connection(m_options.app_token, [this, alive, done](ApiResult result) {
            if (alive.expired())
                return;
            if (auto* body = ok_body(result)) {
                auto url = body->value("url", std::string{});
                if (url.empty())
                    done("", "apps.connections.open returned no url", false);
                else
                    done(url, "", false);
                return;
            }
            auto const& failure = std::get<ApiFailure>(result);
            report_failure("apps.connections.open", failure);
            bool fatal = slack::is_auth_error(failure.slack_error) ||
                         failure.slack_error == "missing_args" ||
                         failure.slack_error == "forbidden_team";
            done("", failure.slack_error, fatal);
        });
    };
    callbacks.on_envelope = [this, alive](std::string const& type, std::string const& payload) {
        if (alive.expired())
            return;
        auto parsed = parse_json_bounded(payload);
        if (type == "events_api")
            handle_payload(slack::PayloadKind::events_api, parsed);
        else if (type == "slash_commands")
            handle_payload(slack::PayloadKind::slash_commands, parsed);
        else if (type == "interactive")
            handle_payload(slack::PayloadKind::interactive, parsed);
    };
    m_socket = slack::SocketModeClient::create(m_io, std::move(callbacks));
    m_socket->start();
}

AdapterHealth SlackAdapter::health() const {
    AdapterHealth health;
    if (!m_auth_problem.empty()) {
        health.ready = false;
        health.reason = m_auth_problem;
        return health;
    }
    if (m_socket) {
        auto status = m_socket->status();
        if (!status.connected) {
            health.ready = false;
            health.reason = status.reason;
            return health;
        }
    }
    // A refused delivery does not stop the rest, but an operator should see it.
    health.reason = m_last_refusal;
    return health;
}

bool SlackAdapter::first_time(std::string const& event_id) {
    if (event_id.empty())
        return true;
    if (!m_seen.insert(event_id).second)
        return false;
    m_seen_order.push_back(event_id);
    if (m_seen_order.size() > remembered_events) {
        m_seen.erase(m_seen_order.front());
        m_seen_order.pop_front();
    }
    return true;
}

void SlackAdapter::handle_payload(slack::PayloadKind kind, nlohmann::json const& payload) {
    auto translated = slack::translate(kind, payload, m_options.name, m_bot_user);
    if (!translated) {
        spdlog::warn("slack: ignored a payload: {}", translated.error().message);
        return;
    }
    if (!first_time(translated->event_id)) {
        m_metrics
            .counter("switchboard_slack_duplicate_events_total",
                     "Slack events dropped because they were delivered before",
                     {{"adapter", m_options.name}})
            .inc();
        return;
    }
    if (!translated->command || m_inbound == nullptr)
        return;
    auto command = *translated->command;
    std::weak_ptr<bool> alive = m_alive;
    auto reply = [this, alive, command](std::string text) {
        if (!alive.expired())
            answer(command, text);
    };
    if (command.action)
        m_inbound->on_action(*command.action, reply);
    else
        m_inbound->on_command(command.origin, command.text, reply);
}

void SlackAdapter::answer(slack::InboundCommand const& command, std::string const& plain) {
    // Answers quote strangers' text (a card's author, an excerpt): never as markup.
    auto const text = slack::escape(plain);
    auto log_failure = [name = m_options.name](std::string const& how) {
        return [name, how](ApiResult result) {
            if (auto* failure = std::get_if<ApiFailure>(&result))
                spdlog::warn("slack: {} could not answer by {}: {}", name, how,
                             failure->error.message);
        };
    };
    if (!command.response_url.empty()) {
        m_api.respond(command.response_url, json{{"response_type", "ephemeral"}, {"text", text}},
                      log_failure("response_url"));
    } else if (command.direct) {
        m_api.call("chat.postMessage", json{{"channel", command.dm_channel}, {"text", text}},
                   log_failure("chat.postMessage"));
    } else {
        m_api.call(
            "chat.postEphemeral",
            json{{"channel", command.origin.room}, {"user", command.origin.user}, {"text", text}},
            log_failure("chat.postEphemeral"));
    }
}

void SlackAdapter::report_failure(std::string const& method, ApiFailure const& failure) {
    m_metrics
        .counter("switchboard_slack_api_errors_total", "Slack Web API calls that failed",
                 {{"adapter", m_options.name}, {"method", method}, {"error", failure.slack_error}})
        .inc();
    if (slack::is_auth_error(failure.slack_error)) {
        m_auth_problem = "Slack refused the token for " + method + " (" + failure.slack_error +
                         "); check bot_token and app_token";
        spdlog::error("slack: {}", m_auth_problem);
    } else if (failure.retry == Retry::never) {
        m_last_refusal = "last refused: " + method + " (" + failure.slack_error + ")";
    }
}

DeliveryOutcome SlackAdapter::outcome_of(ApiFailure const& failure) const {
    DeliveryOutcome outcome;
    outcome.failure.error = failure.error;
    outcome.failure.retry = failure.retry;
    outcome.failure.retry_after = failure.retry_after;
    return outcome;
}

void SlackAdapter::post(std::string const& method, nlohmann::json args,
                        std::function<void(DeliveryOutcome)> done) {
    std::weak_ptr<bool> alive = m_alive;
    m_api.call(method, args, [this, alive, method, done = std::move(done)](ApiResult result) {
        if (alive.expired())
            return;
        if (auto* body = ok_body(result)) {
            DeliveryOutcome outcome;
            outcome.delivered = true;
            outcome.receipt.message_ref = slack::card_ref(body->value("channel", std::string{}),
                                                          body->value("ts", std::string{}));
            done(outcome);
            return;
        }
        auto const& failure = std::get<ApiFailure>(result);
        report_failure(method, failure);
        done(outcome_of(failure));
    });
}

void SlackAdapter::deliver(OutboxMessage const& message,
                           std::function<void(DeliveryOutcome)> done) {
    auto refuse = [&](std::string why) {
        DeliveryOutcome outcome;
        outcome.failure.error = make_error(ErrorCode::invalid_argument, std::move(why));
        outcome.failure.retry = Retry::never;
        done(outcome);
    };
    switch (message.kind) {
    case OutboxKind::post_card: {
        if (!message.card)
            return refuse("a card delivery without a card");
        auto card = slack::render_card(*message.card, m_clock.now());
        post("chat.postMessage",
             json{{"channel", message.room},
                  {"text", card.text},
                  {"blocks", card.blocks},
                  {"unfurl_links", false},
                  {"unfurl_media", false}},
             std::move(done));
        return;
    }
    case OutboxKind::update_card: {
        auto ref = slack::split_card_ref(message.card_ref);
        if (!message.card || !ref)
            return refuse("a card update without a card or a Slack message to update");
        auto card = slack::render_card(*message.card, m_clock.now());
        post("chat.update",
             json{{"channel", ref->first},
                  {"ts", ref->second},
                  {"text", card.text},
                  {"blocks", card.blocks}},
             std::move(done));
        return;
    }
    case OutboxKind::thread_note: {
        auto ref = slack::split_card_ref(message.card_ref);
        if (!ref)
            return refuse("a thread note without its card's Slack message");
        post("chat.postMessage",
             json{{"channel", ref->first},
                  {"thread_ts", ref->second},
                  {"text", slack::escape(message.text)}},
             std::move(done));
        return;
    }
    case OutboxKind::room_message:
        post("chat.postMessage",
             json{{"channel", message.room}, {"text", slack::escape(message.text)}},
             std::move(done));
        return;
    case OutboxKind::direct_message: {
        auto user = message.person_address.empty() ? address_of(message.person).value_or("")
                                                   : message.person_address;
        if (user.empty())
            return refuse("person '" + message.person +
                          "' has no Slack user id in the config and none was found by e-mail");
        std::weak_ptr<bool> alive = m_alive;
        // conversations.open is idempotent, so a retry after a failed post opens nothing new.
        m_api.call(
            "conversations.open", json{{"users", user}},
            [this, alive, message, done = std::move(done)](ApiResult result) mutable {
                if (alive.expired())
                    return;
                auto* body = ok_body(result);
                if (!body) {
                    auto const& failure = std::get<ApiFailure>(result);
                    report_failure("conversations.open", failure);
                    done(outcome_of(failure));
                    return;
                }
                auto channel = body->value("channel", json::object()).value("id", std::string{});
                post("chat.postMessage",
                     json{{"channel", channel},
                          {"text", slack::escape(message.text)},
                          {"blocks", slack::render_page_blocks(message.text, message.item_id,
                                                               message.card ? message.card->language
                                                                            : Language::en)}},
                     std::move(done));
            });
        return;
    }
    }
    refuse("an unknown kind of delivery");
}

void SlackAdapter::add_routes(HttpRouter& router) {
    std::weak_ptr<bool> alive = m_alive;
    auto route = [this, alive](slack::PayloadKind kind) {
        return [this, alive, kind](HttpRequest const& request, HttpResponder respond) {
            if (alive.expired())
                return respond(HttpResponse::error(503, "the Slack adapter is stopping"));
            auto form = kind == slack::PayloadKind::events_api
                            ? std::map<std::string, std::string>{}
                            : slack::parse_form(request.body);
            // Slack checks that a slash command URL has a certificate; nothing to verify.
            if (form.contains("ssl_check"))
                return respond(HttpResponse::text(200, ""));
            auto signed_ok = slack::verify_signature(
                m_options.signing_secret, request.header("X-Slack-Request-Timestamp"), request.body,
                request.header("X-Slack-Signature"), m_clock.now());
            if (!signed_ok) {
                spdlog::warn("slack: refused an unsigned or badly signed request to {}: {}",
                             request.path, signed_ok.error().message);
                return respond(HttpResponse::error(401, signed_ok.error().message));
            }
            json payload;
            if (kind == slack::PayloadKind::events_api) {
                payload = parse_json_bounded(request.body);
            } else if (kind == slack::PayloadKind::interactive) {
                payload = parse_json_bounded(form["payload"]);
            } else {
                payload = json::object();
                for (auto const& [key, value] : form)
                    payload[key] = value;
            }
            if (!payload.is_object())
                return respond(HttpResponse::error(400, "the body is not a Slack payload"));
            if (payload.value("type", std::string{}) == "url_verification")
                return respond(HttpResponse::json(
                    200, json{{"challenge", payload.value("challenge", std::string{})}}.dump()));
            // Slack wants an answer within three seconds: answer now, act right after.
            respond(HttpResponse::text(200, ""));
            boost::asio::post(m_io, [this, alive, kind, payload = std::move(payload)] {
                if (!alive.expired())
                    handle_payload(kind, payload);
            });
        };
    };
    router.add_route("POST", "/slack/events", route(slack::PayloadKind::events_api));
    router.add_route("POST", "/slack/interactive", route(slack::PayloadKind::interactive));
    router.add_route("POST", "/slack/commands", route(slack::PayloadKind::slash_commands));
}

} // namespace sb
