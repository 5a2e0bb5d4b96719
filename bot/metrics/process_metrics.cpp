// SPDX-License-Identifier: Apache-2.0
// Build and process metrics from /proc/self.
#include "bot/metrics/process_metrics.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace sb {

void add_build_info(MetricsRegistry& metrics, std::string_view version, std::string_view git) {
    metrics
        .gauge("switchboard_build_info", "Always 1; the labels name the running build",
               {{"version", std::string(version)}, {"git", std::string(git)}})
        .set(1);
}

bool parse_proc_stat(std::string const& text, long ticks_per_second, long page_size,
                     ProcessStat& out) {
    // The command name (field 2) is in parentheses and may hold spaces or ')'; the fields
    // after the last ')' are plain numbers.
    auto const close = text.rfind(')');
    if (close == std::string::npos || ticks_per_second <= 0 || page_size <= 0)
        return false;
    std::istringstream rest(text.substr(close + 1));
    std::vector<std::string> fields; // fields[0] is field 3 (state)
    for (std::string field; rest >> field;)
        fields.push_back(field);
    // utime is field 14, stime 15, starttime 22, rss 24.
    if (fields.size() < 22)
        return false;
    try {
        auto const ticks = static_cast<double>(ticks_per_second);
        out.cpu_seconds = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
        out.start_seconds = std::stod(fields[19]) / ticks;
        out.resident_bytes = std::stod(fields[21]) * static_cast<double>(page_size);
    } catch (std::exception const&) {
        return false;
    }
    return true;
}

namespace {

std::string read_file(char const* path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The boot time from /proc/stat's btime line, so a start time since boot becomes Unix time.
std::optional<double> boot_time() {
    std::istringstream in(read_file("/proc/stat"));
    for (std::string line; std::getline(in, line);)
        if (line.rfind("btime ", 0) == 0) {
            try {
                return std::stod(line.substr(6));
            } catch (std::exception const&) {
                return std::nullopt;
            }
        }
    return std::nullopt;
}

// The soft limit of "Max open files" in /proc/self/limits.
std::optional<double> max_fds() {
    std::istringstream in(read_file("/proc/self/limits"));
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("Max open files", 0) != 0)
            continue;
        std::istringstream fields(line.substr(14));
        std::string soft;
        fields >> soft;
        if (soft == "unlimited")
            return std::nullopt;
        try {
            return std::stod(soft);
        } catch (std::exception const&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<double> open_fds() {
    std::error_code ec;
    double count = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
         it.increment(ec))
        ++count;
    if (ec)
        return std::nullopt;
    return count - 1; // the iterator's own descriptor
}

} // namespace

void add_process_metrics(MetricsRegistry& metrics) {
    // The boot time does not change, so it is read once.
    auto const boot = boot_time();
    metrics.add_collector([boot](MetricsRegistry& m) {
        ProcessStat stat;
        if (parse_proc_stat(read_file("/proc/self/stat"), ::sysconf(_SC_CLK_TCK),
                            ::sysconf(_SC_PAGESIZE), stat)) {
            m.counter("process_cpu_seconds_total", "User and system CPU time spent in seconds")
                .inc(stat.cpu_seconds);
            m.gauge("process_resident_memory_bytes", "Resident memory size in bytes")
                .set(stat.resident_bytes);
            if (boot)
                m.gauge("process_start_time_seconds",
                        "Start time of the process since the Unix epoch in seconds")
                    .set(*boot + stat.start_seconds);
        }
        if (auto open = open_fds())
            m.gauge("process_open_fds", "Number of open file descriptors").set(*open);
        if (auto max = max_fds())
            m.gauge("process_max_fds", "Maximum number of open file descriptors").set(*max);
    });
}

} // namespace sb
