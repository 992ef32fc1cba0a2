// SPDX-License-Identifier: MIT
// Writes zoning statistics (docs/stats.md) to files chosen by extension: .csv (long layout, or
// the cross table), .json, .xlsx, .gpkg (zone layers with the statistics as attributes) and
// charts (.svg, .png); a path without one of those extensions is a directory that gets them all.
// All or nothing: files are staged and moved into place only when every one is complete.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "redline/analysis/stats_result.hpp"
#include "redline/report/report_tables.hpp"

namespace redline::report {

struct StatsOutputOptions {
    bool crossTableCsv = false;                         // a .csv target gets the cross table instead of the long layout
    ReportLanguage language = ReportLanguage::English;  // of the charts' titles and notes
};

// Throws the OutputError writeStatsOutputs() would meet at the end for a folder that cannot be
// made or written into; before the statistics are computed. Leaves nothing behind.
void probeStatsOutputs(const std::vector<std::filesystem::path>& targets);

// Throws OutputError naming the file; returns the files written.
std::vector<std::filesystem::path> writeStatsOutputs(const analysis::StatsResult& stats,
                                                     const std::vector<std::filesystem::path>& targets,
                                                     const StatsOutputOptions& options = {});

}  // namespace redline::report
