// SPDX-License-Identifier: Apache-2.0
// Requests per second and latency of the REST API of the real binary over one keep-alive
// connection, beside the same queries done straight on SQLite and the rota engine.
#include "binary_process.hpp"
#include "tests/support/store_access.hpp"

#include "base/hmac.hpp"
#include "base/text.hpp"
#include "bot/rota/config_rota.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"
#include "schedules/resolver.hpp"
#include "tests/support/http_client.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Options {
    long items = 100000;
    double seconds = 3.0;      // per scenario
    long max_requests = 20000; // per scenario
    std::string binary = SWITCHBOARD_BINARY;
    std::filesystem::path parent_dir = std::filesystem::temp_directory_path();
    bool keep = false;
};

// Two teams in different zones; care has two layers and Bavarian holidays, so a month of its
// rota has windows, holidays and substitutions to resolve.
constexpr char const* bench_config = R"json({
  "chat": [{ "type": "console", "name": "console" }],
  "people": {
    "pat":   { "name": "Pat", "timezone": "Europe/Berlin", "role": "manager", "chat": { "console": "pat" } },
    "quinn": { "name": "Quinn", "timezone": "Europe/Berlin", "chat": { "console": "quinn" } },
    "riley": { "name": "Riley", "timezone": "Europe/Berlin", "chat": { "console": "riley" } },
    "sam":   { "name": "Sam", "timezone": "Europe/Berlin", "chat": { "console": "sam" } },
    "tess":  { "name": "Tess", "timezone": "America/New_York", "chat": { "console": "tess" } },
    "uma":   { "name": "Uma", "timezone": "America/New_York", "chat": { "console": "uma" } }
  },
  "teams": {
    "care": {
      "timezone": "Europe/Berlin",
      "holidays": "DE-BY",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00" },
      "coverage": [
        { "name": "evening", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "22:00" },
        { "name": "weekend", "days": ["sat", "sun"], "holidays": true, "start": "09:00", "end": "21:00" }
      ],
      "rooms": { "console": "#care" },
      "layers": [
        { "name": "primary", "members": ["quinn", "riley", "pat"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-02" },
        { "name": "secondary", "members": ["sam", "quinn"], "shift": "1d", "handoff": { "time": "09:00" }, "start": "2026-11-02" }
      ],
      "escalation": { "business_hours": "page", "after_hours": "page" }
    },
    "sales": {
      "timezone": "America/New_York",
      "business_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00" },
      "coverage": [
        { "name": "weekend", "days": ["sat", "sun"], "start": "10:00", "end": "16:00" }
      ],
      "rooms": { "console": "#sales" },
      "layers": [
        { "name": "primary", "members": ["tess", "uma"], "shift": "1w", "handoff": { "day": "mon", "time": "09:00" }, "start": "2026-11-02" }
      ],
      "escalation": { "business_hours": "page", "after_hours": "page" }
    }
  },
  "escalation_policies": {
    "page": { "steps": [{ "after": "10m", "notify": [{ "layer": "primary" }], "via": ["chat_dm"] }] }
  },
  "absences": [
    { "person": "riley", "kind": "vacation", "from": "2026-12-14", "to": "2026-12-18" }
  ],
  "routing": [{ "match": {}, "team": "care" }]
})json";

constexpr char const* month_from = "2026-12-01T00:00:00+01:00";
constexpr char const* month_to = "2027-01-01T00:00:00+01:00";

struct Figures {
    long requests = 0;
    double per_second = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    std::string failure; // why the scenario could not run, empty when it did
};

