// SPDX-License-Identifier: MIT
// One file format each for the zoning statistics (see stats_writers.hpp).
#pragma once

#include <filesystem>

#include "redline/analysis/stats_result.hpp"
#include "redline/report/report_tables.hpp"
#include "redline/report/share_chart.hpp"
#include "stats_tables_p.hpp"

namespace redline::report::detail {

void writeCsvTable(const Table& table, const std::filesystem::path& file);  // UTF-8 with BOM
void writeStatsJson(const analysis::StatsResult& stats, const std::filesystem::path& file);
void writeStatsXlsx(const analysis::StatsResult& stats, const std::filesystem::path& file);
void writeStatsGpkg(const analysis::StatsResult& stats, const std::filesystem::path& file);
// The share chart of one zone layer × class layer, and the same written as SVG or PNG.
ShareChart statsChart(const analysis::StatsResult& stats, std::size_t zoneLayer, std::size_t classLayer,
                      ReportLanguage language);
void writeStatsChart(const analysis::StatsResult& stats, std::size_t zoneLayer, std::size_t classLayer,
                     const std::filesystem::path& file, ReportLanguage language);

}  // namespace redline::report::detail
