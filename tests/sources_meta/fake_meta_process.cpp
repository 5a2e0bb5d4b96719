// SPDX-License-Identifier: Apache-2.0
// Starts node on the fake, reads the port it printed, and stops it at the end.
#include "tests/sources_meta/fake_meta_process.hpp"

#include "adapters/net/http_client/curl_http_client.hpp"

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace sb::test {

FakeMeta::FakeMeta() {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::string script = META_FAKE_SCRIPT;
    char node[] = "node";
    std::vector<char*> argv{node, script.data(), nullptr};
    auto const spawned = posix_spawnp(&m_pid, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
        ::close(pipe_fds[0]);
        throw std::runtime_error("cannot start node for the fake Meta");
    }
    std::string line;
    char c = 0;
    while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n')
        line += c;
    ::close(pipe_fds[0]);
    if (line.rfind("PORT ", 0) != 0)
        throw std::runtime_error("the fake Meta did not start: " + line);
    m_port = std::stoi(line.substr(5));
}

FakeMeta::~FakeMeta() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

nlohmann::json FakeMeta::control(std::string const& name, nlohmann::json const& body) {
    OutboundRequest request;
    request.method = body.is_null() ? "GET" : "POST";
    request.url = url() + "/_control/" + name;
    if (!body.is_null()) {
        request.body = body.dump();
        request.headers.emplace_back("Content-Type", "application/json");
    }
    auto response = perform_http(request);
    if (!response || response->status != 200)
        throw std::runtime_error("control call " + name + " failed: " +
                                 (response ? response->body : response.error().message));
    return nlohmann::json::parse(response->body);
}

std::string meta_sample(std::string const& name) {
    std::ifstream file(std::string(META_SAMPLES_DIR) + "/" + name);
    if (!file)
        throw std::runtime_error("no sample " + name);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace sb::test
