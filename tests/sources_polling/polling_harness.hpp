// SPDX-License-Identifier: Apache-2.0
// What a poller needs, with simulated time: the test fires the poll loop's timers by hand and
// runs the io_context until the poll's HTTP exchanges are done.
#pragma once

#include "adapters/net/http_client/curl_http_client.hpp"
#include "adapters/sources/common/source_deps.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/metrics/metrics_registry.hpp"
#include "bot/ports/http.hpp"
#include "bot/store/store.hpp"
#include "config/config.hpp"
#include "tests/support/store_ports.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace sb::test {

// Keeps mentions by (platform, external id) like the core: a known created one is a duplicate,
// an edit replaces the text.
class RecordingSink final : public MentionSink {
public:
    Result<IngestOutcome> ingest(Mention const& mention) override {
        calls.push_back(mention);
        if (failing)
            return unexpected(ErrorCode::unavailable, "database is locked", "store");
        auto key = std::make_pair(mention.platform, mention.external_id);
        auto found = items.find(key);
        if (found == items.end()) {
            items.emplace(key, mention);
            order.push_back(mention.external_id);
            return IngestOutcome{static_cast<ItemId>(items.size()), true};
        }
        if (mention.change == MentionChange::edited) {
            found->second.text = mention.text;
            ++edits;
        }
        return IngestOutcome{1, false};
    }

    std::vector<Mention> calls;
    std::map<std::pair<std::string, std::string>, Mention> items;
    std::vector<std::string> order; // external ids in the order items were created
    int edits = 0;
    bool failing = false;
};

class PollingHarness {
public:
    PollingHarness()
        : m_dir(make_dir()), store(std::make_unique<Store>((m_dir / "state.db").string())),
          ports(std::make_unique<StorePorts>(*store)), m_work(boost::asio::make_work_guard(io)) {
        config.path = (m_dir / "switchboard.jsonc").string();
    }
    ~PollingHarness() {
        http.stop();
        std::filesystem::remove_all(m_dir);
    }

    SourceDeps deps() {
        return {io,           config,  clock,  timers, http, ports->cursors,
                ports->inbox, metrics, router, sink};
    }

    // Fires the timers due by `at` and runs the loop until the poll they started has finished,
    // which shows as the next poll being scheduled again.
    void poll_at(Instant at) {
        timers.advance_to(at);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (timers.pending() == 0) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("the poll did not finish within 10 s");
            io.run_one_for(std::chrono::milliseconds(50));
        }
    }
    void poll_now() { poll_at(clock.now()); }
    // The instant of the next scheduled poll.
    Instant next_poll() const { return timers.next_due().value_or(Instant{}); }

    // A new store object on the same file, as after a restart.
    void reopen_store() {
        ports.reset();
        store.reset();
        store = std::make_unique<Store>((m_dir / "state.db").string());
        ports = std::make_unique<StorePorts>(*store);
    }

    boost::asio::io_context io;
    config::Config config;
    ManualClock clock{Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}} +
                      std::chrono::hours{10}};
    ManualTimers timers{clock};
    CurlHttpClient http{io, 2};
    MetricsRegistry metrics;
    RecordingSink sink;

private:
    static std::filesystem::path make_dir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-polling-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        return pattern;
    }

    class NoRoutes final : public HttpRouter {
    public:
        void add_route(std::string, std::string, HttpHandler) override {}
    };

    std::filesystem::path m_dir;

public:
    std::unique_ptr<Store> store;
    std::unique_ptr<StorePorts> ports;

private:
    NoRoutes router;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
};

} // namespace sb::test
