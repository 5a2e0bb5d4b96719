// SPDX-License-Identifier: Apache-2.0
// The Mastodon source: finds the streaming server, keeps one user stream open (reconnecting with
// back-off), and runs the REST catch-up at start, after every (re)connect and now and then.
#include "adapters/sources/mastodon/mastodon_source.hpp"

#include "adapters/sources/common/poll_loop.hpp"
#include "adapters/sources/common/source_settings.hpp"
#include "adapters/sources/common/source_status.hpp"
#include "adapters/sources/mastodon/mastodon_catch_up.hpp"
#include "adapters/sources/mastodon/mastodon_known_statuses.hpp"
#include "adapters/sources/mastodon/mastodon_stream.hpp"
#include "adapters/sources/mastodon/mastodon_wire.hpp"
#include "base/backoff.hpp"
#include "base/safe_text.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/clock.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/ports/timer_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <random>

namespace sb {
namespace {

using namespace mastodon;

// The user stream, not user:notification: only it carries status.update and delete.
constexpr char const* stream_path = "/api/v1/streaming?stream=user";
constexpr Seconds max_reconnect{5 * 60};
constexpr Backoff reconnect_backoff{Seconds{1}, max_reconnect};
// A few failed attempts are normal weather for a long-lived socket; more are worth a red /readyz.
constexpr int reconnects_until_unready = 3;

struct Settings {
    std::string base_url;
    std::string access_token;
    std::string streaming_url; // empty: ask the instance
    std::string account;
    Seconds catch_up_interval{5 * 60};
    int page_size = 40;
};

// "https://host" → "wss://host"; a ws(s):// URL stays; the path is always the streaming one.
std::string websocket_url(std::string base) {
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    if (base.rfind("https://", 0) == 0)
        base = "wss://" + base.substr(8);
    else if (base.rfind("http://", 0) == 0)
        base = "ws://" + base.substr(7);
    return base + stream_path;
}

class MastodonSource final : public Source {
public:
    MastodonSource(std::string name, Settings settings, SourceDeps& deps)
        : m_name(std::move(name)), m_settings(std::move(settings)),
          m_deps(deps), m_origin{m_name, m_settings.account},
          m_tracker(m_name, "mastodon", deps.metrics),
          m_stream_up(deps.metrics.gauge("switchboard_mastodon_stream_connected",
                                         "1 while the Mastodon streaming websocket is open",
                                         {{"source", m_name}})),
          m_known(deps.cursors, m_name),
          m_catch_up({m_settings.base_url, m_settings.access_token, m_settings.page_size}, m_origin,
                     deps.http, deps.cursors, deps.clock,
                     [this](Mention const& mention) { return deliver(mention); }),
          m_loop(deps.clock, deps.timers, m_tracker,
                 PollLoop::Timing{m_settings.catch_up_interval, Seconds{5}, Seconds{15 * 60}},
                 [this](PollLoop::Done done) { m_catch_up.poll(std::move(done)); }) {
        m_stream = StreamConnection::create(
            deps.io, StreamCallbacks{[this] { on_stream_open(); },
                                     [this](std::string const& text) { on_stream_message(text); },
                                     [this](std::string const& why, int status) {
                                         on_stream_closed(why, status);
                                     }});
    }

    ~MastodonSource() override {
        *m_alive = false;
        stop();
    }

    std::string const& name() const override { return m_name; }

    void start() override {
        m_running = true;
        m_loop.start();
        if (!m_settings.streaming_url.empty()) {
            m_stream_url = websocket_url(m_settings.streaming_url);
            connect();
        } else {
            discover("/api/v2/instance");
        }
    }

    void stop() override {
        m_running = false;
        m_loop.stop();
        cancel_reconnect();
        m_stream->close();
        set_stream_state("stopped");
    }

    AdapterHealth health() const override {
        auto health = m_tracker.health();
        if (!health.ready)
            return health;
        if (m_stream_refused || m_stream_failures >= reconnects_until_unready)
            return {false, "the Mastodon stream is down (" + m_stream_error + ")"};
        return health;
    }

