// SPDX-License-Identifier: MIT
// `--timings FILE`: where a run's time went, as JSON (wall time of the steps, CPU seconds per
// phase summed over threads, the process's total CPU time).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace redline::cli {

// `steps`: name and wall seconds, in order.
void writeTimings(const std::string& path, const std::vector<std::pair<std::string, double>>& steps, int threads);

}  // namespace redline::cli
