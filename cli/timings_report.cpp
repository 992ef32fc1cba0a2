// SPDX-License-Identifier: MIT
#include "timings_report.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::cli {
namespace {

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; }

}  // namespace

void writeTimings(const std::string& path, const std::vector<std::pair<std::string, double>>& steps, int threads) {
    nlohmann::ordered_json out;
    out["threads"] = threads;
    double total = 0;
    nlohmann::ordered_json wall;
    for (const auto& [name, s] : steps) {
        wall[name] = s;
        total += s;
    }
    wall["total"] = total;
    out["wall_s"] = wall;
    nlohmann::ordered_json cpu;
    double phases = 0;
    for (int p = 0; p < static_cast<int>(timing::Phase::Count); ++p) {
        const auto phase = static_cast<timing::Phase>(p);
        if (phase == timing::Phase::Wait) continue;  // thread time, not CPU: reported apart
        const double s = timing::totals().seconds(phase);
        cpu[std::string(timing::phaseName(phase))] = s;
        phases += s;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double process = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    cpu["other"] = std::max(0.0, process - phases);
    cpu["process"] = process;
    out["cpu_s"] = cpu;
    out["write_wait_s"] = timing::totals().seconds(timing::Phase::Wait);
    out["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
    std::ofstream file(path);
    file << out.dump(2) << '\n';
    file.close();  // a full disk shows when the buffer is written, not before
    if (!file) throw OutputError(fmt::format("{}: cannot write the timings", path));
}

}  // namespace redline::cli
