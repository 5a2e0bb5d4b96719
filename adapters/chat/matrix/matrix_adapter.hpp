// SPDX-License-Identifier: Apache-2.0
// The Matrix chat: a bot account that posts cards into rooms and takes commands, reactions, DMs.
#pragma once

#include "adapters/chat/matrix/matrix_wire.hpp"
#include "bot/ports/chat_adapter.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/timer_service.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sb {

struct MatrixOptions {
    std::string name = "matrix";
    // Either the client API's base URL, or only the server name for .well-known discovery.
    std::string homeserver_url;
    std::string server_name;
    std::string access_token; // a pre-issued token; empty means password login
    std::string user;         // for password login: "@bot:example.org" or "bot"
    std::string password;
    std::string device_name = "switchboard";
    std::set<std::string> known_users; // people's Matrix ids from the config
    std::chrono::milliseconds sync_timeout{30'000};
    // Every refusal from the homeserver, by errcode, for /metrics.
    std::function<void(std::string const& errcode)> on_api_error;
};

// Small durable values the adapter keeps between runs (next_batch, a login's token, DM rooms).
struct MatrixStateStore {
    std::function<std::optional<std::string>(std::string const& key)> load;
    std::function<void(std::string const& key, std::string const& value)> save;
};

class MatrixAdapter : public ChatAdapter {
public:
    MatrixAdapter(MatrixOptions options, HttpClient& http, Clock const& clock, TimerService& timers,
                  MatrixStateStore state);
    ~MatrixAdapter() override;
    MatrixAdapter(MatrixAdapter const&) = delete;
    MatrixAdapter& operator=(MatrixAdapter const&) = delete;

    std::string const& name() const override { return m_options.name; }
    void start(ChatInbound& inbound) override;
    void stop() override;
    void deliver(OutboxMessage const& message, std::function<void(DeliveryOutcome)> done) override;
    AdapterHealth health() const override;

    // How many /sync responses were handled; lets tests wait for a quiet point.
    std::uint64_t syncs_done_for_test() const { return m_syncs_done; }

private:
    struct Reply;
    using ReplyHandler = std::function<void(Reply)>;

    void api(std::string method, std::string const& path, std::optional<nlohmann::json> body,
             std::chrono::milliseconds timeout, ReplyHandler done);
    void discover();
    void authenticate();
    void login_with_password();
    void sync_once();
    void sync_later(std::chrono::milliseconds delay);
    struct GapFill;
    using SyncDone = std::function<void(std::optional<matrix::ApiError> failure)>;
    void sync_failed(matrix::ApiError const& error);
    void handle_sync(std::string const& body, SyncDone done);
    void fill_gap(std::shared_ptr<GapFill> fill, std::size_t index, std::string from, int pages);
    void finish_sync(matrix::SyncBatch const& batch,
                     std::map<std::string, std::vector<matrix::TimelineMessage>> missed);
    void dispatch(matrix::TimelineMessage const& message);
    void note_encrypted(std::string const& room);
    void remember_seen(std::string const& event_id);
    void handle_invite(std::string const& room, std::string const& inviter, bool is_direct);
    void token_refused(std::string const& reason);
    void fail_start(std::string const& reason, bool retry);
    void send_event(std::string const& room, std::string const& type, std::string const& txn,
                    nlohmann::json const& content,
                    std::function<void(std::optional<std::string> event_id, DeliveryError)> done);
    void find_direct_room(std::string const& user, std::function<void(Result<std::string>)> done);
    void create_direct_room(std::string const& user,
                            std::map<std::string, std::vector<std::string>> direct);
    void finish_direct_room(std::string const& user, Result<std::string> room);
    DeliveryError classify(Reply const& reply, std::string const& what);
    bool is_direct_room(std::string const& room) const;
    std::string state_key(std::string const& key) const;

    MatrixOptions m_options;
    HttpClient& m_http;
    Clock const& m_clock;
    TimerService& m_timers;
    MatrixStateStore m_state;
    ChatInbound* m_inbound = nullptr;
    std::shared_ptr<bool> m_alive;

    std::string m_base; // ".../_matrix/client/v3"
    std::string m_token;
    bool m_token_from_store = false;
    std::string m_user_id;
    std::string m_since;
    bool m_running = false;
    bool m_synced = false;
    std::string m_stopped_reason;
    std::string m_last_error;
    std::optional<TimerId> m_retry_timer;
    int m_sync_failures = 0;
    std::uint64_t m_syncs_done = 0;
    std::map<std::string, std::string> m_direct_rooms; // user → room
    std::map<std::string, std::vector<std::function<void(Result<std::string>)>>> m_dm_waiters;
    std::set<std::string> m_encrypted_rooms;
    std::set<std::string> m_seen_events;
    std::deque<std::string> m_seen_order; // oldest first, to bound m_seen_events
};

} // namespace sb
