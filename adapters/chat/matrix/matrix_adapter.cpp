// SPDX-License-Identifier: Apache-2.0
// The Matrix chat adapter: login, the /sync loop, commands and reactions in, cards and DMs out.
#include "adapters/chat/matrix/matrix_adapter.hpp"

#include "adapters/chat/matrix/matrix_wire.hpp"
#include "base/backoff.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sb {

using nlohmann::json;

// One answer from the homeserver: a JSON body on 2xx, else the error (status 0: no answer).
struct MatrixAdapter::Reply {
    std::optional<json> body;
    matrix::ApiError error;
};

namespace {

constexpr auto request_timeout = std::chrono::milliseconds(20'000);
// How far back a cut-short timeline is filled: enough for a long outage of a busy room,
// bounded so a huge backlog cannot stall the sync loop.
constexpr int gap_page_size = 50;
constexpr int max_gap_pages = 10;
// Event ids already handled, so overlapping pages never run a command twice.
constexpr std::size_t max_seen_events = 2000;

bool token_error(matrix::ApiError const& error) {
    return error.errcode == "M_UNKNOWN_TOKEN" || error.errcode == "M_MISSING_TOKEN";
}

bool rate_limited(matrix::ApiError const& error) {
    return error.status == 429 || error.errcode == "M_LIMIT_EXCEEDED";
}

Seconds whole_seconds(std::chrono::milliseconds wait) {
    auto seconds = std::chrono::ceil<Seconds>(wait);
    return std::max(seconds, Seconds{1});
}

} // namespace

MatrixAdapter::MatrixAdapter(MatrixOptions options, HttpClient& http, Clock const& clock,
                             TimerService& timers, MatrixStateStore state)
    : m_options(std::move(options)), m_http(http), m_clock(clock), m_timers(timers),
      m_state(std::move(state)), m_alive(std::make_shared<bool>(true)) {}

MatrixAdapter::~MatrixAdapter() {
    stop();
    *m_alive = false;
}

std::string MatrixAdapter::state_key(std::string const& key) const {
    return "matrix:" + m_options.name + ":" + key;
}

void MatrixAdapter::start(ChatInbound& inbound) {
    m_inbound = &inbound;
    m_running = true;
    if (auto since = m_state.load(state_key("next_batch")))
        m_since = *since;
    if (!m_options.homeserver_url.empty()) {
        auto url = m_options.homeserver_url;
        while (!url.empty() && url.back() == '/')
            url.pop_back();
        m_base = url + "/_matrix/client/v3";
        authenticate();
    } else {
        discover();
    }
}

void MatrixAdapter::stop() {
    m_running = false;
    m_inbound = nullptr;
    if (m_retry_timer)
        m_timers.cancel(*m_retry_timer);
    m_retry_timer.reset();
}

AdapterHealth MatrixAdapter::health() const {
    AdapterHealth health;
    if (!m_stopped_reason.empty()) {
        health.ready = false;
        health.reason = m_stopped_reason;
        return health;
    }
    if (!m_synced) {
        health.ready = false;
        health.reason = m_last_error.empty()
                            ? "not yet synced with the homeserver"
                            : "not yet synced with the homeserver: " + m_last_error;
        return health;
    }
    if (!m_encrypted_rooms.empty()) {
        std::string rooms;
        for (auto const& room : m_encrypted_rooms)
            rooms += (rooms.empty() ? "" : ", ") + room;
        health.reason = "cannot work in end-to-end encrypted rooms (not supported yet): " + rooms;
    } else if (!m_last_error.empty()) {
        health.reason = "last homeserver error: " + m_last_error;
    }
    return health;
}

void MatrixAdapter::api(std::string method, std::string const& path, std::optional<json> body,
                        std::chrono::milliseconds timeout, ReplyHandler done) {
    OutboundRequest request;
    request.method = std::move(method);
    request.url = m_base + path;
    request.timeout = timeout;
    if (!m_token.empty())
        request.headers.emplace_back("Authorization", "Bearer " + m_token);
    if (body) {
        request.headers.emplace_back("Content-Type", "application/json");
        request.body = body->dump();
    }
    m_http.send(std::move(request), [this, alive = m_alive,
                                     done = std::move(done)](Result<OutboundResponse> response) {
        if (!*alive)
            return;
        Reply reply;
        if (!response) {
            reply.error.error = response.error().message;
        } else if (response->status >= 200 && response->status < 300) {
            auto parsed = json::parse(response->body, nullptr, false);
            if (parsed.is_discarded()) {
                reply.error.status = response->status;
                reply.error.error = "the homeserver answered with something that is not JSON";
            } else {
                reply.body = std::move(parsed);
            }
        } else {
            reply.error = matrix::parse_error(response->status, response->body,
                                              response->header("retry-after"));
        }
        if (!reply.body) {
            m_last_error = reply.error.status == 0
                               ? "cannot reach the homeserver: " + reply.error.error
                               : reply.error.describe();
            if (m_options.on_api_error)
                m_options.on_api_error(reply.error.errcode.empty()
                                           ? (reply.error.status == 0
                                                  ? std::string("transport")
                                                  : "HTTP_" + std::to_string(reply.error.status))
                                           : reply.error.errcode);
        }
        done(std::move(reply));
    });
}

void MatrixAdapter::discover() {
    auto server = m_options.server_name;
    // A scheme in the server name is allowed so a test server can be named by plain http.
    auto origin = server.find("://") == std::string::npos ? "https://" + server : server;
    OutboundRequest request;
    request.url = origin + "/.well-known/matrix/client";
    request.timeout = request_timeout;
    m_http.send(
        std::move(request), [this, alive = m_alive, server](Result<OutboundResponse> response) {
            if (!*alive || !m_running)
                return;
            if (!response || response->status != 200) {
                fail_start("cannot discover the homeserver of '" + server +
                               "' through .well-known; set \"homeserver_url\" in the config",
                           response.has_value() == false);
                return;
            }
            auto body = json::parse(response->body, nullptr, false);
            std::string url;
            if (body.is_object() && body.contains("m.homeserver") &&
                body["m.homeserver"].is_object() && body["m.homeserver"].contains("base_url") &&
                body["m.homeserver"]["base_url"].is_string())
                url = body["m.homeserver"]["base_url"].get<std::string>();
            if (url.empty()) {
                fail_start(".well-known of '" + server + "' names no m.homeserver base_url", false);
                return;
            }
            while (!url.empty() && url.back() == '/')
                url.pop_back();
            spdlog::info("matrix {}: homeserver of {} is {}", m_options.name, server, url);
            m_base = url + "/_matrix/client/v3";
            authenticate();
        });
}

void MatrixAdapter::fail_start(std::string const& reason, bool retry) {
    m_last_error = reason;
    if (!retry) {
        spdlog::error("matrix {}: {}; the adapter stops", m_options.name, reason);
        m_stopped_reason = reason;
        return;
    }
    spdlog::warn("matrix {}: {}; trying again", m_options.name, reason);
    m_retry_timer = m_timers.schedule(m_clock.now() + Seconds{5}, [this] {
        m_retry_timer.reset();
        if (m_running)
            start(*m_inbound);
    });
}

void MatrixAdapter::authenticate() {
    m_token = m_options.access_token;
    m_token_from_store = false;
    if (m_token.empty()) {
        if (auto stored = m_state.load(state_key("access_token")); stored && !stored->empty()) {
            m_token = *stored;
            m_token_from_store = true;
        }
    }
    if (m_token.empty()) {
        login_with_password();
        return;
    }
    api("GET", "/account/whoami", std::nullopt, request_timeout, [this](Reply reply) {
        if (!m_running)
            return;
        if (!reply.body) {
            if (token_error(reply.error) && m_token_from_store) {
                spdlog::warn("matrix {}: the stored login is no longer valid; logging in again",
                             m_options.name);
                m_state.save(state_key("access_token"), "");
                m_token.clear();
                login_with_password();
            } else if (token_error(reply.error)) {
                token_refused(reply.error.describe());
            } else {
                fail_start("cannot check the access token: " + m_last_error,
                           reply.error.status == 0 || reply.error.status >= 500 ||
                               rate_limited(reply.error));
            }
            return;
        }
        m_user_id = (*reply.body).value("user_id", "");
        spdlog::info("matrix {}: signed in as {}", m_options.name, m_user_id);
        sync_once();
    });
}

void MatrixAdapter::login_with_password() {
    if (m_options.user.empty() || m_options.password.empty()) {
        fail_start("no access token and no user and password to log in with", false);
        return;
    }
    json body = {{"type", "m.login.password"},
                 {"identifier", {{"type", "m.id.user"}, {"user", m_options.user}}},
                 {"password", m_options.password},
                 {"initial_device_display_name", m_options.device_name}};
    // Keeping the device keeps the scope of transaction ids, so retries stay deduplicated.
    if (auto device = m_state.load(state_key("device_id")); device && !device->empty())
        body["device_id"] = *device;
    api("POST", "/login", body, request_timeout, [this](Reply reply) {
        if (!m_running)
            return;
        if (!reply.body) {
            if (rate_limited(reply.error) || reply.error.status == 0 || reply.error.status >= 500) {
                fail_start("login failed: " + m_last_error, true);
            } else {
                fail_start("login as " + m_options.user + " refused: " + reply.error.describe(),
                           false);
            }
            return;
        }
        auto const& answer = *reply.body;
        m_token = answer.value("access_token", "");
        m_user_id = answer.value("user_id", "");
        m_state.save(state_key("access_token"), m_token);
        m_state.save(state_key("device_id"), answer.value("device_id", ""));
        spdlog::info("matrix {}: logged in as {} (device {})", m_options.name, m_user_id,
                     answer.value("device_id", ""));
        sync_once();
    });
}

void MatrixAdapter::token_refused(std::string const& reason) {
    if (!m_stopped_reason.empty())
        return;
    m_stopped_reason = "the homeserver refused the access token (" + reason +
                       "); give switchboard a valid token and restart it";
    spdlog::error("matrix {}: {}", m_options.name, m_stopped_reason);
    if (m_token_from_store)
        m_state.save(state_key("access_token"), "");
    m_running = false;
    if (m_retry_timer)
        m_timers.cancel(*m_retry_timer);
    m_retry_timer.reset();
}

void MatrixAdapter::sync_later(std::chrono::milliseconds delay) {
    m_retry_timer = m_timers.schedule(m_clock.now() + whole_seconds(delay), [this] {
        m_retry_timer.reset();
        if (m_running)
            sync_once();
    });
}

void MatrixAdapter::sync_once() {
    if (!m_running)
        return;
    std::string path = "/sync?filter=" + matrix::encode_component(matrix::sync_filter_json()) +
                       "&set_presence=offline";
    // The first sync returns at once with the rooms as they are; later ones wait for news.
    if (!m_since.empty())
        path += "&timeout=" + std::to_string(m_options.sync_timeout.count()) +
                "&since=" + matrix::encode_component(m_since);
    api("GET", path, std::nullopt, m_options.sync_timeout + request_timeout, [this](Reply reply) {
        if (!m_running)
            return;
        if (!reply.body) {
            sync_failed(reply.error);
            return;
        }
        handle_sync(reply.body->dump(), [this](std::optional<matrix::ApiError> failure) {
            if (!m_running)
                return;
            if (failure) {
                sync_failed(*failure);
                return;
            }
            m_sync_failures = 0;
            sync_once();
        });
    });
}

void MatrixAdapter::sync_failed(matrix::ApiError const& error) {
    if (token_error(error)) {
        token_refused(error.describe());
        return;
    }
    ++m_sync_failures;
    // 2 s after the first failure, doubling up to 30 s.
    constexpr Backoff sync_backoff{std::chrono::seconds(2), std::chrono::seconds(30)};
    auto wait = error.retry_after.value_or(sync_backoff.delay(m_sync_failures));
    spdlog::warn("matrix {}: /sync failed ({}); again in {} ms", m_options.name, m_last_error,
                 wait.count());
    sync_later(wait);
}

// A sync whose timelines were cut short, while the missed events are fetched.
struct MatrixAdapter::GapFill {
    matrix::SyncBatch batch;
    std::map<std::string, std::vector<matrix::TimelineMessage>> missed; // room → newest first
    SyncDone done;
};

void MatrixAdapter::handle_sync(std::string const& body, SyncDone done) {
    auto batch = matrix::parse_sync(body, m_user_id);
    if (!batch) {
        spdlog::warn("matrix {}: {}", m_options.name, batch.error().message);
        done(std::nullopt);
        return;
    }
    bool initial = m_since.empty();
    if (batch->direct)
        for (auto const& [user, rooms] : *batch->direct)
            if (!rooms.empty() && !m_direct_rooms.contains(user))
                m_direct_rooms[user] = rooms.front();
    for (auto const& room : batch->encrypted_rooms)
        note_encrypted(room);
    for (auto const& invite : batch->invites)
        handle_invite(invite.room, invite.inviter, invite.is_direct);
    // The first sync of a fresh install shows history: old commands must not run again, and
    // its cut-short timelines are history too.
    if (initial) {
        batch->messages.clear();
        batch->gaps.clear();
    }
    auto fill = std::make_shared<GapFill>();
    fill->batch = std::move(*batch);
    fill->done = std::move(done);
    if (!fill->batch.gaps.empty())
        spdlog::info("matrix {}: {} room(s) had more news than one sync holds; fetching the rest",
                     m_options.name, fill->batch.gaps.size());
    fill_gap(fill, 0, {}, 0);
}

void MatrixAdapter::fill_gap(std::shared_ptr<GapFill> fill, std::size_t index, std::string from,
                             int pages) {
    if (index >= fill->batch.gaps.size()) {
        finish_sync(fill->batch, fill->missed);
        fill->done(std::nullopt);
        return;
    }
    auto const& gap = fill->batch.gaps[index];
    // Nothing in an encrypted room can be read, so its history is not worth fetching.
    if (m_encrypted_rooms.contains(gap.room)) {
        fill_gap(fill, index + 1, {}, 0);
        return;
    }
    if (from.empty())
        from = gap.prev_batch;
    // Stops at the previous sync's boundary, so only what this run has not seen comes back.
    auto path = "/rooms/" + matrix::encode_component(gap.room) +
                "/messages?dir=b&limit=" + std::to_string(gap_page_size) +
                "&from=" + matrix::encode_component(from) +
                "&to=" + matrix::encode_component(m_since) +
                "&filter=" + matrix::encode_component(matrix::messages_filter_json());
    api("GET", path, std::nullopt, request_timeout, [this, fill, index, from, pages](Reply reply) {
        if (!m_running)
            return;
        if (!reply.body) {
            fill->done(reply.error);
            return;
        }
        auto const& room = fill->batch.gaps[index].room;
        auto page = matrix::parse_messages(reply.body->dump(), room, m_user_id);
        if (!page) {
            matrix::ApiError error;
            error.status = 200;
            error.error = page.error().message;
            m_last_error = error.error;
            fill->done(error);
            return;
        }
        if (page->encrypted)
            note_encrypted(room);
        bool reached_seen = false;
        for (auto const& event : page->events) {
            if (m_seen_events.contains(event.event_id)) {
                reached_seen = true;
                break;
            }
            if (event.message)
                fill->missed[room].push_back(*event.message);
        }
        bool more =
            !reached_seen && !page->events.empty() && !page->end.empty() && page->end != from;
        if (more && pages + 1 >= max_gap_pages) {
            spdlog::warn("matrix {}: more than {} missed events in {}; older ones are skipped",
                         m_options.name, max_gap_pages * gap_page_size, room);
            more = false;
        }
        if (more)
            fill_gap(fill, index, page->end, pages + 1);
        else
            fill_gap(fill, index + 1, {}, 0);
    });
}

void MatrixAdapter::finish_sync(
    matrix::SyncBatch const& batch,
    std::map<std::string, std::vector<matrix::TimelineMessage>> missed) {
    // A room's missed events come before its timeline, oldest first.
    for (auto const& message : batch.messages) {
        if (auto it = missed.find(message.room); it != missed.end()) {
            for (auto event = it->second.rbegin(); event != it->second.rend(); ++event)
                dispatch(*event);
            missed.erase(it);
        }
        dispatch(message);
    }
    for (auto const& [room, events] : missed)
        for (auto event = events.rbegin(); event != events.rend(); ++event)
            dispatch(*event);
    m_since = batch.next_batch;
    m_state.save(state_key("next_batch"), m_since);
    m_synced = true;
    ++m_syncs_done;
}

void MatrixAdapter::note_encrypted(std::string const& room) {
    if (m_encrypted_rooms.insert(room).second)
        spdlog::error("matrix {}: room {} is end-to-end encrypted; switchboard cannot read "
                      "or post there (encryption is not supported yet)",
                      m_options.name, room);
}

void MatrixAdapter::remember_seen(std::string const& event_id) {
    if (event_id.empty() || !m_seen_events.insert(event_id).second)
        return;
    m_seen_order.push_back(event_id);
    if (m_seen_order.size() > max_seen_events) {
        m_seen_events.erase(m_seen_order.front());
        m_seen_order.pop_front();
    }
}

void MatrixAdapter::dispatch(matrix::TimelineMessage const& message) {
    if (!m_inbound || m_encrypted_rooms.contains(message.room))
        return;
    if (m_seen_events.contains(message.event_id))
        return;
    remember_seen(message.event_id);
    ChatOrigin origin;
    origin.adapter = m_options.name;
    origin.via = Via::matrix;
    origin.user = message.sender;
    bool direct = is_direct_room(message.room);
    origin.room = direct ? std::string{} : message.room;
    std::optional<std::string> command;
    std::optional<InboundAction> action;
    if (message.type == "m.reaction") {
        if (auto verb = matrix::reaction_command(message.reaction_key)) {
            origin.card_ref = matrix::make_card_ref(message.room, message.reaction_target);
            action = InboundAction{*verb, std::nullopt, {}, origin};
            command = action_text(*action);
        }
    } else if (message.msgtype != "m.notice") {
        // Notices come from other bots and must never be answered.
        command = matrix::command_text(message.body, m_user_id, direct);
        if (command && !message.in_reply_to.empty())
            origin.card_ref = matrix::make_card_ref(message.room, message.in_reply_to);
    }
    if (!command || command->empty())
        return;
    auto room = message.room;
    auto event_id = message.event_id;
    auto reply = [this, alive = m_alive, room, event_id](std::string text) {
        if (!*alive)
            return;
        auto content = matrix::notice_content(text);
        content["m.relates_to"] = {{"m.in_reply_to", {{"event_id", event_id}}}};
        send_event(room, "m.room.message", "switchboard-reply-" + event_id, content,
                   [this, room](std::optional<std::string> sent, DeliveryError error) {
                       if (!sent)
                           spdlog::warn("matrix {}: could not answer in {}: {}", m_options.name,
                                        room, error.error.message);
                   });
    };
    if (action)
        m_inbound->on_action(*action, reply);
    else
        m_inbound->on_command(origin, *command, reply);
}

void MatrixAdapter::handle_invite(std::string const& room, std::string const& inviter,
                                  bool is_direct) {
    auto path = "/rooms/" + matrix::encode_component(room);
    if (!m_options.known_users.contains(inviter)) {
        spdlog::warn("matrix {}: invite to {} from {}, who is not in switchboard's config; "
                     "declined",
                     m_options.name, room, inviter.empty() ? "an unknown sender" : inviter);
        json reason = {{"reason", "switchboard only joins rooms when invited by a person in its "
                                  "config; ask a rota manager to add you."}};
        api("POST", path + "/leave", reason, request_timeout, [this, room](Reply reply) {
            if (!reply.body)
                spdlog::warn("matrix {}: declining the invite to {} failed: {}", m_options.name,
                             room, reply.error.describe());
        });
        return;
    }
    spdlog::info("matrix {}: joining {} on {}'s invite", m_options.name, room, inviter);
    if (is_direct) {
        m_direct_rooms[inviter] = room;
        m_state.save(state_key("dm:" + inviter), room);
    }
    api("POST", path + "/join", json::object(), request_timeout, [this, room](Reply reply) {
        if (!reply.body)
            spdlog::warn("matrix {}: joining {} failed: {}", m_options.name, room,
                         reply.error.describe());
    });
}

bool MatrixAdapter::is_direct_room(std::string const& room) const {
    return std::any_of(m_direct_rooms.begin(), m_direct_rooms.end(),
                       [&](auto const& entry) { return entry.second == room; });
}

DeliveryError MatrixAdapter::classify(Reply const& reply, std::string const& what) {
    auto const& error = reply.error;
    DeliveryError failure;
    if (error.status == 0) {
        failure.error = make_error(ErrorCode::unavailable,
                                   what + ": cannot reach the homeserver: " + error.error);
        return failure;
    }
    failure.error = make_error(ErrorCode::unavailable, what + ": " + error.describe());
    if (rate_limited(error)) {
        failure.error.code = ErrorCode::rate_limited;
        if (error.retry_after)
            failure.retry_after = whole_seconds(*error.retry_after);
    } else if (token_error(error)) {
        failure.error.code = ErrorCode::unauthorized;
        token_refused(error.describe());
    } else if (error.status < 500) {
        failure.error.code =
            error.status == 403 ? ErrorCode::forbidden : ErrorCode::invalid_argument;
        failure.retry = Retry::never;
    }
    spdlog::warn("matrix {}: {}", m_options.name, failure.error.message);
    return failure;
}

void MatrixAdapter::send_event(
    std::string const& room, std::string const& type, std::string const& txn, json const& content,
    std::function<void(std::optional<std::string>, DeliveryError)> done) {
    if (m_encrypted_rooms.contains(room)) {
        DeliveryError failure;
        failure.error = make_error(ErrorCode::forbidden,
                                   "room " + room +
                                       " is end-to-end encrypted, which switchboard does not "
                                       "support yet");
        failure.retry = Retry::never;
        done(std::nullopt, failure);
        return;
    }
    auto path = "/rooms/" + matrix::encode_component(room) + "/send/" +
                matrix::encode_component(type) + "/" + matrix::encode_component(txn);
    api("PUT", path, content, request_timeout, [this, room, done](Reply reply) {
        if (reply.body && reply.body->contains("event_id") &&
            (*reply.body)["event_id"].is_string()) {
            done((*reply.body)["event_id"].get<std::string>(), {});
            return;
        }
        done(std::nullopt, classify(reply, "sending to " + room));
    });
}

void MatrixAdapter::deliver(OutboxMessage const& message,
                            std::function<void(DeliveryOutcome)> done) {
    auto fail = [done](DeliveryError error) {
        DeliveryOutcome outcome;
        outcome.failure = std::move(error);
        done(outcome);
    };
    if (m_user_id.empty() || m_base.empty()) {
        DeliveryError failure;
        failure.error = make_error(ErrorCode::unavailable,
                                   m_stopped_reason.empty() ? "not signed in to the homeserver yet"
                                                            : m_stopped_reason);
        failure.retry_after = Seconds{2};
        fail(failure);
        return;
    }
    auto txn = matrix::txn_id_for_outbox(message.id);
    auto sent = [done, fail](std::string room) {
        return [done, fail, room](std::optional<std::string> event_id, DeliveryError error) {
            if (!event_id) {
                fail(std::move(error));
                return;
            }
            DeliveryOutcome outcome;
            outcome.delivered = true;
            outcome.receipt.message_ref = matrix::make_card_ref(room, *event_id);
            done(outcome);
        };
    };
    auto card_target = [&]() -> std::optional<std::pair<std::string, std::string>> {
        auto target = matrix::split_card_ref(message.card_ref);
        if (!target) {
            DeliveryError failure;
            failure.error = make_error(ErrorCode::invalid_argument,
                                       "'" + message.card_ref + "' is not a Matrix card reference");
            failure.retry = Retry::never;
            fail(failure);
        }
        return target;
    };
    switch (message.kind) {
    case OutboxKind::post_card:
        send_event(message.room, "m.room.message", txn, matrix::card_content(*message.card),
                   sent(message.room));
        return;
    case OutboxKind::update_card:
        if (auto target = card_target())
            send_event(target->first, "m.room.message", txn,
                       matrix::card_edit_content(*message.card, target->second),
                       sent(target->first));
        return;
    case OutboxKind::thread_note:
        if (auto target = card_target())
            send_event(target->first, "m.room.message", txn,
                       matrix::thread_note_content(message.text, target->second),
                       sent(target->first));
        return;
    case OutboxKind::room_message:
        send_event(message.room, "m.room.message", txn, matrix::notice_content(message.text),
                   sent(message.room));
        return;
    case OutboxKind::direct_message:
        find_direct_room(message.person_address, [this, txn, text = message.text,
                                                  user = message.person_address, sent,
                                                  fail](Result<std::string> room) {
            if (!room) {
                DeliveryError failure;
                failure.error = room.error();
                fail(failure);
                return;
            }
            send_event(*room, "m.room.message", txn, matrix::page_content(text, user), sent(*room));
        });
        return;
    }
}

void MatrixAdapter::find_direct_room(std::string const& user,
                                     std::function<void(Result<std::string>)> done) {
    if (auto it = m_direct_rooms.find(user); it != m_direct_rooms.end()) {
        done(it->second);
        return;
    }
    if (auto stored = m_state.load(state_key("dm:" + user)); stored && !stored->empty()) {
        m_direct_rooms[user] = *stored;
        done(*stored);
        return;
    }
    // One lookup per person at a time, so two pages at once never open two rooms.
    auto& waiters = m_dm_waiters[user];
    waiters.push_back(std::move(done));
    if (waiters.size() > 1)
        return;
    auto path = "/user/" + matrix::encode_component(m_user_id) + "/account_data/m.direct";
    api("GET", path, std::nullopt, request_timeout, [this, user](Reply reply) {
        std::map<std::string, std::vector<std::string>> direct;
        if (reply.body) {
            direct = matrix::parse_direct(*reply.body);
        } else if (reply.error.errcode != "M_NOT_FOUND") {
            finish_direct_room(
                user, make_error(ErrorCode::unavailable,
                                 "cannot read the bot's direct rooms: " + reply.error.describe()));
            return;
        }
        if (auto it = direct.find(user); it != direct.end() && !it->second.empty()) {
            finish_direct_room(user, it->second.front());
            return;
        }
        create_direct_room(user, std::move(direct));
    });
}

void MatrixAdapter::create_direct_room(std::string const& user,
                                       std::map<std::string, std::vector<std::string>> direct) {
    json body = {{"preset", "trusted_private_chat"},
                 {"is_direct", true},
                 {"invite", {user}},
                 {"name", "switchboard"}};
    api("POST", "/createRoom", body, request_timeout,
        [this, user, direct = std::move(direct)](Reply reply) mutable {
            if (!reply.body || !reply.body->contains("room_id")) {
                finish_direct_room(user, make_error(ErrorCode::unavailable,
                                                    "cannot open a direct room with " + user +
                                                        ": " + reply.error.describe()));
                return;
            }
            auto room = (*reply.body)["room_id"].get<std::string>();
            spdlog::info("matrix {}: opened direct room {} with {}", m_options.name, room, user);
            direct[user].insert(direct[user].begin(), room);
            json content = json::object();
            for (auto const& [who, rooms] : direct)
                content[who] = rooms;
            auto path = "/user/" + matrix::encode_component(m_user_id) + "/account_data/m.direct";
            api("PUT", path, content, request_timeout, [this, user, room](Reply saved) {
                if (!saved.body)
                    spdlog::warn("matrix {}: could not record {} in m.direct: {}", m_options.name,
                                 room, saved.error.describe());
                finish_direct_room(user, room);
            });
        });
}

void MatrixAdapter::finish_direct_room(std::string const& user, Result<std::string> room) {
    if (room) {
        m_direct_rooms[user] = *room;
        m_state.save(state_key("dm:" + user), *room);
    }
    auto waiters = std::move(m_dm_waiters[user]);
    m_dm_waiters.erase(user);
    for (auto& waiter : waiters)
        waiter(room);
}

} // namespace sb
