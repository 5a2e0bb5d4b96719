// SPDX-License-Identifier: Apache-2.0
// HttpClient on libcurl: HTTPS with the system's certificates, HTTPS_PROXY and NO_PROXY honoured.
#pragma once

#include "bot/ports/http_client.hpp"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace sb {

// Blocking transfers on a few worker threads; each completion is posted back to the
// io_context, so callers see them on the core thread like every other event.
class CurlHttpClient final : public HttpClient {
public:
    // Long polls hold a worker for their whole wait, so size the pool for them plus traffic.
    explicit CurlHttpClient(boost::asio::io_context& io, unsigned workers = 6);
    ~CurlHttpClient() override;
    CurlHttpClient(CurlHttpClient const&) = delete;
    CurlHttpClient& operator=(CurlHttpClient const&) = delete;

    void send(OutboundRequest request, std::function<void(Result<OutboundResponse>)> done) override;
    // Finishes the transfers under way without calling their callbacks and joins the workers.
    void stop();

private:
    struct Job {
        OutboundRequest request;
        std::function<void(Result<OutboundResponse>)> done;
    };
    void work();

    boost::asio::io_context& m_io;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::shared_ptr<bool> m_alive;
    std::vector<std::thread> m_workers;
};

// One transfer, blocking; for command-line tools and the workers above.
Result<OutboundResponse> perform_http(OutboundRequest const& request);

} // namespace sb
