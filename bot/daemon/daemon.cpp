// SPDX-License-Identifier: Apache-2.0
// The long-running daemon: builds every part from the config, runs, and stops in reverse.
#include "bot/daemon/daemon.hpp"

#include "adapters/chat/console/console_adapter.hpp"
#include "adapters/net/http_client/curl_http_client.hpp"
#include "base/running_parts.hpp"
#include "bot/api/account_commands.hpp"
#include "bot/api/api_routes.hpp"
#include "bot/api/web_routes.hpp"
#include "bot/build_info.hpp"
#include "bot/core/calendar_refresher.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/rota_service.hpp"
#include "bot/daemon/adapter_factory.hpp"
#include "bot/daemon/asio_time.hpp"
#include "bot/daemon/claim_routes.hpp"
#include "bot/daemon/listener_limits.hpp"
#include "bot/daemon/notifier_factory.hpp"
#include "bot/daemon/rota_metrics.hpp"
#include "bot/daemon/service_notify.hpp"
#include "bot/daemon/source_factory.hpp"
#include "bot/daemon/state_dir.hpp"
#include "bot/http/health_routes.hpp"
#include "bot/http/http_server.hpp"
#include "bot/metrics/http_request_metrics.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/metrics/process_metrics.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/calendar_repository.hpp"
#include "bot/store/cursor_repository.hpp"
#include "bot/store/inbox_repository.hpp"
#include "bot/store/rota_repository.hpp"
#include "bot/store/store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sys/stat.h>

namespace sb {

Result<ListenAddress> parse_listen(std::string const& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 == text.size())
        return unexpected(ErrorCode::invalid_argument,
                          "'" + text + "' is not HOST:PORT, e.g. 127.0.0.1:8080");
    ListenAddress address;
    address.host = text.substr(0, colon);
    if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']')
        address.host = address.host.substr(1, address.host.size() - 2);
    if (address.host.empty())
        address.host = "0.0.0.0";
    auto port_text = text.substr(colon + 1);
    unsigned long port = 0;
    for (char c : port_text) {
        if (c < '0' || c > '9')
            return unexpected(ErrorCode::invalid_argument,
                              "'" + port_text + "' is not a port number (0 to 65535)");
        port = port * 10 + static_cast<unsigned long>(c - '0');
        if (port > 65535)
            return unexpected(ErrorCode::invalid_argument,
                              "'" + port_text + "' is not a port number (0 to 65535)");
    }
    address.port = static_cast<unsigned short>(port);
    return address;
}

namespace {

// The message as a JSON string body, so every log line stays valid JSON whatever it says.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
public:
    void format(spdlog::details::log_msg const& message, std::tm const&,
                spdlog::memory_buf_t& out) override {
        auto escaped = nlohmann::json(std::string(message.payload.data(), message.payload.size()))
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        // dump() adds the surrounding quotes, which the pattern already has.
        out.append(escaped.data() + 1, escaped.data() + escaped.size() - 1);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return spdlog::details::make_unique<JsonMessageFlag>();
    }
};

} // namespace

void configure_logging(std::string const& level, std::string const& format) {
    auto logger = spdlog::stderr_color_mt("switchboard");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
    if (format == "json") {
        auto formatter = std::make_unique<spdlog::pattern_formatter>();
        formatter->add_flag<JsonMessageFlag>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","message":"%*"})");
        spdlog::set_formatter(std::move(formatter));
    } else {
        spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    }
    spdlog::flush_on(spdlog::level::info);
}

std::string find_web_dir(std::string const& configured, std::string const& executable) {
    namespace fs = std::filesystem;
    if (!configured.empty())
        return configured;
    std::error_code ec;
    // argv[0] may be a bare name found on PATH; the kernel knows the real file.
    auto binary = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        binary = fs::weakly_canonical(fs::path(executable), ec);
    auto const dir = binary.parent_path();
    for (auto const& candidate : {dir / "web", dir.parent_path() / "share" / "switchboard" / "web"})
        if (fs::exists(candidate / "index.html", ec))
            return candidate.string();
    return {};
}

namespace {

// The time-to-claim histogram: each item once, when this process sees it claimed.
class ClaimMetrics {
public:
    ClaimMetrics(MetricsRegistry& metrics, Store& store)
        : m_histogram(metrics.histogram("switchboard_time_to_claim_seconds",
                                        "Seconds from arrival to claim",
                                        {60, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600})),
          m_store(store) {}

