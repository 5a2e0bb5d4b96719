// SPDX-License-Identifier: Apache-2.0
// Runs the Slack contract fake as a child process.
#include "slack_fake_process.hpp"

#include "tests/support/http_client.hpp"

#include <csignal>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace sb::test {

SlackFakeProcess::SlackFakeProcess() {
    int in[2];
    int out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0)
        throw std::runtime_error("pipe failed");
    m_pid = ::fork();
    if (m_pid < 0)
        throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::close(in[1]);
        ::close(out[0]);
        ::execl(SB_NODE, SB_NODE, SB_SLACK_FAKE, static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    // The fake exits when this end closes, so a crashed test leaves no process behind.
    m_stdin = in[1];
    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n')
        line += c;
    ::close(out[0]);
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("port"))
        throw std::runtime_error("the Slack fake did not start: '" + line + "'");
    m_port = parsed["port"].get<std::uint16_t>();
}

SlackFakeProcess::~SlackFakeProcess() {
    if (m_stdin >= 0)
        ::close(m_stdin);
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

nlohmann::json SlackFakeProcess::control(std::string const& what, nlohmann::json const& body) {
    auto connection = HttpConnection::open("127.0.0.1", m_port);
    if (!connection)
        throw std::runtime_error("cannot reach the Slack fake");
    auto result = connection->request("POST", "/control/" + what,
                                      body.is_null() ? std::string("{}") : body.dump(),
                                      {{"Content-Type", "application/json"}}, true);
    auto parsed = nlohmann::json::parse(result.body, nullptr, false);
    if (parsed.is_discarded())
        throw std::runtime_error("the Slack fake answered /control/" + what + " with '" +
                                 result.body + "'");
    return parsed;
}

} // namespace sb::test