    SourceStatus status() const override {
        auto status = m_tracker.status();
        // The REST side's trouble wins; while it is well, the stream's state is the news.
        if (status.state == "ok" || status.state == "starting")
            status.state = m_stream_state;
        if (m_stream_state != "connected" && !m_stream_error.empty())
            status.last_error = m_stream_error;
        return status;
    }

private:
    // Hostname discovery as the streaming docs ask: configuration.urls.streaming (v2), then
    // urls.streaming_api (v1), else the API's own host.
    void discover(std::string const& path) {
        set_stream_state("connecting");
        OutboundRequest request;
        request.url = m_settings.base_url + path;
        request.headers.emplace_back("Accept", "application/json");
        std::weak_ptr<bool> alive = m_alive;
        m_deps.http.send(request, [this, alive, path](Result<OutboundResponse> response) {
            if (alive.expired() || !m_running)
                return;
            if (response && response->status == 200) {
                if (auto url = streaming_url_from_instance(response->body)) {
                    m_stream_url = websocket_url(*url);
                    connect();
                    return;
                }
            }
            if (response && response->status == 404 && path == "/api/v2/instance") {
                discover("/api/v1/instance"); // a server older than 4.0
                return;
            }
            if (!response || response->status >= 500 || response->status == 429) {
                // Not knowing the host yet is like a failed connection: try again later.
                auto why =
                    response
                        ? "instance: " + api_error_message(response->status, response->body)
                        : "cannot reach " + m_settings.base_url + ": " + response.error().message;
                on_stream_closed(why, 0);
                return;
            }
            m_stream_url = websocket_url(m_settings.base_url);
            connect();
        });
    }

    void connect() {
        if (!m_running)
            return;
        set_stream_state(m_stream_failures == 0 ? "connecting" : "reconnecting");
        spdlog::info("mastodon {}: opening the user stream", m_name);
        m_stream->open(m_stream_url, m_settings.access_token);
    }

    void on_stream_open() {
        spdlog::info("mastodon {}: stream connected", m_name);
        m_stream_failures = 0;
        m_stream_refused = false;
        m_stream_error.clear();
        set_stream_state("connected");
        // Whatever arrived while the stream was away is fetched now; the core drops doubles.
        m_loop.poll_soon();
    }

    void on_stream_closed(std::string const& why, int http_status) {
        if (!m_running)
            return;
        ++m_stream_failures;
        m_stream_error = why;
        m_stream_refused = http_status == 401;
        if (m_stream_refused)
            m_stream_error = "the streaming server refused the access token (HTTP 401); create "
                             "a new one with the scopes read:notifications and read:statuses";
        set_stream_state("reconnecting");
        auto delay =
            std::chrono::duration_cast<Seconds>(reconnect_backoff.delay(m_stream_failures));
        if (m_stream_refused) {
            delay = max_reconnect; // a new token needs a person; do not hammer the server
            spdlog::error("mastodon {}: {}", m_name, m_stream_error);
        } else {
            spdlog::warn("mastodon {}: stream lost ({}); reconnecting", m_name, why);
        }
        // Up to a fifth less, so that many bots losing one server do not return in step.
        std::uniform_int_distribution<long long> jitter(0, delay.count() / 5);
        auto at = m_deps.clock.now() + delay - Seconds{jitter(m_random)};
        cancel_reconnect();
        m_reconnect = m_deps.timers.schedule(at, [this] {
            m_reconnect.reset();
            if (m_stream_url.empty())
                discover("/api/v2/instance");
            else
                connect();
        });
    }

