// SPDX-License-Identifier: Apache-2.0
// A private folder of its own for a test, removed with everything in it when the test ends:
// ctest runs the tests of one fixture side by side, so none may share a fixed path.
#pragma once

#include <cstdlib> // mkdtemp (POSIX)
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace sb::test {

class TempDir {
public:
    // Made under the system's temporary directory as "<prefix>-XXXXXX", mode 0700.
    explicit TempDir(std::string const& prefix = "switchboard") {
        auto pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("cannot make a temporary folder " + pattern);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;

    std::filesystem::path const& path() const { return m_path; }
    std::filesystem::path operator/(std::filesystem::path const& name) const {
        return m_path / name;
    }

private:
    std::filesystem::path m_path;
};

} // namespace sb::test