    void claimed(ItemId id) {
        auto read = m_store.items().get(id);
        if (!read) {
            spdlog::warn("metrics: item #{} is not counted in the time to claim: {}", id,
                         read.error().message);
            return;
        }
        auto const& item = *read;
        if (item && item->claimed_at && m_observed.insert(id).second)
            m_histogram.observe(
                static_cast<double>((*item->claimed_at - item->received_at).count()));
    }

private:
    Histogram& m_histogram;
    Store& m_store;
    std::set<ItemId> m_observed;
};

// The daemon's listeners to the core: the web page's live events and the claim metrics.
std::vector<Subscription> subscribe_views(EventBus& events, LiveEvents& live_events,
                                          ClaimMetrics& claim_metrics) {
    auto subscriptions = subscribe_item_events(
        events, [&live_events](ItemId id) { live_events.publish("item", id); });
    subscriptions.push_back(events.subscribe<ItemClaimed>(
        [&claim_metrics](ItemClaimed const& event) { claim_metrics.claimed(event.item); }));
    subscriptions.push_back(events.subscribe<RotaChanged>(
        [&live_events](RotaChanged const& event) { live_events.publish("rota", event.entry.id); }));
    return subscriptions;
}

void add_core_metrics(MetricsRegistry& metrics, Store& store, Engine& engine) {
    // The store's tally, not its tables: a scrape costs the same with a million items.
    metrics.add_collector([&store, &engine](MetricsRegistry& m) {
        auto const& tally = store.tally();
        for (auto column : {"state", "source", "priority"}) {
            for (auto const& [key, count] : tally.items_by(column))
                m.gauge(std::string("switchboard_items_by_") + column,
                        std::string("Items by ") + column, {{column, key}})
                    .set(static_cast<double>(count));
        }
        m.gauge("switchboard_outbox_depth", "Outbox entries waiting for delivery")
            .set(static_cast<double>(tally.outbox_depth()));
        m.gauge("switchboard_pages_stored", "Pages in the store, whatever their state")
            .set(static_cast<double>(tally.pages_stored()));
        for (auto const& [labels, count] : tally.pages())
            m.gauge("switchboard_pages", "Pages by method and delivery state",
                    {{"method", labels.first}, {"state", labels.second}})
                .set(static_cast<double>(count));
        // Counts since this process started, so they are counters: rate() copes with restarts.
        m.counter("switchboard_outbox_delivered_total", "Outbox entries delivered by this process")
            .inc(static_cast<double>(engine.outbox().delivered()));
        m.counter("switchboard_outbox_failed_total", "Outbox entries given up by this process")
            .inc(static_cast<double>(engine.outbox().failed()));
    });
}

} // namespace