// Nearest rank, so p99 of 100 samples is the 99th and not an interpolation.
double percentile(std::vector<double> const& sorted, double fraction) {
    if (sorted.empty())
        return 0.0;
    auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// Runs `once` back to back for the time allowed; `once` answers an error text or empty.
Figures measure(Options const& options, std::function<std::string()> const& once) {
    Figures figures;
    // A few rounds first, so caches and the page cache are warm as in steady use.
    for (int i = 0; i < 20; ++i)
        if (auto failure = once(); !failure.empty()) {
            figures.failure = failure;
            return figures;
        }
    std::vector<double> millis;
    auto const start = SteadyClock::now();
    auto const deadline = start + std::chrono::duration_cast<SteadyClock::duration>(
                                      std::chrono::duration<double>(options.seconds));
    while (SteadyClock::now() < deadline &&
           static_cast<long>(millis.size()) < options.max_requests) {
        auto const before = SteadyClock::now();
        if (auto failure = once(); !failure.empty()) {
            figures.failure = failure;
            return figures;
        }
        millis.push_back(
            std::chrono::duration<double, std::milli>(SteadyClock::now() - before).count());
    }
    auto const elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::sort(millis.begin(), millis.end());
    figures.requests = static_cast<long>(millis.size());
    figures.per_second = elapsed > 0 ? static_cast<double>(millis.size()) / elapsed : 0;
    figures.p50_ms = percentile(millis, 0.50);
    figures.p99_ms = percentile(millis, 0.99);
    return figures;
}

// 100k items over the last half year: most resolved, some open, claimed, snoozed or dismissed,
// spread over both teams and three sources, in one transaction.
void fill_items(std::filesystem::path const& db_path, long count) {
    sb::Store store(db_path.string());
    auto& db = sb::StoreAccessForTest::connection(store);
    SQLite::Transaction transaction(db);
    SQLite::Statement q(db, "INSERT INTO items(source, platform, external_id, author, text, url, "
                            "kind, team, priority, state, claimed_by, claimed_at, resolved_at, "
                            "created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, 'mention', ?, ?, "
                            "?, ?, ?, ?, ?, ?)");
    std::mt19937 random(42);
    static constexpr std::array<char const*, 3> sources{"x", "mastodon", "facebook"};
    static constexpr std::array<char const*, 3> claimers{"quinn", "riley", "pat"};
    auto const now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())
                         .time_since_epoch()
                         .count();
    auto const span = 180L * 24 * 3600;
    for (long i = 0; i < count; ++i) {
        // Ids grow with arrival, as they do when items come in one after another.
        auto received = now - span + span * i / count;
        auto roll = random() % 100;
        char const* state = roll < 5    ? "open"
                            : roll < 8  ? "claimed"
                            : roll < 10 ? "snoozed"
                            : roll < 15 ? "dismissed"
                                        : "resolved";
        bool claimed = std::string(state) == "claimed" || std::string(state) == "resolved";
        auto const* source = sources[static_cast<std::size_t>(i) % sources.size()];
        auto id = std::to_string(i);
        q.bind(1, source);
        q.bind(2, source);
        q.bind(3, "bench-" + id);
        q.bind(4, "@user" + std::to_string(i % 997));
        q.bind(5, "Still no signal in Giesing since this morning, any news? (" + id + ")");
        q.bind(6, "https://example.org/" + id);
        q.bind(7, i % 3 == 2 ? "sales" : "care");
        q.bind(8, i % 20 == 0 ? "high" : "normal");
        q.bind(9, state);
        q.bind(10, claimed ? claimers[static_cast<std::size_t>(i) % claimers.size()] : "");
        if (claimed)
            q.bind(11, static_cast<int64_t>(received + 60 + random() % 1800));
        else
            q.bind(11);
        if (std::string(state) == "resolved")
            q.bind(12, static_cast<int64_t>(received + 1800 + random() % 7200));
        else
            q.bind(12);
        q.bind(13, static_cast<int64_t>(received));
        q.bind(14, static_cast<int64_t>(received));
        q.exec();
        q.reset();
    }
    transaction.commit();
}

// A token through the command line; when that is not there, a row with its hash directly.
std::string create_token(Options const& options, std::filesystem::path const& config_path,
                         std::filesystem::path const& dir) {
    auto command = "'" + options.binary + "' token create --config '" + config_path.string() +
                   "' --state-dir '" + dir.string() + "' --person pat --label bench 2>/dev/null";
    if (auto* pipe = ::popen(command.c_str(), "r")) {
        std::array<char, 256> buffer{};
        std::string out;
        while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
            out += buffer.data();
        int status = ::pclose(pipe);
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
            out.pop_back();
        if (status == 0 && out.rfind("sbt_", 0) == 0)
            return out;
    }
    std::cerr << "bench_api: 'switchboard token create' failed; inserting a token row directly\n";
    auto secret = "sbt_" + sb::random_token(24);
    sb::Store store((dir / "switchboard.db").string());
    SQLite::Statement q(sb::StoreAccessForTest::connection(store),
                        "INSERT INTO api_tokens(person, label, hash, created_at) "
                        "VALUES ('pat', 'bench', ?, strftime('%s', 'now'))");
    q.bind(1, sb::sha256_hex(secret));
    q.exec();
    return secret;
}

