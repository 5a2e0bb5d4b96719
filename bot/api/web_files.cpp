// SPDX-License-Identifier: Apache-2.0
// Serves the page's files from one directory, refusing every path that could leave it.
#include "bot/api/web_files.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace sb {
namespace {

// The page is small; a bigger file there is a mistake, not something to send.
constexpr std::uintmax_t max_file_bytes = 8 * 1024 * 1024;

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> content_types{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
}};

HttpResponse not_found() {
    auto response = HttpResponse::text(404, "Not found.\n");
    add_page_headers(response);
    return response;
}

// Only plain names in plain folders: letters, digits, '-', '_', '.' and '/', no "..", no
// hidden files. Everything else (escapes, NUL, backslashes) is refused outright rather than
// decoded, since the page's own files never need it.
bool is_safe_relative_path(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.size() > 200)
        return false;
    if (path.find("..") != std::string_view::npos || path.find("//") != std::string_view::npos)
        return false;
    for (char c : path) {
        bool const plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '/';
        if (!plain)
            return false;
    }
    // No segment may start with a dot: ".git", ".env" and the like are never part of the page.
    if (path.front() == '.' || path.find("/.") != std::string_view::npos)
        return false;
    return true;
}

} // namespace

void add_page_headers(HttpResponse& response) {
    response.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
}

std::string_view web_content_type(std::string_view file_name) {
    for (auto const& [extension, type] : content_types)
        if (file_name.size() > extension.size() && file_name.ends_with(extension))
            return type;
    return {};
}

HttpResponse serve_web_file(std::string const& web_dir, std::string_view relative) {
    namespace fs = std::filesystem;
    if (web_dir.empty()) {
        auto response = HttpResponse::text(
            404, "The web page is not served here: this switchboard found no page files. Start "
                 "it with --web-dir pointing at the folder holding index.html.\n");
        add_page_headers(response);
        return response;
    }
    std::string name(relative.empty() || relative.back() == '/'
                         ? std::string(relative) + "index.html"
                         : std::string(relative));
    if (!is_safe_relative_path(name))
        return not_found();
    auto const type = web_content_type(name);
    if (type.empty())
        return not_found();

    std::error_code ec;
    auto const root = fs::weakly_canonical(fs::path(web_dir), ec);
    if (ec)
        return not_found();
    auto const file = fs::weakly_canonical(root / name, ec);
    if (ec)
        return not_found();
    // A symbolic link inside the folder must not lead out of it either.
    auto const common = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    if (common.first != root.end() || !fs::is_regular_file(file, ec))
        return not_found();
    auto const size = fs::file_size(file, ec);
    if (ec || size > max_file_bytes)
        return not_found();

    std::ifstream in(file, std::ios::binary);
    if (!in) {
        spdlog::warn("web: cannot read {}", file.string());
        return not_found();
    }
    std::ostringstream body;
    body << in.rdbuf();

    HttpResponse response;
    response.status = 200;
    response.content_type = std::string(type);
    response.body = std::move(body).str();
    // The page's files change with each release; revalidating keeps an old script from
    // talking to a newer API.
    response.headers.emplace_back("Cache-Control", "no-cache");
    add_page_headers(response);
    return response;
}

} // namespace sb