int run_daemon(config::Config const& config, DaemonOptions const& options) {
    configure_logging(config.log_level, config.log_format);
    auto listen = parse_listen(options.listen.value_or(config.listen));
    if (!listen) {
        std::cerr << "switchboard: --listen: " << listen.error().message << '\n';
        return 1;
    }

    // A token that is configured but cannot be read must not leave /metrics open.
    std::optional<std::string> metrics_token;
    if (auto const& ref = config.metrics.bearer_token) {
        std::string why;
        metrics_token = config::read_secret(*ref, config.path, &why);
        if (!metrics_token) {
            std::cerr << "switchboard: metrics.bearer_token: " << why << '\n';
            return 1;
        }
    }

    // Secrets and sources are checked before anything starts, so a bad setup fails at once.
    // The sources themselves are built below, once the core is up.
    for (auto const& [id, source] : config.sources) {
        if (auto read = read_source(source, config.path); !read) {
            std::cerr << "switchboard: source '" << id << "': " << read.error().to_string() << '\n';
            return 1;
        }
    }

    auto rota = rota::ConfigRota::create(config);
    if (!rota) {
        std::cerr << "switchboard: rota: " << rota.error().to_string() << '\n';
        return 1;
    }

    // The store holds a Matrix token and sign-in links: whatever the daemon creates is private.
    ::umask(077);
    if (auto made = make_state_dir_private(options.state_dir); !made) {
        std::cerr << "switchboard: " << made.error().message << '\n';
        return 1;
    }
    auto state_lock = StateLock::acquire(options.state_dir);
    if (!state_lock) {
        std::cerr << "switchboard: " << state_lock.error().message << '\n';
        return 1;
    }
    auto db_path = (std::filesystem::path(options.state_dir) / "switchboard.db").string();
    // A database the daemon cannot open or migrate (a newer schema, a full disk) is the user's
    // to fix: say what and where, and end without a core dump.
    std::unique_ptr<Store> opened_store;
    try {
        opened_store = std::make_unique<Store>(db_path);
    } catch (std::exception const& e) {
        std::cerr << "switchboard: store: " << e.what() << '\n';
        return 1;
    }
    Store& store = *opened_store;

    boost::asio::io_context io;
    SystemClock clock;
    AsioTimerService timers(io);
    auto claim_secret = claim_link_secret(options.state_dir);
    if (!claim_secret) {
        std::cerr << "switchboard: " << claim_secret.error().message << '\n';
        return 1;
    }
    auto engine = Engine::create({.config = config,
                                  .store = store,
                                  .clock = clock,
                                  .timers = timers,
                                  .rota = *rota,
                                  .editable_rota = &*rota,
                                  .claim_secret = *claim_secret});
    if (!engine) {
        std::cerr << "switchboard: " << engine.error().to_string() << '\n';
        return 1;
    }
    auto& rota_service = (*engine)->rota_service();
    if (auto recorded = rota_service.record_config_entries(); !recorded)
        spdlog::warn("rota: could not record the config's entries in the audit log: {}",
                     recorded.error().message);

    MetricsRegistry metrics;
    add_build_info(metrics, build_version(), build_description());
    add_process_metrics(metrics);
    HttpRequestMetrics request_metrics(metrics);
    auto server_options = listener_options(config);
    server_options.observe_request = [&request_metrics](std::string_view route,
                                                        std::string_view method, double seconds) {
        request_metrics.observe(route, method, seconds);
    };
    auto server = HttpServer::create(io, listen->host, listen->port, std::move(server_options));
    if (!server) {
        std::cerr << "switchboard: cannot listen on " << options.listen.value_or(config.listen)
                  << ": " << server.error().message << '\n';
        return 1;
    }
    CurlHttpClient http_client(io);
    // Remote holiday and absence calendars: the stored copies now, fresh ones when they arrive.
    auto& calendar_store = store.calendars();
    CalendarRefresher calendars(rota::remote_calendars(config), http_client, timers, clock,
                                calendar_store,
                                [&config, &rota](rota::CalendarCopies const& copies) {
                                    return rota->set_calendars(config, copies);
                                });
    bool const has_remote_calendars = !rota::remote_calendars(config).empty();
    AdapterDeps deps{io, config, options, clock, timers, http_client, store, metrics, **server};

    std::vector<std::unique_ptr<ChatAdapter>> chats;
    std::vector<ConsoleAdapter*> consoles;
    // Nothing has started yet, so a refusal only has to say why.
    auto refuse = [](std::string const& why) {
        std::cerr << "switchboard: " << why << '\n';
        return 1;
    };
    for (auto const& chat : config.chat) {
        auto adapter = make_chat_adapter(chat, deps);
        if (!adapter)
            return refuse(adapter.error().to_string());
        if (auto* console = dynamic_cast<ConsoleAdapter*>(adapter->get()))
            consoles.push_back(console);
        chats.push_back(std::move(*adapter));
        (*engine)->add_chat(*chats.back());
    }
    auto notifiers = make_notifiers(config, http_client, clock, [](std::string const& line) {
        std::cout << line << std::endl;
    });
    if (!notifiers)
        return refuse(notifiers.error().to_string());
    for (auto const& notifier : *notifiers)
        (*engine)->add_notifier(*notifier);
    add_claim_routes(**server, (*engine)->pager());

    // The REST API and the web page: every change goes through the same services as chat.
    AuthStore auth_store(store);
    LiveEvents live_events;
    ApiContext api{(*engine)->context(),
                   (*engine)->items(),
                   rota_service,
                   auth_store,
                   live_events,
                   options.web_dir,
                   config.public_url.rfind("https://", 0) == 0,
                   std::chrono::minutes(10),
                   std::chrono::hours(12)};
    add_web_routes(**server, api);
    attach_account_commands((*engine)->commands(), api);
    add_api_routes(**server, api);
    if (api.web_dir.empty())
        spdlog::warn("no web page files found; the page at /web/ is off (see --web-dir)");

    auto& source_cursors = store.cursors();
    auto& source_inbox = store.inbox();
    SourceDeps source_deps{io,           config,
                           clock,        timers,
                           http_client,  source_cursors,
                           source_inbox, metrics,
                           **server,     (*engine)->items()};
    auto sources = make_sources(source_deps);
    if (!sources)
        return refuse(sources.error().to_string());
    // What /readyz answers, and what a Type=notify unit waits for before it counts as started.
    std::function<std::vector<ComponentHealth>()> readiness =
        [&store, &clock, &chats, &notifiers, &sources, &calendars, has_remote_calendars]() {
            std::vector<ComponentHealth> components;
            // A store that reads but cannot write (full disk) would refuse every webhook.
            auto writable = store.check_writable(clock.now());
            components.push_back(
                {"store", writable.has_value(), writable ? "" : writable.error().message});
            if (has_remote_calendars) {
                auto health = calendars.health();
                components.push_back({"calendars", health.ready, health.reason});
            }
            for (auto const& chat : chats) {
                auto health = chat->health();
                components.push_back({"chat:" + chat->name(), health.ready, health.reason});
            }
            for (auto const& notifier : *notifiers) {
                auto health = notifier->health();
                components.push_back({"push:" + notifier->name(), health.ready, health.reason});
            }
            for (auto const& source : *sources) {
                auto health = source->health();
                components.push_back({"source:" + source->name(), health.ready, health.reason});
            }
            return components;
        };
    add_health_routes(**server, readiness, metrics, metrics_token);
    SystemdServiceManager service_manager;
    // A Type=notify unit would wait for a READY=1 that this build cannot send.
    if (std::getenv("NOTIFY_SOCKET") != nullptr && !SystemdServiceManager::built_in())
        spdlog::warn("NOTIFY_SOCKET is set, but this switchboard was built without libsystemd "
                     "and cannot send READY=1; run it as Type=simple or rebuild with "
                     "libsystemd-dev");
    ReadinessAnnouncer announcer(service_manager, timers, clock, [&readiness]() {
        std::optional<std::string> missing;
        for (auto const& component : readiness())
            if (!component.ready)
                missing = (missing ? *missing + ", " : std::string()) + component.name +
                          (component.reason.empty() ? "" : ": " + component.reason);
        return missing;
    });
    add_core_metrics(metrics, store, **engine);
    add_rota_metrics(metrics, config, rota_service, clock);
    add_listener_metrics(metrics, **server);
    ClaimMetrics claim_metrics(metrics, store);
    // Declared after what they call, so they are dropped before it.
    auto subscriptions = subscribe_views((*engine)->events(), live_events, claim_metrics);

    // Links in pages must reach this daemon from a phone: the public URL when there is one.
    (*engine)->context().base_url =
        !config.public_url.empty()
            ? config.public_url
            : "http://" +
                  (listen->host.find(':') != std::string::npos ? "[" + listen->host + "]"
                                                               : listen->host) +
                  ":" + std::to_string((*server)->port());
    while (!(*engine)->context().base_url.empty() && (*engine)->context().base_url.back() == '/')
        (*engine)->context().base_url.pop_back();
    // A container's claim links on 127.0.0.1 reach nobody's phone: say where they point.
    spdlog::info("links in cards and pages point at {}{}", (*engine)->context().base_url,
                 config.public_url.empty() ? " (no public_url set: the listening address)" : "");

    // Keeps the page's event streams open through proxies and drops the ones whose reader left.
    boost::asio::steady_timer heartbeat(io);
    std::function<void()> beat = [&] {
        heartbeat.expires_after(std::chrono::seconds(15));
        heartbeat.async_wait([&](boost::system::error_code ec) {
            if (ec)
                return;
            live_events.heartbeat();
            beat();
        });
    };

    // Each start is paired with its stop. Shutdown, and a start that fails half-way, stop in
    // reverse: intake first (HTTP, sources), then the core with its deliveries and chat
    // adapters, then outgoing HTTP and the timers; the store closes last as it goes.
    RunningParts running;
    running.start([] {}, [&timers] { timers.cancel_all(); });
    running.start([] {}, [&http_client] { http_client.stop(); });
    running.start([&engine] { (*engine)->start(); }, [&engine] { (*engine)->stop(); });
    running.start([&calendars] { calendars.start(); }, [&calendars] { calendars.stop(); });
    for (auto& source : *sources)
        running.start([&source] { source->start(); }, [&source] { source->stop(); });
    if (options.read_stdin)
        for (auto& console : consoles)
            console->read_stdin(io); // stops with its chat adapter, in the core's stop
    running.start(beat, [&heartbeat] { heartbeat.cancel(); });
    running.start([&server] { (*server)->start(); }, [&server] { (*server)->stop(); });
    running.start([&announcer] { announcer.start(); }, [&announcer] { announcer.stopping(); });

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int signal) {
        if (ec)
            return;
        spdlog::info("signal {}: stopping (intake first, then deliveries, adapters, store)",
                     signal);
        running.stop_all();
        io.stop();
    });
    // Only now: whoever waits for this line may send SIGTERM, and it must find the handler.
    spdlog::info("{} listening on http://{}:{} with state in {}", version_line(), listen->host,
                 (*server)->port(), db_path);
    spdlog::info("{} source(s), {} chat adapter(s); type 'help' for commands", sources->size(),
                 chats.size());
    io.run();
    spdlog::info("switchboard stopped");
    return 0;
}

} // namespace sb
