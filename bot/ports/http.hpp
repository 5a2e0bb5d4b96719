// SPDX-License-Identifier: Apache-2.0
// The daemon's HTTP interface as plain values, so handlers never see the HTTP library.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb {

struct CaseLess {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const;
};

struct HttpRequest {
    std::string method;                       // "GET", "POST" …
    std::string path;                         // "/hooks/demo", without the query
    std::map<std::string, std::string> query; // decoded query parameters
    std::map<std::string, std::string, CaseLess> headers;
    std::string body; // raw bytes, as received
    std::string remote_address;

    std::string header(std::string_view name) const;
};

// The open end of a streamed response (server-sent events): text written here goes to the
// client as it comes. Use it on the io_context's thread.
class HttpStreamWriter {
public:
    virtual ~HttpStreamWriter() = default;
    // Queues text for the client; false once the client has gone (the writer can be dropped).
    virtual bool write(std::string text) = 0;
    virtual bool is_open() const = 0;
    virtual void close() = 0;
};

struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type = "application/json";
    // When set, the response has no length: the body is sent first, then the connection stays
    // open and `stream` is called once with the writer for everything that follows.
    std::function<void(std::shared_ptr<HttpStreamWriter>)> stream;

    static HttpResponse json(int status, std::string body);
    static HttpResponse text(int status, std::string body);
    // {"error": message} with the given status.
    static HttpResponse error(int status, std::string_view message);
};

using HttpResponder = std::function<void(HttpResponse)>;
// A handler answers exactly once, now or later (after a durable write, say).
using HttpHandler = std::function<void(HttpRequest const&, HttpResponder)>;

class HttpRouter {
public:
    virtual ~HttpRouter() = default;
    // path_prefix ending in '/' matches every path below it; otherwise the path must be equal.
    virtual void add_route(std::string method, std::string path_prefix, HttpHandler handler) = 0;
};

} // namespace sb
