// SPDX-License-Identifier: Apache-2.0
#include "adapters/net/http_client/curl_http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <curl/curl.h>

#include <algorithm>
#include <cctype>

namespace sb {

std::string OutboundResponse::header(std::string_view name) const {
    for (auto const& [key, value] : headers) {
        if (key.size() == name.size() &&
            std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            }))
            return value;
    }
    return {};
}

namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::size_t append_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* response = static_cast<OutboundResponse*>(user);
    std::string_view line(data, size * count);
    // A redirect or a 100 Continue starts a new header block; keep only the last one.
    if (line.starts_with("HTTP/")) {
        response->headers.clear();
        return size * count;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return size * count;
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.remove_suffix(1);
    response->headers.emplace_back(std::move(name), std::string(value));
    return size * count;
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

} // namespace

Result<OutboundResponse> perform_http(OutboundRequest const& request) {
    static CurlGlobal const global;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl)
        return unexpected(ErrorCode::internal, "libcurl could not start");
    OutboundResponse response;
    curl_slist* headers = nullptr;
    for (auto const& [name, value] : request.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    // libcurl would otherwise add "Expect: 100-continue" to larger bodies and wait for it.
    headers = curl_slist_append(headers, "Expect:");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                            curl_slist_free_all);
    char error_text[CURL_ERROR_SIZE] = {};
    auto* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "HEAD")
        curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<long long>(request.timeout.count(), 10'000)));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, append_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "switchboard/0.1");
    auto code = curl_easy_perform(handle);
    if (code != CURLE_OK) {
        std::string what = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
        auto kind = code == CURLE_OPERATION_TIMEDOUT ? "timed out" : "failed";
        return unexpected(ErrorCode::unavailable,
                          request.method + " " + request.url + " " + kind + ": " + what);
    }
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

CurlHttpClient::CurlHttpClient(boost::asio::io_context& io, unsigned workers)
    : m_io(io), m_alive(std::make_shared<bool>(true)) {
    for (unsigned i = 0; i < std::max(1u, workers); ++i)
        m_workers.emplace_back([this] { work(); });
}

CurlHttpClient::~CurlHttpClient() {
    stop();
}

void CurlHttpClient::send(OutboundRequest request,
                          std::function<void(Result<OutboundResponse>)> done) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_jobs.push_back(Job{std::move(request), std::move(done)});
    }
    m_wake.notify_one();
}

void CurlHttpClient::stop() {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && m_workers.empty())
            return;
        m_stopping = true;
        m_jobs.clear();
        *m_alive = false;
    }
    m_wake.notify_all();
    for (auto& worker : m_workers)
        if (worker.joinable())
            worker.join();
    m_workers.clear();
}

void CurlHttpClient::work() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping)
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        auto result = perform_http(job.request);
        // The flag is read on the core thread, where stop() is also called, so a callback
        // never runs after the client (and whoever owns it) has stopped.
        boost::asio::post(m_io, [alive = m_alive, done = std::move(job.done),
                                 result = std::move(result)]() mutable {
            if (*alive)
                done(std::move(result));
        });
    }
}

} // namespace sb
