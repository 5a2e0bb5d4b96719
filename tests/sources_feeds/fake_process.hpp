// SPDX-License-Identifier: Apache-2.0
// Runs a node contract fake (tests/fakes/...) as a child process, and the pieces a poller needs
// around it in a test: a store on a temporary directory, an in-memory sink, synchronous HTTP.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/http.hpp"
#include "bot/ports/http_client.hpp"
#include "bot/store/store.hpp"
#include "tests/support/store_ports.hpp"

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sb::test {

class FakeProcess {
public:
    explicit FakeProcess(std::vector<std::string> args); // node <args...>; reads "PORT n"
    ~FakeProcess();
    FakeProcess(FakeProcess const&) = delete;
    FakeProcess& operator=(FakeProcess const&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    unsigned short port() const { return static_cast<unsigned short>(m_port); }
    // GET /_control/<path> without a body, POST with one.
    nlohmann::json control(std::string const& path, nlohmann::json const& body = nullptr);

private:
    pid_t m_pid = -1;
    int m_port = 0;
};

// Completes each request at once on the caller's thread (real HTTP through libcurl), so a
// test drives polls by advancing manual timers without running an event loop.
class SyncHttpClient final : public HttpClient {
public:
    void send(OutboundRequest request, std::function<void(Result<OutboundResponse>)> done) override;
    std::vector<OutboundRequest> const& sent() const { return m_sent; }

private:
    std::vector<OutboundRequest> m_sent;
};

// Stores mentions in memory, deduplicated by (platform, external id) like the real core;
// edits replace the text and are counted.
class MemorySink final : public MentionSink {
public:
    Result<IngestOutcome> ingest(Mention const& mention) override;
    std::vector<Mention> mentions; // created ones, in order
    std::vector<Mention> edits;
    bool failing = false;
};

class NullRouter final : public HttpRouter {
public:
    void add_route(std::string, std::string, HttpHandler) override {}
};

// Everything a source factory needs, on a fresh store in a temporary directory. reopen()
// closes and opens the store again, as a restart does.
struct SourceHarness {
    SourceHarness();
    ~SourceHarness();
    void reopen();
    SourceDeps deps();

    std::filesystem::path dir;
    boost::asio::io_context io;
    config::Config config;
    ManualClock clock;
    ManualTimers timers{clock};
    SyncHttpClient http;
    std::unique_ptr<Store> store;
    std::unique_ptr<StorePorts> ports;
    MetricsRegistry metrics;
    NullRouter router;
    MemorySink sink;
};

config::Source source_config(std::string id, nlohmann::json settings);

} // namespace sb::test
