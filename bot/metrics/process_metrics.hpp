// SPDX-License-Identifier: Apache-2.0
// What the process is and what it holds: switchboard_build_info and the standard process_*
// series that Prometheus client libraries export, read from /proc/self.
#pragma once

#include "bot/metrics/metrics_registry.hpp"

#include <string>
#include <string_view>

namespace sb {

// switchboard_build_info{version,git} 1, so dashboards can tell which build answers.
void add_build_info(MetricsRegistry& metrics, std::string_view version, std::string_view git);

// process_start_time_seconds, process_cpu_seconds_total, process_resident_memory_bytes,
// process_open_fds and process_max_fds, read at each scrape. On a system without /proc the
// series are left out rather than reported as zero.
void add_process_metrics(MetricsRegistry& metrics);

// The parsed parts of /proc/self/stat that the metrics need; exposed for tests.
struct ProcessStat {
    double cpu_seconds = 0;    // utime + stime
    double start_seconds = 0;  // since boot
    double resident_bytes = 0; // rss pages times the page size
};
bool parse_proc_stat(std::string const& text, long ticks_per_second, long page_size,
                     ProcessStat& out);

} // namespace sb
