// SPDX-License-Identifier: Apache-2.0
// Durable webhooks accepted per second over loopback, beside raw SQLite inserts on the same disk.
#include "adapters/sources/webhook/webhook_adapter.hpp"
#include "base/hmac.hpp"
#include "bot/core/engine.hpp"
#include "bot/daemon/asio_time.hpp"
#include "bot/http/http_server.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/chat_adapter.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/store_access.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

struct Options {
    double seconds = 5.0;
    long requests = 5000;
    int clients = 4;
    std::filesystem::path parent_dir = std::filesystem::temp_directory_path();
};

// One team whose first escalation step is ten minutes out: a run lasts seconds, so the figures
// cover intake and the card, not paging.
constexpr char const* bench_config = R"json({
  "chat": [{ "type": "console", "name": "bench" }],
  "people": {
    "pat": { "name": "Pat", "timezone": "Europe/Berlin", "chat": { "bench": "pat" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
      "rooms": { "bench": "#care" },
      "layers": [
        { "name": "primary", "members": ["pat"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-02" }
      ],
      "escalation": { "business_hours": "later", "after_hours": "later" }
    }
  },
  "escalation_policies": {
    "later": { "steps": [{ "after": "10m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }], "repeat": 1 }
  },
  "sources": { "bench": { "type": "webhook", "secret": { "env": "SB_BENCH_SECRET" } } },
  "routing": [{ "match": {}, "team": "care" }]
})json";

// Records when each card reached chat; completing at once keeps chat latency out of the figures.
class RecordingChat final : public sb::ChatAdapter {
public:
    std::string const& name() const override { return m_name; }
    void start(sb::ChatInbound& /*inbound*/) override {}
    void stop() override {}

    void deliver(sb::OutboxMessage const& message,
                 std::function<void(sb::DeliveryOutcome)> done) override {
        if (message.kind == sb::OutboxKind::post_card) {
            std::lock_guard const lock(m_mutex);
            m_posted.emplace(message.item_id, SteadyClock::now());
        }
        sb::DeliveryOutcome outcome;
        outcome.delivered = true;
        outcome.receipt.message_ref = "card-" + std::to_string(message.item_id);
        done(outcome);
    }

    sb::AdapterHealth health() const override { return {}; }

    std::optional<SteadyTime> posted_at(sb::ItemId id) const {
        std::lock_guard const lock(m_mutex);
        auto const it = m_posted.find(id);
        if (it == m_posted.end())
            return std::nullopt;
        return it->second;
    }

    std::size_t posted_count() const {
        std::lock_guard const lock(m_mutex);
        return m_posted.size();
    }

private:
    std::string m_name = "bench";
    // Written on the io_context's thread, read by the main thread while cards may still arrive.
    mutable std::mutex m_mutex;
    std::unordered_map<sb::ItemId, SteadyTime> m_posted;
};

// Removes the state directory however the run ends.
class TempDir {
public:
    explicit TempDir(std::filesystem::path const& parent) {
        std::string pattern = (parent / "switchboard-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("cannot create a temporary directory in " + parent.string());
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;
    std::filesystem::path const& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

struct Sample {
    SteadyTime sent;
    SteadyTime answered;
    sb::ItemId item_id = 0;
};

struct Figures {
    double per_second = 0;
    std::vector<double> millis; // one latency per operation, sorted
};

double millis_between(SteadyTime from, SteadyTime to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// Nearest rank, so p99 of 100 samples is the 99th and not an interpolation.
double percentile(std::vector<double> const& sorted, double fraction) {
    if (sorted.empty())
        return 0.0;
    auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::string with_thousands(double value) {
    auto const digits = std::to_string(std::llround(value));
    // Built by appending: GCC 12 at -O3 reports a false -Wrestrict for string::insert here.
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        auto const left = digits.size() - i;
        if (i > 0 && left % 3 == 0 && digits[i - 1] != '-')
            out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string format_ms(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f ms", value);
    return text;
}

std::string mention_body(long n) {
    auto const id = "bench-" + std::to_string(n);
    return nlohmann::json{{"id", id},
                          {"platform", "x"},
                          {"author", "@bench_user"},
                          {"text", "Still no signal in Giesing since this morning, any news?"},
                          {"url", "https://example.org/" + id},
                          {"created_at", "2026-11-27T20:00:00+01:00"}}
        .dump();
}

struct IngestRun {
    Figures accepted;  // request to 202
    Figures card;      // request to card delivered
    long refused = 0;  // any answer other than 202, or a broken exchange
    long uncarded = 0; // accepted without a card in time
    std::string first_refusal;
};

IngestRun run_ingest(Options const& options, std::filesystem::path const& dir) {
    auto loaded = sb::config::load_config_text(bench_config, "<bench>");
    if (!loaded.config) {
        std::string text = "the bench config does not load:";
        for (auto const& error : loaded.errors)
            text += "\n  " + error.to_string();
        throw std::runtime_error(text);
    }
    auto const& config = *loaded.config;
    auto rota = sb::rota::ConfigRota::create(config);
    if (!rota)
        throw std::runtime_error("rota: " + rota.error().to_string());

    sb::Store store((dir / "switchboard.db").string());
    boost::asio::io_context io;
    sb::SystemClock clock;
    sb::AsioTimerService timers(io);
    auto engine = sb::Engine::create({.config = config,
                                      .store = store,
                                      .clock = clock,
                                      .timers = timers,
                                      .rota = *rota,
                                      .editable_rota = &*rota});
    if (!engine)
        throw std::runtime_error("engine: " + engine.error().to_string());
    RecordingChat chat;
    (*engine)->add_chat(chat);

    sb::MetricsRegistry metrics;
    auto server = sb::HttpServer::create(io, "127.0.0.1", 0);
    if (!server)
        throw std::runtime_error("cannot listen on loopback: " + server.error().message);
    auto const secret = sb::random_token();
    sb::WebhookSource source({"bench", secret, std::size_t{1} << 20, 0}, **server,
                             (*engine)->items(), clock, metrics);
    (*server)->start();
    (*engine)->start();
    auto const port = (*server)->port();
    // The daemon is single-threaded: one thread runs every handler, commit and delivery.
    std::thread loop([&io] { io.run(); });

    std::atomic<long> next{0};
    std::mutex results_mutex;
    std::vector<Sample> samples;
    IngestRun run;
    auto const started = SteadyClock::now();
    auto const stop_at = started + std::chrono::duration_cast<SteadyClock::duration>(
                                       std::chrono::duration<double>(options.seconds));
    std::vector<std::thread> clients;
    for (int c = 0; c < options.clients; ++c) {
        clients.emplace_back([&] {
            std::vector<Sample> mine;
            long refused = 0;
            std::string first_refusal;
            auto connection = sb::test::HttpConnection::open("127.0.0.1", port, 30);
            if (!connection) {
                std::lock_guard const lock(results_mutex);
                ++run.refused;
                run.first_refusal = "cannot connect to 127.0.0.1:" + std::to_string(port);
                return;
            }
            for (;;) {
                auto const n = next.fetch_add(1);
                if (n >= options.requests || SteadyClock::now() >= stop_at)
                    break;
                auto const body = mention_body(n);
                // Signed before the clock starts: the sender's own work is not the server's.
                sb::test::HeaderList const headers{{"Content-Type", "application/json"},
                                                   {std::string(sb::webhook_signature_header),
                                                    "sha256=" + sb::hmac_sha256_hex(secret, body)}};
                auto const sent = SteadyClock::now();
                auto const result = connection->request("POST", "/hooks/bench", body, headers);
                auto const answered = SteadyClock::now();
                if (result.status != 202) {
                    if (++refused == 1)
                        first_refusal = result.status == 0
                                            ? result.error
                                            : std::to_string(result.status) + " " + result.body;
                    if (result.status == 0)
                        break;
                    continue;
                }
                auto const item = nlohmann::json::parse(result.body, nullptr, false);
                if (!item.is_object() || !item.contains("item_id")) {
                    ++refused;
                    continue;
                }
                mine.push_back({sent, answered, item["item_id"].get<sb::ItemId>()});
            }
            std::lock_guard const lock(results_mutex);
            samples.insert(samples.end(), mine.begin(), mine.end());
            run.refused += refused;
            if (run.first_refusal.empty())
                run.first_refusal = first_refusal;
        });
    }
    for (auto& client : clients)
        client.join();
    auto const finished = SteadyClock::now();

    // Cards are delivered once the item is stored; allow a moment for any still on their way.
    auto const cards_deadline = SteadyClock::now() + std::chrono::seconds(5);
    while (chat.posted_count() < samples.size() && SteadyClock::now() < cards_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));

    // Intake stops first, then deliveries and timers, as the daemon does on SIGTERM.
    boost::asio::post(io, [&] {
        (*server)->stop();
        (*engine)->stop();
        timers.cancel_all();
        io.stop();
    });
    loop.join();

    auto const elapsed = std::chrono::duration<double>(finished - started).count();
    run.accepted.per_second = elapsed > 0 ? static_cast<double>(samples.size()) / elapsed : 0.0;
    run.card.per_second = run.accepted.per_second;
    for (auto const& sample : samples) {
        run.accepted.millis.push_back(millis_between(sample.sent, sample.answered));
        if (auto const posted = chat.posted_at(sample.item_id))
            run.card.millis.push_back(millis_between(sample.sent, *posted));
        else
            ++run.uncarded;
    }
    std::sort(run.accepted.millis.begin(), run.accepted.millis.end());
    std::sort(run.card.millis.begin(), run.card.millis.end());
    return run;
}

// The storage limit: one items-shaped row per transaction, as ingest commits one per mention.
Figures run_raw_sqlite(Options const& options, std::filesystem::path const& dir) {
    // The store's own migrations make the table, so the baseline has exactly ingest's schema,
    // indexes and durability pragmas; only the work around the insert is left out.
    sb::Store schema((dir / "raw.db").string());
    auto& db = sb::StoreAccessForTest::connection(schema);
    SQLite::Statement insert(db, "INSERT INTO items(source, platform, external_id, author, text, "
                                 "url, kind, created_at, extra, team, priority, state, "
                                 "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Figures figures;
    auto const started = SteadyClock::now();
    auto const stop_at = started + std::chrono::duration_cast<SteadyClock::duration>(
                                       std::chrono::duration<double>(options.seconds));
    long n = 0;
    for (; n < options.requests && SteadyClock::now() < stop_at; ++n) {
        auto const id = "bench-" + std::to_string(n);
        auto const begin = SteadyClock::now();
        SQLite::Transaction transaction(db);
        insert.bind(1, "bench");
        insert.bind(2, "x");
        insert.bind(3, id);
        insert.bind(4, "@bench_user");
        insert.bind(5, "Still no signal in Giesing since this morning, any news?");
        insert.bind(6, "https://example.org/" + id);
        insert.bind(7, "mention");
        insert.bind(8, static_cast<std::int64_t>(1795633200));
        insert.bind(9, "{}");
        insert.bind(10, "care");
        insert.bind(11, "normal");
        insert.bind(12, "open");
        insert.bind(13, static_cast<std::int64_t>(1795633200));
        insert.exec();
        insert.reset();
        transaction.commit();
        figures.millis.push_back(millis_between(begin, SteadyClock::now()));
    }
    auto const elapsed = std::chrono::duration<double>(SteadyClock::now() - started).count();
    figures.per_second = elapsed > 0 ? static_cast<double>(n) / elapsed : 0.0;
    std::sort(figures.millis.begin(), figures.millis.end());
    return figures;
}

void print_usage(std::ostream& out) {
    out << "usage: bench_ingest [--seconds S] [--requests N] [--clients C] [--dir PATH]\n"
           "  Each phase stops after S seconds (default 5) or N operations (default 5000),\n"
           "  whichever comes first. C keep-alive clients (default 4) post over loopback.\n"
           "  PATH is where the temporary state directory goes (default: the system temp\n"
           "  directory); put it on the disk whose durability you want to measure.\n";
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string const flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            print_usage(std::cout);
            std::exit(0);
        }
        if (i + 1 >= argc) {
            std::cerr << "bench_ingest: " << flag << " needs a value\n";
            return std::nullopt;
        }
        std::string const value = argv[++i];
        try {
            if (flag == "--seconds")
                options.seconds = std::stod(value);
            else if (flag == "--requests")
                options.requests = std::stol(value);
            else if (flag == "--clients")
                options.clients = std::stoi(value);
            else if (flag == "--dir")
                options.parent_dir = value;
            else {
                std::cerr << "bench_ingest: unknown option " << flag << '\n';
                return std::nullopt;
            }
        } catch (std::exception const&) {
            std::cerr << "bench_ingest: " << flag << " expects a number, not '" << value << "'\n";
            return std::nullopt;
        }
    }
    if (options.seconds <= 0 || options.requests <= 0 || options.clients <= 0) {
        std::cerr << "bench_ingest: --seconds, --requests and --clients must be positive\n";
        return std::nullopt;
    }
    return options;
}

} // namespace

int main(int argc, char** argv) {
    auto const options = parse_options(argc, argv);
    if (!options) {
        print_usage(std::cerr);
        return 2;
    }
    // The daemon logs each item at info; here that would time the terminal, not the ingest path.
    spdlog::set_level(spdlog::level::warn);
    try {
        TempDir const dir(options->parent_dir);
        std::cout << "state in " << dir.path().string() << "; clients: " << options->clients
                  << "; each phase stops after " << options->seconds << " s or "
                  << with_thousands(static_cast<double>(options->requests)) << " operations\n";

        auto const ingest = run_ingest(*options, dir.path());
        auto const raw = run_raw_sqlite(*options, dir.path());

        std::cout << "durable webhooks over loopback: "
                  << with_thousands(ingest.accepted.per_second) << "/s  p50 request->202 "
                  << format_ms(percentile(ingest.accepted.millis, 0.50)) << "  p99 "
                  << format_ms(percentile(ingest.accepted.millis, 0.99)) << "  p50 request->card "
                  << format_ms(percentile(ingest.card.millis, 0.50)) << "  p99 "
                  << format_ms(percentile(ingest.card.millis, 0.99)) << "  ("
                  << with_thousands(static_cast<double>(ingest.accepted.millis.size()))
                  << " accepted)\n";
        std::cout << "raw SQLite inserts (WAL, synchronous=FULL): "
                  << with_thousands(raw.per_second) << "/s  p50 "
                  << format_ms(percentile(raw.millis, 0.50)) << "  p99 "
                  << format_ms(percentile(raw.millis, 0.99)) << "  ("
                  << with_thousands(static_cast<double>(raw.millis.size())) << " inserts)\n";
        if (raw.per_second > 0)
            std::cout << "ingest reaches "
                      << std::llround(100.0 * ingest.accepted.per_second / raw.per_second)
                      << "% of the raw storage rate\n";
        if (ingest.refused > 0)
            std::cout << "warning: " << ingest.refused
                      << " request(s) not accepted; first: " << ingest.first_refusal << '\n';
        if (ingest.uncarded > 0)
            std::cout << "warning: " << ingest.uncarded << " accepted item(s) got no card\n";
        return ingest.accepted.millis.empty() ? 1 : 0;
    } catch (std::exception const& e) {
        std::cerr << "bench_ingest: " << e.what() << '\n';
        return 1;
    }
}
