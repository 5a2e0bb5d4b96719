// SPDX-License-Identifier: Apache-2.0
// Private modes and the single-daemon lock of the state directory.
#include "bot/daemon/state_dir.hpp"

#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace sb {
namespace {

Result<void> set_mode(std::filesystem::path const& path, ::mode_t mode) {
    if (::chmod(path.c_str(), mode) != 0)
        return unexpected(ErrorCode::unavailable,
                          "cannot make " + path.string() + " private: " + std::strerror(errno));
    return {};
}

} // namespace

Result<void> make_state_dir_private(std::filesystem::path const& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return unexpected(ErrorCode::unavailable, "cannot create the state directory " +
                                                      dir.string() + ": " + ec.message());
    if (auto done = set_mode(dir, 0700); !done)
        return done;
    for (auto const& entry : std::filesystem::directory_iterator(dir, ec)) {
        // Symbolic links are left alone: chmod would change whatever they point to.
        if (!entry.is_symlink() && entry.is_regular_file())
            if (auto done = set_mode(entry.path(), 0600); !done)
                return done;
    }
    if (ec)
        return unexpected(ErrorCode::unavailable,
                          "cannot read the state directory " + dir.string() + ": " + ec.message());
    return {};
}

Result<std::unique_ptr<StateLock>> StateLock::acquire(std::filesystem::path const& dir) {
    auto const path = dir / file_name;
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return unexpected(ErrorCode::unavailable,
                          "cannot open " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int const error = errno;
        char buffer[32] = {};
        auto const size = ::pread(fd, buffer, sizeof buffer - 1, 0);
        ::close(fd);
        if (error != EWOULDBLOCK)
            return unexpected(ErrorCode::unavailable,
                              "cannot lock " + path.string() + ": " + std::strerror(error));
        std::string holder(buffer, size > 0 ? static_cast<std::size_t>(size) : 0);
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' '))
            holder.pop_back();
        return unexpected(ErrorCode::conflict,
                          "another switchboard (PID " + (holder.empty() ? "unknown" : holder) +
                              ") is running on the state directory " + dir.string() +
                              "; stop it first, or give this one its own --state-dir");
    }
    auto const pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<::ssize_t>(pid.size())) {
        int const error = errno;
        ::close(fd);
        return unexpected(ErrorCode::unavailable,
                          "cannot write " + path.string() + ": " + std::strerror(error));
    }
    return std::make_unique<StateLock>(fd);
}

StateLock::~StateLock() {
    // Closing releases the lock; the file stays, so a later daemon never races on its creation.
    if (m_fd >= 0)
        ::close(m_fd);
}

} // namespace sb
