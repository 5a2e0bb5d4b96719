// SPDX-License-Identifier: Apache-2.0
// Runs the real switchboard binary as a child process with pipes.
#include "binary_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <regex>
#include <thread>

extern char** environ;

namespace sb::test {

std::unique_ptr<BinaryProcess> BinaryProcess::start(std::vector<std::string> const& args,
                                                    std::map<std::string, std::string> const& env) {
    int in[2], out[2], err[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0 || ::pipe(err) != 0)
        return nullptr;
    pid_t pid = ::fork();
    if (pid < 0)
        return nullptr;
    if (pid == 0) {
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(err[1], STDERR_FILENO);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
            ::close(fd);
        for (auto const& [name, value] : env)
            ::setenv(name.c_str(), value.c_str(), 1);
        std::vector<char*> argv;
        for (auto const& arg : args)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    std::unique_ptr<BinaryProcess> process(new BinaryProcess);
    process->m_pid = pid;
    process->m_in = in[1];
    process->m_out_fd = out[0];
    process->m_err_fd = err[0];
    ::fcntl(out[0], F_SETFL, O_NONBLOCK);
    ::fcntl(err[0], F_SETFL, O_NONBLOCK);
    ::signal(SIGPIPE, SIG_IGN);
    return process;
}

BinaryProcess::~BinaryProcess() {
    if (!m_exited && m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    for (int fd : {m_in, m_out_fd, m_err_fd})
        if (fd >= 0)
            ::close(fd);
}

bool BinaryProcess::write_line(std::string const& line) {
    auto text = line + "\n";
    return ::write(m_in, text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

void BinaryProcess::close_stdin() {
    if (m_in >= 0)
        ::close(m_in);
    m_in = -1;
}

void BinaryProcess::pump(std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{m_out_fd, POLLIN, 0}, {m_err_fd, POLLIN, 0}};
    if (::poll(fds, 2, static_cast<int>(timeout.count())) <= 0)
        return;
    char buffer[65536];
    for (int i = 0; i < 2; ++i) {
        while (true) {
            auto n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0)
                break;
            (i == 0 ? m_out : m_err).append(buffer, static_cast<std::size_t>(n));
        }
    }
}

std::optional<std::size_t> BinaryProcess::wait_for(std::string const& which,
                                                   std::string const& text,
                                                   std::chrono::milliseconds timeout,
                                                   std::size_t from) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto const& haystack = which == "out" ? m_out : m_err;
        if (auto at = haystack.find(text, from); at != std::string::npos)
            return at;
        if (std::chrono::steady_clock::now() > deadline)
            return std::nullopt;
        pump(std::chrono::milliseconds(50));
    }
}

std::optional<std::size_t> BinaryProcess::wait_for_stdout(std::string const& text,
                                                          std::chrono::milliseconds timeout,
                                                          std::size_t from) {
    return wait_for("out", text, timeout, from);
}

std::optional<std::size_t> BinaryProcess::wait_for_stderr(std::string const& text,
                                                          std::chrono::milliseconds timeout,
                                                          std::size_t from) {
    return wait_for("err", text, timeout, from);
}

void BinaryProcess::signal(int number) {
    if (!m_exited)
        ::kill(m_pid, number);
}

int BinaryProcess::wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_exited) {
        int status = 0;
        auto done = ::waitpid(m_pid, &status, WNOHANG);
        if (done == m_pid) {
            m_exited = true;
            m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        pump(std::chrono::milliseconds(20));
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(m_pid, SIGKILL);
        }
    }
    pump();
    return m_status;
}

std::optional<unsigned short> listening_port(BinaryProcess& process) {
    if (!process.wait_for_stderr("listening on http://", std::chrono::seconds(20)))
        return std::nullopt;
    process.pump(std::chrono::milliseconds(50));
    std::smatch match;
    static std::regex const pattern(R"(listening on http://[^:]+:(\d+))");
    auto const& text = process.stderr_text();
    if (!std::regex_search(text, match, pattern))
        return std::nullopt;
    return static_cast<unsigned short>(std::stoi(match[1].str()));
}

} // namespace sb::test
