// SPDX-License-Identifier: Apache-2.0
// Starts node on the fake homeserver, reads the port it printed, and stops it at the end.
#include "tests/matrix/fake_homeserver_process.hpp"

#include "adapters/net/http_client/curl_http_client.hpp"

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

extern char** environ;

namespace sb::test {

FakeHomeserver::FakeHomeserver() {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::string script = MATRIX_FAKE_SCRIPT;
    char node[] = "node";
    std::vector<char*> argv{node, script.data(), nullptr};
    if (posix_spawnp(&m_pid, "node", &actions, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start node for the fake homeserver");
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    std::string line;
    char c = 0;
    while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n')
        line += c;
    ::close(pipe_fds[0]);
    if (line.rfind("PORT ", 0) != 0)
        throw std::runtime_error("the fake homeserver did not start: " + line);
    m_port = std::stoi(line.substr(5));
}

FakeHomeserver::~FakeHomeserver() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

nlohmann::json FakeHomeserver::control(std::string const& path, nlohmann::json const& body) {
    OutboundRequest request;
    request.method = body.is_null() ? "GET" : "POST";
    request.url = url() + "/_control/" + path;
    if (!body.is_null()) {
        request.body = body.dump();
        request.headers.emplace_back("Content-Type", "application/json");
    }
    auto response = perform_http(request);
    if (!response || response->status != 200)
        throw std::runtime_error("control call " + path + " failed: " +
                                 (response ? response->body : response.error().message));
    return nlohmann::json::parse(response->body);
}

nlohmann::json FakeHomeserver::room(std::string const& room_id) {
    std::string encoded;
    for (unsigned char c : room_id) {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%%%02X", c);
        encoded += buffer;
    }
    return control("room_view?room_id=" + encoded);
}

nlohmann::json FakeHomeserver::requests() {
    return control("report")["requests"];
}

nlohmann::json FakeHomeserver::violations() {
    return control("report")["violations"];
}

} // namespace sb::test