    void on_stream_message(std::string const& text) {
        auto frame = parse_stream_frame(text);
        if (!frame) {
            spdlog::warn("mastodon {}: ignoring a stream message: {}", m_name,
                         frame.error().message);
            return;
        }
        if (frame->event == "notification") {
            auto notification = parse_notification(frame->payload, m_origin);
            if (!notification) {
                spdlog::warn("mastodon {}: ignoring a notification: {}", m_name,
                             notification.error().message);
                return;
            }
            // The catch-up reads it again if the store failed now: its cursor did not move.
            if (notification->mention && !deliver(*notification->mention))
                m_loop.poll_soon();
        } else if (frame->event == "status.update") {
            auto edited = parse_status_update(frame->payload, m_origin);
            if (!edited) {
                spdlog::warn("mastodon {}: ignoring an edit: {}", m_name, edited.error().message);
                return;
            }
            if (m_known.contains(edited->external_id))
                deliver(*edited);
        } else if (frame->event == "delete") {
            if (m_known.contains(frame->payload))
                deliver(deleted_status(frame->payload, m_origin));
        }
        // Other events of the user stream (home feed updates, announcements) are not mentions.
    }

    bool deliver(Mention const& mention) {
        auto now = m_deps.clock.now();
        auto outcome = m_deps.sink.ingest(mention);
        if (!outcome) {
            spdlog::warn("mastodon {}: could not store status {}: {}", m_name,
                         terminal_safe(mention.external_id), outcome.error().to_string());
            return false;
        }
        if (mention.change == MentionChange::created) {
            m_known.add(mention.external_id, now);
            m_tracker.mention(mention.created_at, now);
        }
        return true;
    }

    void set_stream_state(std::string state) {
        m_stream_state = std::move(state);
        m_stream_up.set(m_stream_state == "connected" ? 1.0 : 0.0);
    }

    void cancel_reconnect() {
        if (m_reconnect)
            m_deps.timers.cancel(*m_reconnect);
        m_reconnect.reset();
    }

    std::string m_name;
    Settings m_settings;
    SourceDeps& m_deps;
    Origin m_origin;
    SourceStatusTracker m_tracker;
    Gauge& m_stream_up;
    KnownStatuses m_known;
    CatchUp m_catch_up;
    PollLoop m_loop;
    std::unique_ptr<StreamConnection> m_stream;
    std::string m_stream_url;
    std::string m_stream_state = "starting";
    std::string m_stream_error;
    int m_stream_failures = 0;
    bool m_stream_refused = false;
    bool m_running = false;
    std::optional<TimerId> m_reconnect;
    std::minstd_rand m_random{std::random_device{}()};
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

Result<Settings> parse_mastodon_settings(SourceSettings const& read) {
    SB_TRY(read.only_keys(
        {"base_url", "access_token", "streaming_url", "catch_up_interval", "page_size"}));
    Settings settings;
    settings.base_url = SB_TRY(read.url("base_url"));
    settings.access_token = SB_TRY(read.secret("access_token"));
    if (read.contains("streaming_url")) {
        auto const url = SB_TRY(read.text("streaming_url"));
        bool scheme_ok = url.rfind("wss://", 0) == 0 || url.rfind("ws://", 0) == 0 ||
                         url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
        if (!url.empty() && !scheme_ok)
            SB_TRY(read.fail("streaming_url", "must start with wss:// or https:// (ws:// and "
                                              "http:// only for local tests)"));
        else
            settings.streaming_url = url;
    }
    settings.account = read.text_or("account", "");
    settings.catch_up_interval =
        SB_TRY(read.duration("catch_up_interval", Seconds{5 * 60}, Seconds{30}));
    settings.page_size = static_cast<int>(SB_TRY(read.integer("page_size", 40, 1, 80)));
    return settings;
}

// The source keeps its id apart from its settings, so it is carried in the settings value here.
struct MastodonParsed {
    std::string id;
    Settings settings;
};

Result<MastodonParsed> parse_mastodon(SourceSettings const& read) {
    return MastodonParsed{read.source().id, SB_TRY(parse_mastodon_settings(read))};
}

Result<std::unique_ptr<Source>> create_mastodon(MastodonParsed parsed, SourceDeps& deps) {
    return std::unique_ptr<Source>(
        std::make_unique<MastodonSource>(parsed.id, std::move(parsed.settings), deps));
}

} // namespace

SourceEntry mastodon_source_entry() {
    return make_source_entry<parse_mastodon, create_mastodon>("mastodon");
}

} // namespace sb
