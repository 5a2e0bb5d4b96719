// SPDX-License-Identifier: Apache-2.0
// Runs the real switchboard binary as a child process with pipes, for tests as a user runs it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sb::test {

class BinaryProcess {
public:
    static std::unique_ptr<BinaryProcess> start(std::vector<std::string> const& args,
                                                std::map<std::string, std::string> const& env = {});
    ~BinaryProcess();

    bool write_line(std::string const& line);
    void close_stdin();
    // Waits until stdout (or stderr) holds text, after `from` bytes; returns its offset.
    std::optional<std::size_t> wait_for_stdout(std::string const& text,
                                               std::chrono::milliseconds timeout,
                                               std::size_t from = 0);
    std::optional<std::size_t> wait_for_stderr(std::string const& text,
                                               std::chrono::milliseconds timeout,
                                               std::size_t from = 0);
    // Reads whatever is available now.
    void pump(std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
    std::string const& stdout_text() const { return m_out; }
    std::string const& stderr_text() const { return m_err; }

    void signal(int number);
    // Waits for the exit and returns the exit code (128 + signal when killed).
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    pid_t pid() const { return m_pid; }

private:
    BinaryProcess() = default;
    std::optional<std::size_t> wait_for(std::string const& which, std::string const& text,
                                        std::chrono::milliseconds timeout, std::size_t from);

    pid_t m_pid = -1;
    int m_in = -1;
    int m_out_fd = -1;
    int m_err_fd = -1;
    std::string m_out;
    std::string m_err;
    bool m_exited = false;
    int m_status = 0;
};

// The HTTP port the daemon printed in its "listening on" log line.
std::optional<unsigned short> listening_port(BinaryProcess& process);

} // namespace sb::test