std::string api_get(sb::test::HttpConnection& connection, std::string const& target,
                    std::string const& token) {
    auto result = connection.request("GET", target, {}, {{"Authorization", "Bearer " + token}});
    if (result.status == 200)
        return {};
    auto body = result.body.substr(0, 200);
    return "HTTP " + std::to_string(result.status) +
           (result.error.empty() ? "" : " " + result.error) + (body.empty() ? "" : ": " + body);
}

// The items query as the API runs it, on a statement prepared once: the floor for the route.
class DirectItems {
public:
    DirectItems(SQLite::Database& db, std::string const& where)
        : m_query(db, "SELECT id, source, platform, external_id, author, text, url, kind, rating, "
                      "language, parent_id, account, created_at, extra, team, priority, state, "
                      "claimed_by, claimed_at, resolved_at, snoozed_until, due_at, received_at, "
                      "deleted_at, duplicate_count, group_key FROM items " +
                          where + " ORDER BY id DESC LIMIT 51") {}

    std::string run() {
        m_query.reset();
        std::size_t rows = 0;
        std::size_t bytes = 0;
        while (m_query.executeStep()) {
            ++rows;
            for (int column = 0; column < m_query.getColumnCount(); ++column)
                bytes += m_query.getColumn(column).getString().size();
        }
        return rows == 51 && bytes > 0 ? std::string{} : "only " + std::to_string(rows) + " rows";
    }

private:
    SQLite::Statement m_query;
};

void print_row(std::string const& name, Figures const& api, Figures const& direct) {
    auto cell = [](Figures const& f, double value, char const* format) {
        if (!f.failure.empty())
            return std::string("-");
        char text[32];
        std::snprintf(text, sizeof text, format, value);
        return std::string(text);
    };
    std::printf(
        "%-34s %12s %10s %10s %12s %10s %10s %9s\n", name.c_str(),
        cell(api, api.per_second, "%.0f").c_str(), cell(api, api.p50_ms, "%.3f").c_str(),
        cell(api, api.p99_ms, "%.3f").c_str(), cell(direct, direct.per_second, "%.0f").c_str(),
        cell(direct, direct.p50_ms, "%.3f").c_str(), cell(direct, direct.p99_ms, "%.3f").c_str(),
        api.failure.empty() && direct.failure.empty() && direct.p50_ms > 0
            ? cell(api, api.p50_ms / direct.p50_ms, "%.1fx").c_str()
            : "-");
    if (!api.failure.empty())
        std::printf("    API: %s\n", api.failure.c_str());
    if (!direct.failure.empty())
        std::printf("    direct: %s\n", direct.failure.c_str());
}

