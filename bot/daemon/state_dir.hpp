// SPDX-License-Identifier: Apache-2.0
// The state directory holds tokens and links in clear: it is private, and one daemon owns it.
#pragma once

#include "base/result.hpp"

#include <filesystem>
#include <memory>

namespace sb {

// Creates the directory if needed and makes it 0700 and every file directly in it 0600, also
// when they already exist with wider modes (an older version, a copy, a hand-made directory).
Result<void> make_state_dir_private(std::filesystem::path const& dir);

// An exclusive lock on the state directory, held until destroyed (or the process ends): two
// daemons on one store would both deliver the outbox. The file holds the holder's PID.
class StateLock {
public:
    static constexpr char const* file_name = "switchboard.lock";

    // Fails, naming the holder's PID, while another process holds the lock.
    static Result<std::unique_ptr<StateLock>> acquire(std::filesystem::path const& dir);

    explicit StateLock(int fd) : m_fd(fd) {}
    ~StateLock();
    StateLock(StateLock const&) = delete;
    StateLock& operator=(StateLock const&) = delete;

private:
    int m_fd = -1;
};

} // namespace sb