void usage() {
    std::cerr << "usage: bench_api [--items N] [--seconds S] [--requests N] [--binary PATH] "
                 "[--dir PARENT] [--keep]\n";
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto next = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc)
                return std::nullopt;
            return std::string(argv[++i]);
        };
        std::optional<std::string> value;
        if (arg == "--keep") {
            options.keep = true;
            continue;
        }
        if (arg == "--help" || !(value = next())) {
            usage();
            return arg == "--help" ? 0 : 2;
        }
        if (arg == "--items")
            options.items = std::stol(*value);
        else if (arg == "--seconds")
            options.seconds = std::stod(*value);
        else if (arg == "--requests")
            options.max_requests = std::stol(*value);
        else if (arg == "--binary")
            options.binary = *value;
        else if (arg == "--dir")
            options.parent_dir = *value;
        else {
            usage();
            return 2;
        }
    }
    spdlog::set_level(spdlog::level::warn);

    std::string pattern = (options.parent_dir / "switchboard-bench-api-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::cerr << "bench_api: cannot create a directory in " << options.parent_dir << '\n';
        return 1;
    }
    std::filesystem::path dir = pattern;
    auto cleanup = [&] {
        if (!options.keep)
            std::filesystem::remove_all(dir);
        else
            std::cerr << "bench_api: state kept in " << dir << '\n';
    };
    auto config_path = dir / "switchboard.jsonc";
    std::ofstream(config_path) << bench_config;

    auto loaded = sb::config::load_config_text(bench_config, config_path.string());
    if (!loaded.config) {
        for (auto const& error : loaded.errors)
            std::cerr << "bench_api: config: " << error.to_string() << '\n';
        cleanup();
        return 1;
    }
    auto rota = sb::rota::ConfigRota::create(*loaded.config);
    if (!rota) {
        std::cerr << "bench_api: rota: " << rota.error().to_string() << '\n';
        cleanup();
        return 1;
    }

    auto const db_path = dir / "switchboard.db";
    auto const fill_start = SteadyClock::now();
    fill_items(db_path, options.items);
    std::fprintf(stderr, "bench_api: %ld items stored in %.1f s\n", options.items,
                 std::chrono::duration<double>(SteadyClock::now() - fill_start).count());
    auto token = create_token(options, config_path, dir);

    auto process = sb::test::BinaryProcess::start(
        {options.binary, "run", "--config", config_path.string(), "--state-dir", dir.string(),
         "--listen", "127.0.0.1:0", "--no-stdin"});
    if (!process) {
        std::cerr << "bench_api: cannot start " << options.binary << '\n';
        cleanup();
        return 1;
    }
    auto port = sb::test::listening_port(*process);
    if (!port) {
        std::cerr << "bench_api: the daemon did not say where it listens:\n"
                  << process->stderr_text() << '\n';
        process->signal(SIGTERM);
        process->wait();
        cleanup();
        return 1;
    }
    auto connection = sb::test::HttpConnection::open("127.0.0.1", *port, 30);
    if (!connection) {
        std::cerr << "bench_api: cannot connect to port " << *port << '\n';
        process->signal(SIGTERM);
        process->wait();
        cleanup();
        return 1;
    }

    auto const from = *sb::parse_instant(month_from);
    auto const to = *sb::parse_instant(month_to);
    auto const rota_target = "/api/v1/teams/care/rota?from=" + sb::url_encode(month_from) +
                             "&to=" + sb::url_encode(month_to);
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);

    std::printf(
        "%ld items, %.1f s per scenario, one keep-alive connection, one request at a time\n",
        options.items, options.seconds);
    std::printf("%-34s %12s %10s %10s %12s %10s %10s %9s\n", "query", "API req/s", "p50 ms",
                "p99 ms", "direct req/s", "p50 ms", "p99 ms", "p50 ratio");

    // The rota of a month: the engine's spans, gaps and windows, as the route answers them.
    auto const* inputs = rota->inputs("care");
    auto api_rota = measure(options, [&] { return api_get(*connection, rota_target, token); });
    auto direct_rota = measure(options, [&]() -> std::string {
        auto spans = sb::schedules::resolve_rota(*inputs, from, to);
        auto gaps = sb::schedules::find_gaps(*inputs, from, to);
        auto windows = sb::schedules::window_occurrences(*inputs, from, to);
        return spans.empty() || windows.empty() ? "an empty rota" : std::string{};
    });
    print_row("GET teams/care/rota (a month)", api_rota, direct_rota);

    DirectItems newest(db, "");
    auto api_items =
        measure(options, [&] { return api_get(*connection, "/api/v1/items?limit=50", token); });
    auto direct_items = measure(options, [&] { return newest.run(); });
    print_row("GET items?limit=50", api_items, direct_items);

    DirectItems open_care(db, "WHERE state = 'open' AND team = 'care'");
    auto api_open = measure(options, [&] {
        return api_get(*connection, "/api/v1/items?limit=50&state=open&team=care", token);
    });
    auto direct_open = measure(options, [&] { return open_care.run(); });
    print_row("GET items?state=open&team=care", api_open, direct_open);

    connection.reset();
    process->signal(SIGTERM);
    int code = process->wait();
    if (code != 0)
        std::cerr << "bench_api: the daemon exited with " << code << '\n';
    cleanup();
    return 0;
}
